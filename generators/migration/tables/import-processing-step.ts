import type { GenContext } from '../../../src/core/context.ts';
import type { TableSpec } from '../../../src/core/dataset.ts';
import { col, defineTable } from '../../../src/core/table.ts';
import { clientId, idOf, MINUTE, tenantPolicy } from '../model.ts';
import { IMPORTS, importSteps, INVALID_EVERY, PROCESSING_STEPS } from '../scenarios.ts';
import { clientCol, perClient, sameTenant } from '../tenant.ts';
import { importId, importTime } from './data-import.ts';

export const importProcessingStep = defineTable({
  name: 'import_processing_step',
  role: 'fact',
  tenantColumn: 'client_account_id',
  columns: [
    col.uuid('id').primaryKey(),
    clientCol(),
    col.uuid('data_import_id'),
    col.smallint('step_index'),
    col.text('step'),
    col.text('status'),
    col.timestamptz('started_at'),
    col.timestamptz('finished_at').nullable(),
    col.integer('records_processed'),
    col.text('message').nullable(),
  ],
  unique: [['data_import_id', 'step_index']],
  foreignKeys: [sameTenant('data_import_id', 'data_import')],
  defaults: { status: "'pending'", records_processed: '0' },
  checks: { status_valid: "status IN ('pending', 'completed', 'awaiting_approval', 'failed')" },
  policies: tenantPolicy,
});

/** The steps of every import, flattened: (import, step). */
const STEPS = IMPORTS.flatMap((_imp, k) => Array.from({ length: importSteps(k).done }, (_x, s) => [k, s] as const));

/** Processing history: each import's steps up to where it stands (done, waiting for approval, failed). */
export function importProcessingStepTable(ctx: GenContext, clients: number): TableSpec {
  return importProcessingStep.spec(
    perClient(
      clients,
      STEPS.length,
      importProcessingStep.named((c, i) => {
        const [k, s] = STEPS[i];
        const { done, last } = importSteps(k);
        const status = s < done - 1 ? 'completed' : last;
        const start = importTime(k) + s * 15 * MINUTE;
        const imp = IMPORTS[k];
        return {
          id: idOf(ctx, 'import_processing_step', 0x09, c, i),
          client_account_id: clientId(ctx, c),
          data_import_id: importId(ctx, c, k),
          step_index: s + 1,
          step: PROCESSING_STEPS[s],
          status,
          started_at: start,
          finished_at: status === 'awaiting_approval' ? null : start + 12 * MINUTE,
          records_processed: status === 'failed' ? imp.records - imp.records / INVALID_EVERY : status === 'awaiting_approval' ? 0 : imp.records,
          message:
            status === 'failed'
              ? `${imp.records / INVALID_EVERY} records failed validation`
              : status === 'awaiting_approval'
                ? 'Field mappings awaiting approval'
                : null,
        };
      }),
    ),
  );
}
