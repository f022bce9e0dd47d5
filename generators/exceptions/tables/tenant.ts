import type { TableSpec } from '../../../src/core/dataset.ts';
import { fixedRows } from '../../../src/core/rows.ts';
import { col, defineTable } from '../../../src/core/table.ts';
import type { ExceptionsModel } from '../model.ts';
import { TENANTS } from '../tenants.ts';
import { domainPack } from './domain-pack.ts';

/** The demo tenants: fixed identities (kept by a tenant reset, as the document says). */
export const tenant = defineTable({
  name: 'tenant',
  role: 'dimension',
  columns: [
    col.text('tenant_id').primaryKey(),
    col.text('name').unique(),
    col.text('domain').references(domainPack),
    col.text('status'),
    col.jsonb('metadata'),
    col.timestamptz('created_at'),
  ],
  checks: { status_valid: "status IN ('ACTIVE', 'SUSPENDED')" },
});

export function tenantTable(model: ExceptionsModel): TableSpec {
  const rows = TENANTS.filter((_, i) => model.selected[i]).map((t) =>
    tenant.row({
      tenant_id: t.id,
      name: t.name,
      domain: t.domain,
      status: 'ACTIVE',
      metadata: { demo: true, code: t.code, seededBy: 'fixture-forge' },
      created_at: model.ref - 90 * 86_400_000,
    }),
  );
  return tenant.spec(fixedRows(rows));
}
