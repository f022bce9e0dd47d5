/** AuthToken: a provider's session and API tokens, marked fake in their first characters. */
import { chance, intIn, pick } from '../../../src/core/random.ts';
import { col, defineTable } from '../../../src/core/table.ts';
import { sameTenant, tenantId } from '../keys.ts';
import { DAY, type PmsModel } from '../model.ts';
import { fakeToken } from '../safe.ts';

const SCOPES = ['read:schedule', 'write:notes', 'read:ledger', 'admin', 'fhir:sync'];

export const authToken = defineTable({
  name: 'auth_token',
  role: 'fact',
  tenantColumn: 'tenant_id',
  columns: [
    col.integer('id').primaryKey(),
    tenantId(),
    col.integer('provider_id'),
    col.text('token').unique(),
    col.text('scope'),
    col.timestamptz('issued_at'),
    col.timestamptz('expires_at'),
    col.boolean('is_revoked'),
  ],
  foreignKeys: [sameTenant('provider_id', 'provider')],
  checks: { expires_after_issue: 'expires_at > issued_at', token_marked_fake: "token LIKE 'FAKE-TOKEN-%'" },
});

export function authTokenTable(m: PmsModel) {
  const s = (c: string) => m.ctx.stream('auth_token', c);
  return authToken.spec(
    m.groups.auth_tokens.rows(
      authToken.named((t, _k, i) => {
        const issued = m.refMs - intIn(s('issued_at').at(i), 0, 60) * DAY - intIn(s('issued_ms').at(i), 0, DAY - 1);
        return {
          id: i + 1,
          tenant_id: m.tenants[t],
          provider_id: m.pickIn('providers', t, 'auth_token', 'provider_id', i) + 1,
          // The id inside makes it unique by construction.
          token: fakeToken(m.tenants[t], i + 1, s('token').at(i)),
          scope: pick(s('scope').at(i), SCOPES),
          issued_at: issued,
          expires_at: issued + pick(s('ttl').at(i), [1, 7, 30, 90]) * DAY,
          is_revoked: chance(s('is_revoked').at(i), 0.1),
        };
      }),
    ),
  );
}
