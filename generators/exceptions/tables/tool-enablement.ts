import type { TableSpec } from '../../../src/core/dataset.ts';
import { fixedRows } from '../../../src/core/rows.ts';
import { col, defineTable } from '../../../src/core/table.ts';
import type { ExceptionsModel } from '../model.ts';
import { TENANTS } from '../tenants.ts';
import { tenant } from './tenant.ts';
import { tool } from './tool.ts';

/** Explicit enablement of every tenant-scoped tool (the document: all enabled by default). */
export const toolEnablement = defineTable({
  name: 'tool_enablement',
  role: 'dimension',
  tenantColumn: 'tenant_id',
  columns: [
    col.text('tenant_id').references(tenant),
    col.integer('tool_id').references(tool),
    col.boolean('enabled'),
    col.text('enabled_by'),
    col.timestamptz('created_at'),
  ],
  primaryKey: ['tenant_id', 'tool_id'],
});

export function toolEnablementTable(model: ExceptionsModel): TableSpec {
  const rows = TENANTS.flatMap((t, i) =>
    (model.tools[i] ?? []).map((x) =>
      toolEnablement.row({ tenant_id: t.id, tool_id: x.id, enabled: true, enabled_by: 'demo-seeder', created_at: model.ref - 60 * 86_400_000 }),
    ),
  );
  return toolEnablement.spec(fixedRows(rows));
}
