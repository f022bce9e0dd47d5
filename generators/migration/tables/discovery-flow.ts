import type { GenContext } from '../../../src/core/context.ts';
import type { JsonValue, TableSpec } from '../../../src/core/dataset.ts';
import { col, defineTable } from '../../../src/core/table.ts';
import { clientId, DAY, engagementId, HOUR, idOf, REFERENCE_TIME, tenantPolicy } from '../model.ts';
import { FLOWS, IMPORTS, PHASES } from '../scenarios.ts';
import { clientCol, perClient, sameTenant } from '../tenant.ts';
import { userId } from './app-user.ts';

export const FLOW_STATUSES = ['completed', 'in_progress', 'failed'] as const;

export const discoveryFlow = defineTable({
  name: 'discovery_flow',
  role: 'dimension',
  tenantColumn: 'client_account_id',
  columns: [
    col.uuid('id').primaryKey(),
    clientCol(),
    col.uuid('engagement_id'),
    col.text('flow_name'),
    col.text('flow_type'),
    col.text('status'),
    col.text('current_phase'),
    col.numeric('progress_percentage', 5, 2),
    col.jsonb('crewai_state'),
    col.jsonb('crew_outputs'),
    col.text('scenario'),
    col.uuid('created_by'),
    col.timestamptz('started_at'),
    col.timestamptz('completed_at').nullable(),
    col.text('error_message').nullable(),
  ],
  unique: [['client_account_id', 'id']],
  foreignKeys: [sameTenant('engagement_id', 'engagement'), sameTenant('created_by', 'app_user')],
  defaults: {
    flow_type: "'discovery'",
    status: "'in_progress'",
    progress_percentage: '0',
    crewai_state: "'{}'::jsonb",
    crew_outputs: "'{}'::jsonb",
    started_at: 'now()',
  },
  checks: { status_valid: `status IN (${FLOW_STATUSES.map((s) => `'${s}'`).join(', ')})`, progress_range: 'progress_percentage BETWEEN 0 AND 100' },
  policies: tenantPolicy,
});

export const flowId = (ctx: GenContext, c: number, f: number) => idOf(ctx, 'discovery_flow', 0x04, c, f);
export const flowStart = (f: number) => REFERENCE_TIME - FLOWS[f].startedDaysAgo * DAY;

/** The flow's CrewAI-style state: phases done, the current one, what waits on whom. */
function state(f: number): { [key: string]: JsonValue } {
  const spec = FLOWS[f];
  const phases = Object.fromEntries(
    PHASES.map((p, k) => [
      p,
      k < spec.phasesDone
        ? 'completed'
        : spec.status === 'failed' && k === 0
          ? 'failed'
          : spec.status === 'in_progress' && k === spec.phasesDone
            ? 'awaiting_approval'
            : 'not_started',
    ]),
  );
  const imports = IMPORTS.map((imp, k) => (imp.flow === f ? k : -1)).filter((k) => k >= 0);
  const base: { [key: string]: JsonValue } = { phases, import_count: imports.length, data_sources: imports.map((k) => IMPORTS[k].format) };
  if (spec.scenario === 'complete_discovery_journey') return { ...base, assets_analyzed: 100, ready_for_planning: true };
  if (spec.scenario === 'complex_enterprise_environment')
    return { ...base, cross_dependencies_mapped: true, tech_debt_identified: true, wave_planning: 'in_progress' };
  if (spec.scenario === 'in_progress_analysis')
    return { ...base, awaiting_approval: { step: 'field_mapping', approver_role: 'Program Manager', pending_mappings: IMPORTS[3].fields.length - 3 } };
  if (spec.scenario === 'failed_import_recovery')
    return {
      ...base,
      validation: { invalid_records: IMPORTS[4].records / 4 },
      recovery_options: ['fix_and_reupload', 'skip_invalid_records', 'manual_field_mapping'],
    };
  return { ...base, next_step: 'dependency_analysis' };
}

export function discoveryFlowTable(ctx: GenContext, clients: number): TableSpec {
  return discoveryFlow.spec(
    perClient(
      clients,
      FLOWS.length,
      discoveryFlow.named((c, f) => {
        const spec = FLOWS[f];
        const current = PHASES[Math.min(spec.phasesDone, PHASES.length - 1)];
        return {
          id: flowId(ctx, c, f),
          client_account_id: clientId(ctx, c),
          engagement_id: engagementId(ctx, c),
          flow_name: spec.name,
          flow_type: 'discovery',
          status: spec.status,
          current_phase: spec.status === 'completed' ? PHASES[spec.phasesDone - 1] : current,
          progress_percentage: spec.status === 'completed' ? 100 : Math.round((10000 * spec.phasesDone) / PHASES.length) / 100,
          crewai_state: state(f),
          crew_outputs:
            spec.status === 'completed'
              ? { summary: `${spec.phasesDone} phases completed`, crews: PHASES.slice(0, spec.phasesDone).map((p) => `${p}_crew`) }
              : ({} as JsonValue),
          scenario: spec.scenario,
          created_by: userId(ctx, c, 0),
          started_at: flowStart(f),
          completed_at: spec.status === 'completed' ? flowStart(f) + (spec.phasesDone * 6 + 2) * HOUR : null,
          error_message:
            spec.status === 'failed'
              ? `Import validation failed: ${IMPORTS[4].records / 4} of ${IMPORTS[4].records} records invalid (see import_validation_error)`
              : null,
        };
      }),
    ),
  );
}
