import type { GenContext } from '../../../src/core/context.ts';
import type { TableSpec } from '../../../src/core/dataset.ts';
import { chance, floatIn, intIn } from '../../../src/core/random.ts';
import { expandRows } from '../../../src/core/rows.ts';
import { col, defineTable } from '../../../src/core/table.ts';
import { ASSETS_PER_ENGAGEMENT, clientId, HOUR, idOf, tenantPolicy } from '../model.ts';
import { PHASES } from '../scenarios.ts';
import { clientCol, sameTenant } from '../tenant.ts';
import { AGENTS, EXECUTIONS, executionId, executionStart, executionStatus } from './agent-execution.ts';
import { assetId } from './asset.ts';

export const agentInsight = defineTable({
  name: 'agent_insight',
  role: 'fact',
  tenantColumn: 'client_account_id',
  columns: [
    col.uuid('id').primaryKey(),
    clientCol(),
    col.uuid('agent_execution_id'),
    col.uuid('related_asset_id').nullable(),
    col.text('insight_type'),
    col.text('title'),
    col.text('recommendation'),
    col.numeric('confidence', 4, 3),
    col.text('status'),
    col.timestamptz('created_at'),
  ],
  foreignKeys: [sameTenant('agent_execution_id', 'agent_execution'), sameTenant('related_asset_id', 'asset')],
  defaults: { status: "'new'", created_at: 'now()' },
  checks: { type_valid: "insight_type IN ('recommendation', 'risk', 'pattern', 'data_quality')" },
  policies: tenantPolicy,
});

const BY_PHASE: Record<string, [string, string, string]> = {
  data_import: ['data_quality', 'Inconsistent hostnames across sources', 'Normalise hostnames to lower-case FQDNs before matching'],
  field_mapping: ['pattern', 'Recurring CMDB column names recognised', 'Auto-approve mappings above 0.9 confidence for this source'],
  data_cleansing: ['data_quality', 'Duplicate configuration items merged', 'Review merged records owned by two teams'],
  asset_inventory: ['recommendation', 'Unowned assets found', 'Assign business owners before wave planning'],
  dependency_analysis: ['risk', 'Shared database used by many applications', 'Move the shared database in an early wave with its consumers'],
  tech_debt_assessment: ['risk', 'End-of-support frameworks in production', 'Prefer replatform or refactor for these applications'],
};

/** Insights and recommendations: 1-3 per agent execution (the failed one: its recovery advice). */
export function agentInsightTable(ctx: GenContext, clients: number): TableSpec {
  const count = ctx.stream('agent_insight', 'count');
  const s = (column: string, g: number, k: number) => ctx.stream('agent_insight', column).at2(g, k);
  const per = EXECUTIONS.length;
  return agentInsight.spec(
    expandRows(
      clients * per,
      (g) => (executionStatus(...EXECUTIONS[g % per]) === 'failed' ? 1 : intIn(count.at(g), 1, 3)),
      agentInsight.named((g, k) => {
        const c = Math.floor(g / per);
        const e = g % per;
        const [f, p] = EXECUTIONS[e];
        const failed = executionStatus(f, p) === 'failed';
        const [type, title, recommendation] = failed
          ? (['data_quality', 'Import rejected: invalid records', 'Fix the listed rows and re-upload, or skip invalid records'] as const)
          : BY_PHASE[PHASES[p]];
        return {
          id: idOf(ctx, 'agent_insight', 0x12, c, e * 4 + k),
          client_account_id: clientId(ctx, c),
          agent_execution_id: executionId(ctx, c, e),
          related_asset_id: !failed && chance(s('asset', g, k), 0.5) ? assetId(ctx, c, intIn(s('which', g, k), 0, ASSETS_PER_ENGAGEMENT - 1)) : null,
          insight_type: type,
          title: k === 0 ? title : `${title} (${AGENTS[PHASES[p]]}, finding ${k + 1})`,
          recommendation,
          confidence: floatIn(s('confidence', g, k), 0.6, 0.98).toFixed(3),
          status: failed ? 'new' : ['new', 'acknowledged', 'applied'][intIn(s('status', g, k), 0, 2)],
          created_at: executionStart(f, p) + HOUR,
        };
      }),
    ),
  );
}
