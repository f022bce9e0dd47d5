/** Location: a practice's sites; the first of each tenant is its primary one. */
import { col, defineTable } from '../../../src/core/table.ts';
import { fictionalPhoneCheck, sameTenant, TENANT_KEY, tenantId } from '../keys.ts';
import { DAY, type PmsModel } from '../model.ts';
import { fictionalPhone } from '../safe.ts';

export const location = defineTable({
  name: 'location',
  role: 'dimension',
  tenantColumn: 'tenant_id',
  columns: [
    col.integer('id').primaryKey(),
    tenantId(),
    col.integer('practice_id'),
    col.text('name'),
    col.text('address_line'),
    col.text('city'),
    col.varchar('state', 2),
    col.varchar('postal_code', 10),
    col.text('phone'),
    col.boolean('is_primary'),
    col.timestamptz('created_at'),
  ],
  unique: TENANT_KEY,
  foreignKeys: [sameTenant('practice_id', 'practice_profile')],
  checks: { phone_fictional: fictionalPhoneCheck('phone') },
});

export function locationTable(m: PmsModel) {
  const s = (c: string) => m.ctx.stream('location', c);
  return location.spec(
    m.groups.locations.rows(
      location.named((t, k, i) => {
        const city = m.ctx.faker.at(s('city').at(i)).location.city();
        return {
          id: i + 1,
          tenant_id: m.tenants[t],
          practice_id: m.locationPractice(i) + 1,
          name: `${city} ${k === 0 ? 'Main Office' : 'Clinic'}`,
          address_line: m.ctx.faker.at(s('address_line').at(i)).location.streetAddress(),
          city,
          state: m.ctx.faker.at(s('state').at(i)).location.state({ abbreviated: true }),
          postal_code: m.ctx.faker.at(s('postal_code').at(i)).location.zipCode('#####'),
          phone: fictionalPhone(s('phone').at(i)),
          is_primary: k === 0,
          created_at: m.refMs - (300 + (i % 90)) * DAY,
        };
      }),
    ),
  );
}
