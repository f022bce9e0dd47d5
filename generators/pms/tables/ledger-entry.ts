/**
 * LedgerEntry: charges, payments, adjustments and refunds of a client; most
 * belong to one of the tenant's appointments (and then to its client), the
 * rest are account-level (no appointment). Signs follow the entry type.
 */
import { chance, intIn, Weighted } from '../../../src/core/random.ts';
import { col, defineTable } from '../../../src/core/table.ts';
import { sameTenant, tenantId } from '../keys.ts';
import { DAY, type PmsModel } from '../model.ts';

type EntryType = 'charge' | 'payment' | 'adjustment' | 'refund';
const TYPES = new Weighted<EntryType>([
  ['charge', 50],
  ['payment', 35],
  ['adjustment', 10],
  ['refund', 5],
]);
const METHODS = ['insurance', 'cash', 'check', 'card_on_file', 'ach'];

export const ledgerEntry = defineTable({
  name: 'ledger_entry',
  role: 'fact',
  tenantColumn: 'tenant_id',
  columns: [
    col.integer('id').primaryKey(),
    tenantId(),
    col.integer('client_id'),
    col.integer('appointment_id').nullable(),
    col.text('entry_type'),
    col.numeric('amount', 10, 2),
    col.varchar('currency', 3),
    col.text('payment_method').nullable(),
    col.date('posted_on'),
    col.text('description'),
  ],
  foreignKeys: [sameTenant('client_id', 'client'), sameTenant('appointment_id', 'appointment')],
  checks: {
    entry_type_valid: "entry_type IN ('charge', 'payment', 'adjustment', 'refund')",
    amount_sign: "(entry_type IN ('charge', 'refund') AND amount > 0) OR (entry_type IN ('payment', 'adjustment') AND amount < 0)",
    method_for_payments: "payment_method IS NULL OR entry_type IN ('payment', 'refund')",
  },
});

export function ledgerEntryTable(m: PmsModel) {
  const s = (c: string) => m.ctx.stream('ledger_entry', c);
  return ledgerEntry.spec(
    m.groups.ledger_entries.rows(
      ledgerEntry.named((t, _k, i) => {
        const type = TYPES.pick(s('entry_type').at(i));
        const withAppointment = chance(s('has_appointment').at(i), 0.75);
        const a = withAppointment ? m.pickIn('appointments', t, 'ledger_entry', 'appointment_id', i) : -1;
        const clientIdx = withAppointment ? m.appointmentClient(a) : m.pickIn('clients', t, 'ledger_entry', 'client_id', i);
        const cents = type === 'adjustment' ? intIn(s('amount').at(i), 500, 5_000) : intIn(s('amount').at(i), 2_500, 45_000);
        const day = Math.floor((withAppointment ? m.appointmentStart(a) : m.refMs - intIn(s('posted_on').at(i), 1, 120) * DAY) / DAY);
        return {
          id: i + 1,
          tenant_id: m.tenants[t],
          client_id: clientIdx + 1,
          appointment_id: withAppointment ? a + 1 : null,
          entry_type: type,
          amount: (type === 'charge' || type === 'refund' ? cents : -cents) / 100,
          currency: 'USD',
          payment_method: type === 'payment' || type === 'refund' ? METHODS[intIn(s('payment_method').at(i), 0, METHODS.length - 1)] : null,
          posted_on: day,
          description: `${type} ${withAppointment ? `for appointment ${a + 1}` : 'on account'}`,
        };
      }),
    ),
  );
}
