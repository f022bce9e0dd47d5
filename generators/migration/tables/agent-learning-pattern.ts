import type { GenContext } from '../../../src/core/context.ts';
import type { TableSpec } from '../../../src/core/dataset.ts';
import { floatIn, intIn } from '../../../src/core/random.ts';
import { col, defineTable } from '../../../src/core/table.ts';
import { clientId, DAY, engagementId, idOf, REFERENCE_TIME, tenantPolicy } from '../model.ts';
import { IMPORTS } from '../scenarios.ts';
import { clientCol, perClient, sameTenant } from '../tenant.ts';
import { importId } from './data-import.ts';

export const agentLearningPattern = defineTable({
  name: 'agent_learning_pattern',
  role: 'dimension',
  tenantColumn: 'client_account_id',
  columns: [
    col.uuid('id').primaryKey(),
    clientCol(),
    col.uuid('engagement_id'),
    col.uuid('learned_from_import_id'),
    col.text('pattern_type'),
    col.text('source_pattern'),
    col.text('target_attribute'),
    col.numeric('confidence', 4, 3),
    col.integer('times_applied'),
    col.timestamptz('last_applied_at'),
  ],
  unique: [['engagement_id', 'pattern_type', 'source_pattern']],
  foreignKeys: [sameTenant('engagement_id', 'engagement'), sameTenant('learned_from_import_id', 'data_import')],
  defaults: { times_applied: '0' },
  policies: tenantPolicy,
});

/** What the mapping agent learned: one pattern per approved field mapping of the completed imports. */
const LEARNED = IMPORTS.flatMap((imp, k) => (imp.status === 'completed' ? imp.fields.map(([source, target]) => [k, source, target] as const) : []));

export function agentLearningPatternTable(ctx: GenContext, clients: number): TableSpec {
  const s = (column: string, c: number, i: number) => ctx.stream('agent_learning_pattern', column).at2(c, i);
  return agentLearningPattern.spec(
    perClient(
      clients,
      LEARNED.length,
      agentLearningPattern.named((c, i) => {
        const [k, source, target] = LEARNED[i];
        return {
          id: idOf(ctx, 'agent_learning_pattern', 0x13, c, i),
          client_account_id: clientId(ctx, c),
          engagement_id: engagementId(ctx, c),
          learned_from_import_id: importId(ctx, c, k),
          pattern_type: 'field_mapping',
          source_pattern: `${IMPORTS[k].format}:${source}`,
          target_attribute: target,
          confidence: floatIn(s('confidence', c, i), 0.75, 0.99).toFixed(3),
          times_applied: intIn(s('times', c, i), 1, 40),
          last_applied_at: REFERENCE_TIME - intIn(s('last', c, i), 1, 30) * DAY,
        };
      }),
    ),
  );
}
