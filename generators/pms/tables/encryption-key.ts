/** EncryptionKey: a tenant's key records, references to a fake KMS, never key material. */
import { intIn, Weighted } from '../../../src/core/random.ts';
import { col, defineTable } from '../../../src/core/table.ts';
import { tenantId } from '../keys.ts';
import { DAY, type PmsModel } from '../model.ts';
import { fakeKeyReference, hex } from '../safe.ts';

const STATUS = new Weighted<'active' | 'rotated' | 'retired'>([
  ['active', 60],
  ['rotated', 30],
  ['retired', 10],
]);

export const encryptionKey = defineTable({
  name: 'encryption_key',
  role: 'dimension',
  tenantColumn: 'tenant_id',
  columns: [
    col.integer('id').primaryKey(),
    tenantId(),
    col.text('key_alias'),
    col.text('algorithm'),
    col.text('key_reference'),
    col.text('fingerprint'),
    col.text('status'),
    col.timestamptz('created_at'),
    col.timestamptz('rotated_at').nullable(),
  ],
  unique: [['tenant_id', 'key_alias']],
  checks: {
    status_valid: "status IN ('active', 'rotated', 'retired')",
    rotated_after_created: 'rotated_at IS NULL OR rotated_at > created_at',
    reference_fake: "key_reference LIKE 'fake-kms://%'",
  },
});

export function encryptionKeyTable(m: PmsModel) {
  const s = (c: string) => m.ctx.stream('encryption_key', c);
  return encryptionKey.spec(
    m.groups.encryption_keys.rows(
      encryptionKey.named((t, k, i) => {
        const alias = `kek-${String(k + 1).padStart(2, '0')}`;
        const status = STATUS.pick(s('status').at(i));
        const created = m.refMs - intIn(s('created_at').at(i), 100, 700) * DAY;
        return {
          id: i + 1,
          tenant_id: m.tenants[t],
          key_alias: alias,
          algorithm: 'AES-256-GCM',
          key_reference: fakeKeyReference(m.tenants[t], alias),
          fingerprint: `FAKE-FP-${hex(s('fingerprint').at(i), 2)}`,
          status,
          created_at: created,
          rotated_at: status === 'active' ? null : created + intIn(s('rotated_at').at(i), 30, 90) * DAY,
        };
      }),
    ),
  );
}
