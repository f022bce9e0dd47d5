/**
 * Appointment: a client and a provider of the same tenant, at the provider's
 * location; past ones completed, cancelled or missed, future ones scheduled.
 */
import { pick, Weighted } from '../../../src/core/random.ts';
import { col, defineTable } from '../../../src/core/table.ts';
import { sameTenant, TENANT_KEY, tenantId } from '../keys.ts';
import { DAY, type PmsModel } from '../model.ts';

export const STATUSES = ['scheduled', 'completed', 'cancelled', 'no_show'] as const;
const TYPES = ['intake', 'follow_up', 'therapy_session', 'annual_exam', 'telehealth'];

export const appointment = defineTable({
  name: 'appointment',
  role: 'fact',
  tenantColumn: 'tenant_id',
  columns: [
    col.integer('id').primaryKey(),
    tenantId(),
    col.integer('client_id'),
    col.integer('provider_id'),
    col.integer('location_id'),
    col.timestamptz('starts_at'),
    col.timestamptz('ends_at'),
    col.text('status'),
    col.text('appointment_type'),
    col.timestamptz('created_at'),
  ],
  unique: TENANT_KEY,
  foreignKeys: [sameTenant('client_id', 'client'), sameTenant('provider_id', 'provider'), sameTenant('location_id', 'location')],
  checks: { ends_after_start: 'ends_at > starts_at', status_valid: `status IN (${STATUSES.map((x) => `'${x}'`).join(', ')})` },
});

const PAST = new Weighted<(typeof STATUSES)[number]>([
  ['completed', 80],
  ['cancelled', 12],
  ['no_show', 8],
]);
const FUTURE = new Weighted<(typeof STATUSES)[number]>([
  ['scheduled', 90],
  ['cancelled', 10],
]);

export function appointmentTable(m: PmsModel) {
  const s = (c: string) => m.ctx.stream('appointment', c);
  return appointment.spec(
    m.groups.appointments.rows(
      appointment.named((t, _k, i) => {
        const start = m.appointmentStart(i);
        const provider = m.appointmentProvider(i);
        return {
          id: i + 1,
          tenant_id: m.tenants[t],
          client_id: m.appointmentClient(i) + 1,
          provider_id: provider + 1,
          location_id: m.providerLocation(provider) + 1,
          starts_at: start,
          ends_at: m.appointmentEnd(i),
          status: (start < m.refMs ? PAST : FUTURE).pick(s('status').at(i)),
          appointment_type: pick(s('type').at(i), TYPES),
          created_at: start - (3 + (i % 25)) * DAY,
        };
      }),
    ),
  );
}
