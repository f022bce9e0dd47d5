import type { GenContext } from '../../../src/core/context.ts';
import type { TableSpec } from '../../../src/core/dataset.ts';
import { chance, floatIn, intIn } from '../../../src/core/random.ts';
import { expandRows } from '../../../src/core/rows.ts';
import { col, defineTable } from '../../../src/core/table.ts';
import { ASSETS_PER_ENGAGEMENT, categoryStart, clientId, engagementId, idOf, inWavesUpTo, tenantPolicy, type Layout } from '../model.ts';
import { clientCol, sameTenant } from '../tenant.ts';
import { assetId } from './asset.ts';

export const assetDependency = defineTable({
  name: 'asset_dependency',
  role: 'fact',
  tenantColumn: 'client_account_id',
  columns: [
    col.uuid('id').primaryKey(),
    clientCol(),
    col.uuid('engagement_id'),
    col.uuid('asset_id'),
    col.uuid('depends_on_asset_id'),
    col.text('dependency_type'),
    col.text('criticality'),
    col.text('discovered_by'),
    col.numeric('confidence', 4, 3),
  ],
  unique: [['asset_id', 'depends_on_asset_id']],
  foreignKeys: [sameTenant('engagement_id', 'engagement'), sameTenant('asset_id', 'asset'), sameTenant('depends_on_asset_id', 'asset')],
  defaults: { discovered_by: "'agent'" },
  checks: { no_self_edge: 'asset_id <> depends_on_asset_id' },
  policies: tenantPolicy,
});

/**
 * The dependency graph, acyclic by construction: an asset depends only on
 * assets of a lower category rank (network < server < database < application
 * reversed: applications → databases, servers; databases → servers; servers
 * → network devices) or, among applications, on one with a lower index; and
 * only on assets in its own wave or an earlier one, picked from the prefix of
 * the category that holds those waves. So (rank, index) strictly decreases
 * along every edge (no cycle, no self-edge) and a dependency never sits in a
 * later wave than its dependent.
 */
export function dependenciesOf(ctx: GenContext, layout: Layout, c: number, i: number): { target: number; type: string }[] {
  const slot = layout.slots[i];
  const s = (k: number) => ctx.stream('asset_dependency', 'target').at3(c, i, k);
  const inPrefix = (rank: number, k: number) => categoryStart(rank) + intIn(s(k), 0, inWavesUpTo(rank, slot.wave) - 1);
  switch (slot.category) {
    case 'application': {
      const out = [
        { target: inPrefix(2, 0), type: 'reads_from' },
        { target: inPrefix(1, 1), type: 'hosted_on' },
      ];
      // Another application with a lower index: in the same wave or an earlier one.
      if (slot.j > 0 && chance(s(2), 0.6)) out.push({ target: categoryStart(0) + intIn(s(3), 0, slot.j - 1), type: 'calls' });
      return out;
    }
    case 'database':
      return [{ target: inPrefix(1, 0), type: 'hosted_on' }];
    case 'server':
      return [{ target: inPrefix(3, 0), type: 'routes_through' }];
    default:
      return [];
  }
}

export function assetDependencyTable(ctx: GenContext, clients: number, layout: Layout): TableSpec {
  const crit = ctx.stream('asset_dependency', 'criticality');
  const conf = ctx.stream('asset_dependency', 'confidence');
  const split = (g: number) => [Math.floor(g / ASSETS_PER_ENGAGEMENT), g % ASSETS_PER_ENGAGEMENT] as const;
  return assetDependency.spec(
    expandRows(
      clients * ASSETS_PER_ENGAGEMENT,
      (g) => dependenciesOf(ctx, layout, ...split(g)).length,
      assetDependency.named((g, k) => {
        const [c, i] = split(g);
        const d = dependenciesOf(ctx, layout, c, i)[k];
        return {
          id: idOf(ctx, 'asset_dependency', 0x0c, c, i * 4 + k),
          client_account_id: clientId(ctx, c),
          engagement_id: engagementId(ctx, c),
          asset_id: assetId(ctx, c, i),
          depends_on_asset_id: assetId(ctx, c, d.target),
          dependency_type: d.type,
          criticality: ['low', 'medium', 'high'][intIn(crit.at3(c, i, k), 0, 2)],
          discovered_by: d.type === 'calls' ? 'agent' : 'import',
          confidence: floatIn(conf.at3(c, i, k), 0.6, 0.99).toFixed(3),
        };
      }),
    ),
  );
}
