/** Provider: clinicians and staff, each at one location of the tenant (and so in that location's practice). */
import { chance, pick } from '../../../src/core/random.ts';
import { col, defineTable } from '../../../src/core/table.ts';
import { fictionalPhoneCheck, localEmailCheck, sameTenant, TENANT_KEY, tenantId } from '../keys.ts';
import { DAY, type PmsModel } from '../model.ts';
import { fictionalPhone, localEmail } from '../safe.ts';
import { SPECIALTIES } from './practice-profile.ts';

const CREDENTIALS = ['MD', 'DO', 'NP', 'PA-C', 'LCSW', 'PhD', 'DPT', 'RN'];

export const provider = defineTable({
  name: 'provider',
  role: 'dimension',
  tenantColumn: 'tenant_id',
  columns: [
    col.integer('id').primaryKey(),
    tenantId(),
    col.integer('practice_id'),
    col.integer('location_id'),
    col.text('first_name'),
    col.text('last_name'),
    col.text('credential'),
    col.text('specialty'),
    col.text('email'),
    col.text('phone'),
    col.boolean('is_active'),
    col.timestamptz('created_at'),
  ],
  unique: TENANT_KEY,
  foreignKeys: [sameTenant('practice_id', 'practice_profile'), sameTenant('location_id', 'location')],
  checks: { email_local: localEmailCheck('email'), phone_fictional: fictionalPhoneCheck('phone') },
});

export function providerTable(m: PmsModel) {
  const s = (c: string) => m.ctx.stream('provider', c);
  return provider.spec(
    m.groups.providers.rows(
      provider.named((t, _k, i) => {
        const first = m.ctx.faker.at(s('first_name').at(i)).person.firstName();
        const last = m.ctx.faker.at(s('last_name').at(i)).person.lastName();
        const loc = m.providerLocation(i);
        return {
          id: i + 1,
          tenant_id: m.tenants[t],
          practice_id: m.locationPractice(loc) + 1,
          location_id: loc + 1,
          first_name: first,
          last_name: last,
          credential: pick(s('credential').at(i), CREDENTIALS),
          specialty: pick(s('specialty').at(i), SPECIALTIES),
          email: localEmail(first, last, i + 1, m.tenants[t], 'staff'),
          phone: fictionalPhone(s('phone').at(i)),
          is_active: !chance(s('is_active').at(i), 0.05),
          created_at: m.refMs - (200 + (i % 100)) * DAY,
        };
      }),
    ),
  );
}
