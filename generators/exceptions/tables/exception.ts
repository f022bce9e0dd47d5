import type { TableSpec } from '../../../src/core/dataset.ts';
import { col, defineTable } from '../../../src/core/table.ts';
import { SEVERITY_MIX, STATUS_MIX, type ExceptionsModel } from '../model.ts';
import { playbook } from './playbook.ts';
import { tenant } from './tenant.ts';

const list = (xs: readonly (readonly [string, number])[]) => xs.map(([s]) => `'${s}'`).join(', ');

/** The exceptions: `count` per tenant, ids EXC-<FIN|HLT>-YYYYMMDD-00001. */
export const exception = defineTable({
  name: 'exception',
  role: 'fact',
  tenantColumn: 'tenant_id',
  columns: [
    col.text('exception_id').primaryKey(),
    /** A numeric key in generation order: the order files are written in. */
    col.bigint('exception_no').unique(),
    col.text('tenant_id').references(tenant),
    col.text('domain'),
    col.text('exception_type'),
    col.text('severity'),
    col.text('status'),
    col.text('source_system'),
    col.text('entity_type'),
    col.text('entity_id'),
    col.numeric('amount', 12, 2),
    col.varchar('currency', 3),
    col.integer('playbook_id').nullable(),
    col.smallint('current_step').nullable(),
    col.timestamptz('sla_deadline'),
    col.timestamptz('created_at'),
    col.timestamptz('updated_at'),
    col.timestamptz('resolved_at').nullable(),
    col.jsonb('payload'),
  ],
  unique: [['tenant_id', 'exception_id']],
  // A playbook of the exception's own tenant, enforced by the database too.
  foreignKeys: [{ columns: ['tenant_id', 'playbook_id'], table: playbook, references: ['tenant_id', 'playbook_id'] }],
  indexes: [
    ['tenant_id', 'status'],
    ['tenant_id', 'created_at'],
  ],
  checks: {
    severity_valid: `severity IN (${list(SEVERITY_MIX)})`,
    status_valid: `status IN (${list(STATUS_MIX)})`,
    sla_after_creation: 'sla_deadline > created_at',
    resolved_iff_status: "(status = 'RESOLVED') = (resolved_at IS NOT NULL)",
    amount_positive: 'amount > 0',
  },
  orderBy: ['exception_no'],
});

export function exceptionTable(model: ExceptionsModel): TableSpec {
  return exception.spec(
    model.exceptions.rows(
      exception.named((t, k) => {
        const x = model.exception(t, k);
        const { events } = model.events(x);
        const last = events[events.length - 1].at;
        return {
          exception_id: x.id,
          exception_no: x.no,
          tenant_id: x.tenant.id,
          domain: x.tenant.domain,
          exception_type: x.type,
          severity: x.severity,
          status: x.status,
          source_system: x.sourceSystem,
          entity_type: x.entityType,
          entity_id: x.entityId,
          amount: x.amountCents / 100,
          currency: 'USD',
          playbook_id: x.playbook?.id ?? null,
          current_step: x.started ? Math.min(x.stepsDone + 1, x.playbook!.steps.length) : null,
          sla_deadline: x.slaDeadline,
          created_at: x.createdAt,
          updated_at: last,
          resolved_at: x.status === 'RESOLVED' ? last : null,
          payload: {
            demo: true,
            sourceSystem: x.sourceSystem,
            entity: { type: x.entityType, id: x.entityId },
            amount: { value: x.amountCents / 100, currency: 'USD' },
            description: `${x.type.replaceAll('_', ' ').toLowerCase()} on ${x.entityType.toLowerCase()} ${x.entityId}`,
          },
        };
      }),
    ),
  );
}
