import type { GenContext } from '../../../src/core/context.ts';
import type { TableSpec } from '../../../src/core/dataset.ts';
import { intIn } from '../../../src/core/random.ts';
import { col, defineTable } from '../../../src/core/table.ts';
import { clientId, engagementId, HOUR, idOf, MINUTE, tenantPolicy } from '../model.ts';
import { FLOWS, PHASES } from '../scenarios.ts';
import { clientCol, perClient, sameTenant } from '../tenant.ts';
import { flowId, flowStart } from './discovery-flow.ts';

export const AGENTS: Record<string, string> = {
  data_import: 'Data Import Validation Agent',
  field_mapping: 'Attribute Mapping Agent',
  data_cleansing: 'Data Cleansing Agent',
  asset_inventory: 'Asset Inventory Agent',
  dependency_analysis: 'Dependency Analysis Agent',
  tech_debt_assessment: 'Tech Debt Analysis Agent',
};

export const agentExecution = defineTable({
  name: 'agent_execution',
  role: 'fact',
  tenantColumn: 'client_account_id',
  columns: [
    col.uuid('id').primaryKey(),
    clientCol(),
    col.uuid('engagement_id'),
    col.uuid('discovery_flow_id'),
    col.text('agent_name'),
    col.text('crew'),
    col.text('phase'),
    col.text('status'),
    col.timestamptz('started_at'),
    col.timestamptz('finished_at').nullable(),
    col.integer('duration_ms').nullable(),
    col.integer('tokens_used'),
    col.integer('records_processed'),
    col.jsonb('output'),
    col.text('error_message').nullable(),
  ],
  unique: [['client_account_id', 'id']],
  foreignKeys: [sameTenant('engagement_id', 'engagement'), sameTenant('discovery_flow_id', 'discovery_flow')],
  defaults: { status: "'running'", tokens_used: '0', records_processed: '0', output: "'{}'::jsonb" },
  checks: { status_valid: "status IN ('running', 'completed', 'waiting_for_approval', 'failed')" },
  policies: tenantPolicy,
});

/** One execution per phase a flow ran: its done phases, plus the one waiting (in progress) or failed. */
export const EXECUTIONS = FLOWS.flatMap((f, fi) => Array.from({ length: f.phasesDone + (f.status === 'completed' ? 0 : 1) }, (_x, p) => [fi, p] as const));
export const executionStatus = (f: number, p: number) =>
  p < FLOWS[f].phasesDone ? 'completed' : FLOWS[f].status === 'failed' ? 'failed' : 'waiting_for_approval';
export const executionId = (ctx: GenContext, c: number, e: number) => idOf(ctx, 'agent_execution', 0x11, c, e);
export const executionStart = (f: number, p: number) => flowStart(f) + p * 6 * HOUR + 30 * MINUTE;

/** Agent execution history with its performance metrics (duration, tokens, records). */
export function agentExecutionTable(ctx: GenContext, clients: number): TableSpec {
  const s = (column: string, c: number, e: number) => ctx.stream('agent_execution', column).at2(c, e);
  return agentExecution.spec(
    perClient(
      clients,
      EXECUTIONS.length,
      agentExecution.named((c, e) => {
        const [f, p] = EXECUTIONS[e];
        const phase = PHASES[p];
        const status = executionStatus(f, p);
        const duration = intIn(s('duration', c, e), 20_000, 900_000);
        return {
          id: executionId(ctx, c, e),
          client_account_id: clientId(ctx, c),
          engagement_id: engagementId(ctx, c),
          discovery_flow_id: flowId(ctx, c, f),
          agent_name: AGENTS[phase],
          crew: `${phase}_crew`,
          phase,
          status,
          started_at: executionStart(f, p),
          finished_at: status === 'waiting_for_approval' ? null : executionStart(f, p) + duration,
          duration_ms: status === 'waiting_for_approval' ? null : duration,
          tokens_used: intIn(s('tokens', c, e), 2_000, 60_000),
          records_processed: intIn(s('records', c, e), 50, 500),
          output:
            status === 'completed'
              ? { result: 'success', confidence: intIn(s('confidence', c, e), 70, 98) / 100 }
              : { result: status === 'failed' ? 'validation_failed' : 'awaiting_user_approval', confidence: null },
          error_message: status === 'failed' ? 'Validation failed on 40 records; see import_validation_error' : null,
        };
      }),
    ),
  );
}
