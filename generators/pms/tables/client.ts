/** Client: patients, anonymized by construction (faker names, synthetic birth dates, .local e-mail, 555-01xx phone). */
import { dayFromIso } from '../../../src/core/dates.ts';
import { chance, intIn, pick } from '../../../src/core/random.ts';
import { col, defineTable } from '../../../src/core/table.ts';
import { fictionalPhoneCheck, localEmailCheck, sameTenant, TENANT_KEY, tenantId } from '../keys.ts';
import { DAY, type PmsModel } from '../model.ts';
import { fictionalPhone, localEmail } from '../safe.ts';

const OLDEST = dayFromIso('1930-01-01');
const YOUNGEST = dayFromIso('2020-12-31');

export const client = defineTable({
  name: 'client',
  role: 'dimension',
  tenantColumn: 'tenant_id',
  columns: [
    col.integer('id').primaryKey(),
    tenantId(),
    col.integer('practice_id'),
    col.text('first_name'),
    col.text('last_name'),
    col.date('date_of_birth'),
    col.text('sex'),
    col.text('email'),
    col.text('phone'),
    col.text('medical_record_number'),
    col.boolean('is_active'),
    col.timestamptz('created_at'),
  ],
  unique: [...TENANT_KEY, ['tenant_id', 'medical_record_number']],
  foreignKeys: [sameTenant('practice_id', 'practice_profile')],
  checks: {
    email_local: localEmailCheck('email'),
    phone_fictional: fictionalPhoneCheck('phone'),
    dob_synthetic_range: "date_of_birth BETWEEN '1930-01-01' AND '2020-12-31'",
    sex_valid: "sex IN ('female', 'male', 'other', 'unknown')",
  },
});

export function clientTable(m: PmsModel) {
  const s = (c: string) => m.ctx.stream('client', c);
  return client.spec(
    m.groups.clients.rows(
      client.named((t, k, i) => {
        const sex = pick(s('sex').at(i), ['female', 'male', 'female', 'male', 'other', 'unknown'] as const);
        const fakerSex = sex === 'female' || sex === 'male' ? sex : undefined;
        const first = m.ctx.faker.at(s('first_name').at(i)).person.firstName(fakerSex);
        const last = m.ctx.faker.at(s('last_name').at(i)).person.lastName();
        return {
          id: i + 1,
          tenant_id: m.tenants[t],
          practice_id: m.clientPractice(i) + 1,
          first_name: first,
          last_name: last,
          date_of_birth: intIn(s('date_of_birth').at(i), OLDEST, YOUNGEST),
          sex,
          email: localEmail(first, last, i + 1, m.tenants[t], 'patients'),
          phone: fictionalPhone(s('phone').at(i)),
          // Letters and the tenant's number around the sequence: never SSN- or card-shaped.
          medical_record_number: `MRN-T${t + 1}-${String(k + 1).padStart(6, '0')}`,
          is_active: !chance(s('is_active').at(i), 0.08),
          created_at: m.refMs - intIn(s('created_at').at(i), 1, 700) * DAY,
        };
      }),
    ),
  );
}
