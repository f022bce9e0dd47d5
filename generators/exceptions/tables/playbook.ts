import type { TableSpec } from '../../../src/core/dataset.ts';
import { fixedRows } from '../../../src/core/rows.ts';
import { col, defineTable } from '../../../src/core/table.ts';
import type { ExceptionsModel } from '../model.ts';
import { SEVERITY_MIX } from '../model.ts';
import { TENANTS } from '../tenants.ts';
import { tenant } from './tenant.ts';

/** Six playbooks per tenant, each matching one exception type of the domain pack. */
export const playbook = defineTable({
  name: 'playbook',
  role: 'dimension',
  tenantColumn: 'tenant_id',
  columns: [
    col.integer('playbook_id').primaryKey(),
    col.text('tenant_id').references(tenant),
    col.text('name'),
    col.integer('version'),
    col.jsonb('conditions'),
    col.boolean('is_active'),
    col.timestamptz('created_at'),
  ],
  // (tenant_id, playbook_id) is what exceptions reference: a playbook of another tenant cannot be linked.
  unique: [
    ['tenant_id', 'name'],
    ['tenant_id', 'playbook_id'],
  ],
});

export function playbookTable(model: ExceptionsModel): TableSpec {
  const rows = TENANTS.flatMap((t, i) =>
    (model.playbooks[i] ?? []).map((p, k) =>
      playbook.row({
        playbook_id: p.id,
        tenant_id: t.id,
        name: p.name,
        version: 1,
        // The document's matching conditions: domain, exception type, severity and policy tags.
        conditions: {
          domain: t.domain,
          exceptionType: p.exceptionType,
          severityIn: SEVERITY_MIX.map(([s]) => s).slice(k % 2, 4),
          policyTags: [t.code.toLowerCase(), k % 3 === 0 ? 'auto-remediation' : 'human-in-the-loop'],
        },
        is_active: true,
        created_at: model.ref - 45 * 86_400_000,
      }),
    ),
  );
  return playbook.spec(fixedRows(rows));
}
