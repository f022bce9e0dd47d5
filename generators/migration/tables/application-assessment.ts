import type { GenContext } from '../../../src/core/context.ts';
import type { TableSpec } from '../../../src/core/dataset.ts';
import { floatIn, intIn } from '../../../src/core/random.ts';
import { col, defineTable } from '../../../src/core/table.ts';
import { CATEGORY_COUNTS, clientId, DAY, idOf, tenantPolicy, type Layout } from '../model.ts';
import { clientCol, perClient, sameTenant } from '../tenant.ts';
import { assetId } from './asset.ts';
import { flowId, flowStart } from './discovery-flow.ts';

export const applicationAssessment = defineTable({
  name: 'application_assessment',
  role: 'fact',
  tenantColumn: 'client_account_id',
  columns: [
    col.uuid('id').primaryKey(),
    clientCol(),
    col.uuid('asset_id').unique(),
    col.uuid('discovery_flow_id'),
    col.smallint('complexity_score'),
    col.smallint('cloud_readiness_score'),
    col.smallint('technical_debt_score'),
    col.smallint('security_score'),
    col.jsonb('performance_metrics'),
    col.text('summary'),
    col.text('assessed_by'),
    col.timestamptz('assessed_at'),
  ],
  foreignKeys: [sameTenant('asset_id', 'asset'), sameTenant('discovery_flow_id', 'discovery_flow')],
  checks: {
    scores_range:
      'complexity_score BETWEEN 1 AND 10 AND cloud_readiness_score BETWEEN 0 AND 100 AND technical_debt_score BETWEEN 0 AND 100 AND security_score BETWEEN 0 AND 100',
  },
  defaults: { assessed_at: 'now()', performance_metrics: "'{}'::jsonb" },
  policies: tenantPolicy,
});

/** One assessment per application: readiness, technical debt, security and performance metrics. */
export function applicationAssessmentTable(ctx: GenContext, clients: number, layout: Layout): TableSpec {
  const s = (column: string, c: number, i: number) => ctx.stream('application_assessment', column).at2(c, i);
  return applicationAssessment.spec(
    perClient(
      clients,
      CATEGORY_COUNTS[0],
      applicationAssessment.named((c, i) => {
        const debt = intIn(s('debt', c, i), 5, 95);
        const readiness = Math.max(0, Math.min(100, 100 - debt + intIn(s('readiness', c, i), -15, 15)));
        return {
          id: idOf(ctx, 'application_assessment', 0x0e, c, i),
          client_account_id: clientId(ctx, c),
          asset_id: assetId(ctx, c, i),
          discovery_flow_id: flowId(ctx, c, layout.slots[i].flow),
          complexity_score: intIn(s('complexity', c, i), 1, 10),
          cloud_readiness_score: readiness,
          technical_debt_score: debt,
          security_score: intIn(s('security', c, i), 40, 98),
          performance_metrics: {
            cpu_p95_percent: Math.round(floatIn(s('cpu', c, i), 15, 95)),
            memory_p95_percent: Math.round(floatIn(s('memory', c, i), 20, 92)),
            avg_response_ms: intIn(s('response', c, i), 40, 2500),
            requests_per_minute: intIn(s('rpm', c, i), 5, 12000),
            availability_percent: Number(floatIn(s('availability', c, i), 98.5, 99.99).toFixed(2)),
          },
          summary:
            readiness >= 70 ? 'Cloud ready with minor changes' : readiness >= 40 ? 'Needs remediation before migration' : 'Significant re-engineering required',
          assessed_by: 'Tech Debt Analysis Agent',
          assessed_at: flowStart(layout.slots[i].flow) + 5 * DAY,
        };
      }),
    ),
  );
}
