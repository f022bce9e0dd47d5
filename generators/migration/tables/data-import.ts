import type { GenContext } from '../../../src/core/context.ts';
import type { TableSpec } from '../../../src/core/dataset.ts';
import { intIn } from '../../../src/core/random.ts';
import { col, defineTable } from '../../../src/core/table.ts';
import { clientId, engagementId, HOUR, idOf, tenantPolicy } from '../model.ts';
import { IMPORTS, INVALID_EVERY } from '../scenarios.ts';
import { clientCol, perClient, sameTenant } from '../tenant.ts';
import { userId } from './app-user.ts';
import { flowId, flowStart } from './discovery-flow.ts';

export const dataImport = defineTable({
  name: 'data_import',
  role: 'dimension',
  tenantColumn: 'client_account_id',
  columns: [
    col.uuid('id').primaryKey(),
    clientCol(),
    col.uuid('engagement_id'),
    col.uuid('discovery_flow_id'),
    col.text('import_name'),
    col.text('import_type'),
    col.text('source_format'),
    col.text('filename'),
    col.bigint('file_size_bytes'),
    col.text('status'),
    col.integer('total_records'),
    col.integer('processed_records'),
    col.integer('failed_records'),
    col.uuid('imported_by'),
    col.timestamptz('created_at'),
    col.timestamptz('completed_at').nullable(),
  ],
  unique: [['client_account_id', 'id']],
  foreignKeys: [sameTenant('engagement_id', 'engagement'), sameTenant('discovery_flow_id', 'discovery_flow'), sameTenant('imported_by', 'app_user')],
  defaults: { status: "'pending'", processed_records: '0', failed_records: '0', created_at: 'now()' },
  checks: {
    format_valid: "source_format IN ('csv', 'json', 'xlsx')",
    status_valid: "status IN ('pending', 'processing', 'pending_approval', 'completed', 'failed')",
  },
  policies: tenantPolicy,
});

export const importId = (ctx: GenContext, c: number, k: number) => idOf(ctx, 'data_import', 0x05, c, k);
export const importTime = (k: number) => flowStart(IMPORTS[k].flow) + (k === 2 ? 3 : 1) * HOUR;

export function dataImportTable(ctx: GenContext, clients: number): TableSpec {
  const size = ctx.stream('data_import', 'file_size_bytes');
  return dataImport.spec(
    perClient(
      clients,
      IMPORTS.length,
      dataImport.named((c, k) => {
        const imp = IMPORTS[k];
        const failed = imp.status === 'failed' ? imp.records / INVALID_EVERY : 0;
        return {
          id: importId(ctx, c, k),
          client_account_id: clientId(ctx, c),
          engagement_id: engagementId(ctx, c),
          discovery_flow_id: flowId(ctx, c, imp.flow),
          import_name: imp.name,
          import_type: imp.type,
          source_format: imp.format,
          filename: imp.filename,
          file_size_bytes: imp.records * intIn(size.at2(c, k), 300, 900),
          status: imp.status,
          total_records: imp.records,
          processed_records: imp.status === 'completed' ? imp.records : imp.status === 'pending_approval' ? 0 : imp.records - failed,
          failed_records: failed,
          imported_by: userId(ctx, c, 1),
          created_at: importTime(k),
          completed_at: imp.status === 'completed' ? importTime(k) + 2 * HOUR : null,
        };
      }),
    ),
  );
}
