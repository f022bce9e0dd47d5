import type { GenContext } from '../../../src/core/context.ts';
import type { TableSpec } from '../../../src/core/dataset.ts';
import { pick } from '../../../src/core/random.ts';
import { countedRows } from '../../../src/core/rows.ts';
import { col, defineTable } from '../../../src/core/table.ts';
import { clientId, DAY, REFERENCE_TIME } from '../model.ts';

export const clientAccount = defineTable({
  name: 'client_account',
  role: 'dimension',
  tenantColumn: 'id',
  columns: [
    col.uuid('id').primaryKey(),
    col.text('name'),
    col.text('industry'),
    col.text('company_size'),
    col.text('subscription_tier'),
    col.boolean('is_active'),
    col.jsonb('settings'),
    col.timestamptz('created_at'),
  ],
  defaults: { is_active: 'true', settings: "'{}'::jsonb", created_at: 'now()' },
  policies: { tenant_isolation: "id = NULLIF(current_setting('app.client_account_id', true), '')::uuid" },
});

/** Client 0 is the document's Demo Corporation; others exist to prove tenant isolation. */
export function clientAccountTable(ctx: GenContext, clients: number): TableSpec {
  const industry = ctx.stream('client_account', 'industry');
  return clientAccount.spec(
    countedRows(
      clients,
      clientAccount.named((c) => ({
        id: clientId(ctx, c),
        name: c === 0 ? 'Demo Corporation' : `${ctx.faker.at(ctx.stream('client_account', 'name').at(c)).company.name()} (tenant ${c})`,
        industry: c === 0 ? 'Technology' : pick(industry.at(c), ['Financial Services', 'Healthcare', 'Retail', 'Manufacturing']),
        company_size: c === 0 ? 'Enterprise (10,000+ employees)' : 'Mid-market (1,000-10,000 employees)',
        subscription_tier: c === 0 ? 'enterprise' : 'professional',
        is_active: true,
        settings: { demo: c === 0, default_cloud: 'aws', data_residency: 'us-east-1' },
        created_at: REFERENCE_TIME - 200 * DAY + c * DAY,
      })),
    ),
  );
}
