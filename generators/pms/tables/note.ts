/** Note: clinical documentation of an appointment, by its provider, about its client (both derived from the appointment). */
import { chance, pick } from '../../../src/core/random.ts';
import { col, defineTable } from '../../../src/core/table.ts';
import { sameTenant, tenantId } from '../keys.ts';
import { MINUTE, type PmsModel } from '../model.ts';

const TYPES = ['progress', 'intake', 'soap', 'treatment_plan', 'discharge'];

export const note = defineTable({
  name: 'note',
  role: 'fact',
  tenantColumn: 'tenant_id',
  columns: [
    col.integer('id').primaryKey(),
    tenantId(),
    col.integer('appointment_id'),
    col.integer('client_id'),
    col.integer('provider_id'),
    col.text('note_type'),
    col.text('body'),
    col.boolean('is_signed'),
    col.timestamptz('created_at'),
  ],
  foreignKeys: [sameTenant('appointment_id', 'appointment'), sameTenant('client_id', 'client'), sameTenant('provider_id', 'provider')],
});

export function noteTable(m: PmsModel) {
  const s = (c: string) => m.ctx.stream('note', c);
  return note.spec(
    m.groups.notes.rows(
      note.named((t, _k, i) => {
        const a = m.pickIn('appointments', t, 'note', 'appointment_id', i);
        const type = pick(s('note_type').at(i), TYPES);
        return {
          id: i + 1,
          tenant_id: m.tenants[t],
          appointment_id: a + 1,
          client_id: m.appointmentClient(a) + 1,
          provider_id: m.appointmentProvider(a) + 1,
          note_type: type,
          // Lorem text, labelled: nothing a reader could take for a real record.
          body: `[synthetic ${type} note] ${m.ctx.faker.at(s('body').at(i)).lorem.sentences(2)}`,
          is_signed: chance(s('is_signed').at(i), 0.85),
          created_at: m.appointmentEnd(a) + (5 + (i % 240)) * MINUTE,
        };
      }),
    ),
  );
}
