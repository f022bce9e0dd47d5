import type { GenContext } from '../../../src/core/context.ts';
import type { TableSpec } from '../../../src/core/dataset.ts';
import { intIn, pick } from '../../../src/core/random.ts';
import { expandRows } from '../../../src/core/rows.ts';
import { col, defineTable } from '../../../src/core/table.ts';
import { CATEGORY_COUNTS, clientId, idOf, tenantPolicy, type Layout } from '../model.ts';
import { clientCol, sameTenant } from '../tenant.ts';
import { assetId } from './asset.ts';

export const techDebtItem = defineTable({
  name: 'tech_debt_item',
  role: 'fact',
  tenantColumn: 'client_account_id',
  columns: [
    col.uuid('id').primaryKey(),
    clientCol(),
    col.uuid('asset_id'),
    col.text('category'),
    col.text('component'),
    col.text('description'),
    col.text('severity'),
    col.smallint('estimated_effort_days'),
    col.text('status'),
  ],
  foreignKeys: [sameTenant('asset_id', 'asset')],
  defaults: { status: "'open'" },
  checks: { severity_valid: "severity IN ('low', 'medium', 'high', 'critical')" },
  policies: tenantPolicy,
});

const DEBT = [
  ['outdated_framework', 'Framework version past end of support'],
  ['unsupported_os', 'Runs on an operating system without vendor support'],
  ['hardcoded_config', 'Configuration and credentials hard-coded in the build'],
  ['no_automated_tests', 'No automated test suite; changes are verified by hand'],
  ['monolith_coupling', 'Shares a database schema with other applications'],
  ['deprecated_api', 'Calls deprecated internal APIs'],
] as const;
const APPS = CATEGORY_COUNTS[0];

/** Technical debt per application: 0-3 items, at least one for applications analysed by flows 1 and 2. */
export function techDebtItemTable(ctx: GenContext, clients: number, layout: Layout): TableSpec {
  const count = ctx.stream('tech_debt_item', 'count');
  const s = (column: string, g: number, k: number) => ctx.stream('tech_debt_item', column).at2(g, k);
  const n = (g: number) => intIn(count.at(g), layout.slots[g % APPS].flow < 2 ? 1 : 0, 3);
  return techDebtItem.spec(
    expandRows(
      clients * APPS,
      n,
      techDebtItem.named((g, k) => {
        const c = Math.floor(g / APPS);
        const i = g % APPS;
        const [category, description] = DEBT[(intIn(s('category', g, 0), 0, DEBT.length - 1) + k) % DEBT.length];
        return {
          id: idOf(ctx, 'tech_debt_item', 0x0f, c, i * 4 + k),
          client_account_id: clientId(ctx, c),
          asset_id: assetId(ctx, c, i),
          category,
          component: pick(s('component', g, k), ['web tier', 'batch jobs', 'data access layer', 'integration layer', 'authentication']),
          description,
          severity: pick(s('severity', g, k), ['low', 'medium', 'medium', 'high', 'critical']),
          estimated_effort_days: intIn(s('effort', g, k), 1, 40),
          status: layout.slots[i].wave === 1 ? 'resolved' : 'open',
        };
      }),
    ),
  );
}
