import type { GenContext } from '../../../src/core/context.ts';
import type { TableSpec } from '../../../src/core/dataset.ts';
import { floatIn, intIn, pick } from '../../../src/core/random.ts';
import { expandRows } from '../../../src/core/rows.ts';
import { col, defineTable } from '../../../src/core/table.ts';
import { ASSETS_PER_ENGAGEMENT, clientId, DAY, idOf, tenantPolicy, type Layout } from '../model.ts';
import { clientCol, sameTenant } from '../tenant.ts';
import { assetId } from './asset.ts';
import { flowStart } from './discovery-flow.ts';

export const securityFinding = defineTable({
  name: 'security_finding',
  role: 'fact',
  tenantColumn: 'client_account_id',
  columns: [
    col.uuid('id').primaryKey(),
    clientCol(),
    col.uuid('asset_id'),
    col.text('finding_type'),
    col.text('title'),
    col.text('severity'),
    col.numeric('cvss_score', 3, 1),
    col.text('status'),
    col.timestamptz('detected_at'),
  ],
  foreignKeys: [sameTenant('asset_id', 'asset')],
  defaults: { status: "'open'", detected_at: 'now()' },
  checks: { severity_valid: "severity IN ('low', 'medium', 'high', 'critical')", cvss_range: 'cvss_score BETWEEN 0 AND 10' },
  policies: tenantPolicy,
});

const FINDINGS = [
  ['unpatched_software', 'Missing security patches older than 90 days'],
  ['weak_tls', 'TLS 1.0/1.1 enabled on a public listener'],
  ['open_port', 'Management port reachable from the user network'],
  ['default_credentials', 'Vendor default account still enabled'],
  ['unencrypted_storage', 'Data at rest is not encrypted'],
  ['end_of_life', 'Component past vendor end of life'],
] as const;

/** Security findings: 0-2 per asset, severity from the CVSS score. */
export function securityFindingTable(ctx: GenContext, clients: number, layout: Layout): TableSpec {
  const count = ctx.stream('security_finding', 'count');
  const s = (column: string, g: number, k: number) => ctx.stream('security_finding', column).at2(g, k);
  return securityFinding.spec(
    expandRows(
      clients * ASSETS_PER_ENGAGEMENT,
      (g) => intIn(count.at(g), 0, 2),
      securityFinding.named((g, k) => {
        const c = Math.floor(g / ASSETS_PER_ENGAGEMENT);
        const i = g % ASSETS_PER_ENGAGEMENT;
        const [type, title] = FINDINGS[(intIn(s('type', g, 0), 0, FINDINGS.length - 1) + k) % FINDINGS.length];
        const cvss = Math.round(floatIn(s('cvss', g, k), 2, 10) * 10) / 10;
        return {
          id: idOf(ctx, 'security_finding', 0x10, c, i * 4 + k),
          client_account_id: clientId(ctx, c),
          asset_id: assetId(ctx, c, i),
          finding_type: type,
          title,
          severity: cvss >= 9 ? 'critical' : cvss >= 7 ? 'high' : cvss >= 4 ? 'medium' : 'low',
          cvss_score: cvss.toFixed(1),
          status: pick(s('status', g, k), ['open', 'open', 'remediated', 'accepted_risk']),
          detected_at: flowStart(layout.slots[i].flow) + intIn(s('detected', g, k), 2, 20) * DAY,
        };
      }),
    ),
  );
}
