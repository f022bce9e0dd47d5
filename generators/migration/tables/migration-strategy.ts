import type { GenContext } from '../../../src/core/context.ts';
import type { TableSpec } from '../../../src/core/dataset.ts';
import { floatIn, intIn, Weighted } from '../../../src/core/random.ts';
import { col, defineTable } from '../../../src/core/table.ts';
import { CATEGORY_COUNTS, clientId, engagementId, idOf, tenantPolicy, type Layout } from '../model.ts';
import { clientCol, perClient, sameTenant } from '../tenant.ts';
import { assetId } from './asset.ts';
import { waveId } from './migration-wave.ts';

export const SIX_R = ['rehost', 'replatform', 'refactor', 'repurchase', 'retire', 'retain'] as const;
const RATIONALE: Record<string, string> = {
  rehost: 'Lift and shift: stable workload, no code changes needed',
  replatform: 'Move to managed runtime and database with minimal changes',
  refactor: 'Re-architect for cloud-native scaling; high business value',
  repurchase: 'Replace with a SaaS product covering the same capability',
  retire: 'Low usage and duplicated functionality: decommission',
  retain: 'Regulatory or latency constraints: keep on premises for now',
};

export const migrationStrategy = defineTable({
  name: 'migration_strategy',
  role: 'fact',
  tenantColumn: 'client_account_id',
  columns: [
    col.uuid('id').primaryKey(),
    clientCol(),
    col.uuid('engagement_id'),
    col.uuid('asset_id').unique(),
    col.uuid('wave_id'),
    col.text('strategy'),
    col.text('rationale'),
    col.numeric('confidence', 4, 3),
    col.text('risk_level'),
    col.jsonb('risk_factors'),
    col.numeric('estimated_cost_usd', 12, 2),
    col.smallint('estimated_effort_weeks'),
    col.text('status'),
  ],
  foreignKeys: [sameTenant('engagement_id', 'engagement'), sameTenant('asset_id', 'asset'), sameTenant('wave_id', 'migration_wave')],
  defaults: { status: "'proposed'", risk_factors: "'[]'::jsonb" },
  checks: { strategy_6r: `strategy IN (${SIX_R.map((s) => `'${s}'`).join(', ')})`, risk_level_valid: "risk_level IN ('low', 'medium', 'high', 'critical')" },
  policies: tenantPolicy,
});

const strategies = new Weighted<string>([
  ['rehost', 35],
  ['replatform', 25],
  ['refactor', 15],
  ['repurchase', 10],
  ['retire', 8],
  ['retain', 7],
]);
const RISKS = ['data migration volume', 'tight coupling to mainframe', 'licensing', 'downtime window', 'skills gap', 'compliance review'];

/** A 6R strategy per application (the first 150 assets), with its risk and cost estimate, in the application's wave. */
export function migrationStrategyTable(ctx: GenContext, clients: number, layout: Layout): TableSpec {
  const s = (column: string, c: number, i: number) => ctx.stream('migration_strategy', column).at2(c, i);
  return migrationStrategy.spec(
    perClient(
      clients,
      CATEGORY_COUNTS[0],
      migrationStrategy.named((c, i) => {
        const strategy = strategies.pick(s('strategy', c, i));
        const weeks =
          strategy === 'refactor' ? intIn(s('effort', c, i), 12, 40) : strategy === 'retire' ? intIn(s('effort', c, i), 1, 4) : intIn(s('effort', c, i), 2, 16);
        const risk = ['low', 'medium', 'high', 'critical'][Math.min(3, Math.floor(weeks / 10))];
        return {
          id: idOf(ctx, 'migration_strategy', 0x0d, c, i),
          client_account_id: clientId(ctx, c),
          engagement_id: engagementId(ctx, c),
          asset_id: assetId(ctx, c, i),
          wave_id: waveId(ctx, c, layout.slots[i].wave),
          strategy,
          rationale: RATIONALE[strategy],
          confidence: floatIn(s('confidence', c, i), 0.55, 0.97).toFixed(3),
          risk_level: risk,
          risk_factors: RISKS.filter((_r, k) => (s('risk', c, i) >>> k) & 1 && k < 3 + (risk === 'critical' ? 3 : 0)),
          estimated_cost_usd: (weeks * intIn(s('rate', c, i), 6000, 14000)).toFixed(2),
          estimated_effort_weeks: weeks,
          status: layout.slots[i].wave <= 2 ? 'approved' : 'proposed',
        };
      }),
    ),
  );
}
