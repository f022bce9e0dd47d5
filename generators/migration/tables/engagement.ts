import type { GenContext } from '../../../src/core/context.ts';
import type { TableSpec } from '../../../src/core/dataset.ts';
import { countedRows } from '../../../src/core/rows.ts';
import { col, defineTable } from '../../../src/core/table.ts';
import { clientId, DAY, engagementId, REFERENCE_TIME, tenantPolicy } from '../model.ts';
import { clientCol } from '../tenant.ts';

export const engagement = defineTable({
  name: 'engagement',
  role: 'dimension',
  tenantColumn: 'client_account_id',
  columns: [
    col.uuid('id').primaryKey(),
    clientCol(),
    col.text('name'),
    col.text('engagement_type'),
    col.text('status'),
    col.date('start_date'),
    col.date('end_date'),
    col.smallint('duration_months'),
    col.text('target_cloud'),
    col.jsonb('migration_scope'),
    col.timestamptz('created_at'),
  ],
  unique: [['client_account_id', 'id']],
  defaults: { status: "'active'", migration_scope: "'{}'::jsonb", created_at: 'now()' },
  checks: { end_after_start: 'end_date > start_date' },
  policies: tenantPolicy,
});

/** One engagement per client account: the demo one is the document's 18-month "Cloud Migration Initiative 2024". */
export function engagementTable(ctx: GenContext, clients: number): TableSpec {
  return engagement.spec(
    countedRows(
      clients,
      engagement.named((c) => ({
        id: engagementId(ctx, c),
        client_account_id: clientId(ctx, c),
        name: c === 0 ? 'Cloud Migration Initiative 2024' : `Data centre exit (tenant ${c})`,
        engagement_type: c === 0 ? 'Full cloud transformation' : 'Data centre exit',
        status: 'active',
        start_date: '2024-01-15',
        end_date: '2025-07-15',
        duration_months: 18,
        target_cloud: 'AWS',
        migration_scope: {
          assets_in_scope: 500,
          data_centres: ['DC-East', 'DC-West'],
          business_units: ['Finance', 'Sales', 'Operations', 'HR', 'Engineering'],
        },
        created_at: REFERENCE_TIME - 150 * DAY,
      })),
    ),
  );
}
