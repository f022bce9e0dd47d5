import type { GenContext } from '../../../src/core/context.ts';
import type { TableSpec } from '../../../src/core/dataset.ts';
import { col, defineTable } from '../../../src/core/table.ts';
import { clientId, DAY, domainOf, engagementId, HOUR, idOf, REFERENCE_TIME, tenantPolicy, USERS } from '../model.ts';
import { clientCol, perClient, sameTenant } from '../tenant.ts';

export const appUser = defineTable({
  name: 'app_user',
  role: 'dimension',
  tenantColumn: 'client_account_id',
  columns: [
    col.uuid('id').primaryKey(),
    clientCol(),
    col.uuid('default_engagement_id'),
    col.text('email').unique(),
    col.text('full_name'),
    col.text('role'),
    col.text('access_level'),
    col.boolean('is_active'),
    col.timestamptz('last_login_at').nullable(),
    col.timestamptz('created_at'),
  ],
  unique: [['client_account_id', 'id']],
  foreignKeys: [sameTenant('default_engagement_id', 'engagement')],
  defaults: { is_active: 'true', access_level: "'read_only'", created_at: 'now()' },
  checks: { access_level_valid: "access_level IN ('read_only', 'read_write', 'full', 'admin')" },
  policies: tenantPolicy,
});

export const userId = (ctx: GenContext, c: number, u: number) => idOf(ctx, 'app_user', 0x03, c, u);

/** The three users of document 002 per client account: demo (Migration Architect), analyst, manager. */
export function appUserTable(ctx: GenContext, clients: number): TableSpec {
  return appUser.spec(
    perClient(
      clients,
      USERS.length,
      appUser.named((c, u) => ({
        id: userId(ctx, c, u),
        client_account_id: clientId(ctx, c),
        default_engagement_id: engagementId(ctx, c),
        email: `${USERS[u].local}@${domainOf(c)}`,
        full_name: USERS[u].name,
        role: USERS[u].role,
        access_level: USERS[u].access,
        is_active: true,
        last_login_at: REFERENCE_TIME - (u + 1) * 5 * HOUR,
        created_at: REFERENCE_TIME - 150 * DAY,
      })),
    ),
  );
}
