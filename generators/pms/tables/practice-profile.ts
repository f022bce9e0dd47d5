/** PracticeProfile: the medical practice of a tenant. */
import { pick } from '../../../src/core/random.ts';
import { col, defineTable } from '../../../src/core/table.ts';
import { fictionalPhoneCheck, localEmailCheck, TENANT_KEY, tenantId } from '../keys.ts';
import { DAY, type PmsModel } from '../model.ts';
import { fictionalPhone, slug, tenantHost } from '../safe.ts';

export const SPECIALTIES = ['Family Medicine', 'Behavioral Health', 'Pediatrics', 'Physical Therapy', 'Dermatology', 'Internal Medicine'];
const ZONES = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles'];

export const practiceProfile = defineTable({
  name: 'practice_profile',
  role: 'dimension',
  tenantColumn: 'tenant_id',
  columns: [
    col.integer('id').primaryKey(),
    tenantId(),
    col.text('name'),
    col.text('specialty'),
    col.text('email'),
    col.text('phone'),
    col.text('time_zone'),
    col.timestamptz('created_at'),
  ],
  unique: TENANT_KEY,
  checks: { email_local: localEmailCheck('email'), phone_fictional: fictionalPhoneCheck('phone') },
});

export function practiceProfileTable(m: PmsModel) {
  const s = (c: string) => m.ctx.stream('practice_profile', c);
  return practiceProfile.spec(
    m.groups.practice_profiles.rows(
      practiceProfile.named((t, _k, i) => {
        const name = `${m.ctx.faker.at(s('name').at(i)).company.name()} ${pick(s('suffix').at(i), ['Practice', 'Clinic', 'Health', 'Care Group'])}`;
        return {
          id: i + 1,
          tenant_id: m.tenants[t],
          name,
          specialty: pick(s('specialty').at(i), SPECIALTIES),
          email: `front-desk.${slug(name).slice(0, 20)}.${i + 1}@practice.${tenantHost(m.tenants[t])}.pms.local`,
          phone: fictionalPhone(s('phone').at(i)),
          time_zone: pick(s('time_zone').at(i), ZONES),
          created_at: m.refMs - (400 + (i % 300)) * DAY,
        };
      }),
    ),
  );
}
