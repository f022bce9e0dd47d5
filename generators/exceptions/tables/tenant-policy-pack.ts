import type { TableSpec } from '../../../src/core/dataset.ts';
import { fixedRows } from '../../../src/core/rows.ts';
import { col, defineTable } from '../../../src/core/table.ts';
import type { ExceptionsModel } from '../model.ts';
import { TENANTS } from '../tenants.ts';
import { domainPack } from './domain-pack.ts';
import { tenant } from './tenant.ts';

/** Each tenant's policy pack (cleared and reloaded by a tenant reset). */
export const tenantPolicyPack = defineTable({
  name: 'tenant_policy_pack',
  role: 'dimension',
  tenantColumn: 'tenant_id',
  columns: [
    col.text('tenant_id').primaryKey().references(tenant),
    col.text('domain_name').references(domainPack),
    col.text('version'),
    col.text('source'),
    col.jsonb('pack'),
    col.timestamptz('loaded_at'),
  ],
  checks: { policy_source_valid: "source IN ('file', 'fallback')" },
});

export function tenantPolicyPackTable(model: ExceptionsModel): TableSpec {
  const rows = TENANTS.flatMap((t, i) => {
    const p = model.packs[i];
    return p
      ? [
          tenantPolicyPack.row({
            tenant_id: t.id,
            domain_name: t.domain,
            version: p.tenant.version,
            source: p.tenantSource,
            pack: p.tenant,
            loaded_at: model.ref - 30 * 86_400_000,
          }),
        ]
      : [];
  });
  return tenantPolicyPack.spec(fixedRows(rows));
}
