/**
 * A small multi-tenant dataset for `forge validate`'s tests: tenants,
 * clients with e-mails and phones in the allowed ranges, appointments that
 * reference their client by a single-column key (so that a cross-tenant
 * reference can be injected and must be caught by the validator, not the
 * database), checks, a jsonb column, and declared allow-lists and counts.
 * The `leaky` profile adds a column named like a sensitive field.
 */
import { defineDataset, type Row, type TableSpec } from '../../src/core/dataset.ts';
import { intIn } from '../../src/core/random.ts';
import { expandRows, fixedRows, nestedRows } from '../../src/core/rows.ts';

export const CLINIC_TENANTS = ['clinic_a', 'clinic_b'];
const PER_TENANT = 6;

export const clinicDataset = defineDataset<{ clientsPerTenant: number; leaky: boolean }>({
  name: 'clinic',
  version: '1.0.0',
  description: 'multi-tenant dataset for validate tests',
  profiles: { tiny: { clientsPerTenant: PER_TENANT, leaky: false }, leaky: { clientsPerTenant: PER_TENANT, leaky: true } },
  defaultProfile: 'tiny',
  validation: (p) => ({
    emailDomains: ['clinic.local', 'example.com'],
    phoneMasks: ['xxx55501xx'],
    counts: {
      tables: { tenant: CLINIC_TENANTS.length, client: CLINIC_TENANTS.length * p.clientsPerTenant },
      perTenant: { client: Object.fromEntries(CLINIC_TENANTS.map((t) => [t, p.clientsPerTenant])) },
    },
  }),
  tables: (ctx, p): TableSpec[] => {
    const name = ctx.stream('client', 'name');
    const visits = ctx.stream('appointment', 'count');
    const clients = CLINIC_TENANTS.length * p.clientsPerTenant;
    const tenantOf = (c: number) => CLINIC_TENANTS[Math.floor(c / p.clientsPerTenant)];
    return [
      {
        name: 'tenant',
        role: 'dimension',
        columns: ['tenant_id text', 'name text'],
        primaryKey: ['tenant_id'],
        rows: fixedRows(CLINIC_TENANTS.map((t) => [t, t.toUpperCase()])),
      },
      {
        name: 'client',
        role: 'dimension',
        tenantColumn: 'tenant_id',
        columns: [
          'id integer',
          'tenant_id text',
          'name text',
          'email text',
          'phone text',
          'age smallint',
          'notes text null',
          ...(p.leaky ? ['ssn text null'] : []),
        ],
        primaryKey: ['id'],
        unique: [['email'], ['tenant_id', 'id']],
        foreignKeys: [{ columns: ['tenant_id'], table: 'tenant' }],
        checks: { age_range: 'age BETWEEN 0 AND 120' },
        rows: nestedRows(
          CLINIC_TENANTS.length,
          p.clientsPerTenant,
          (t, _c, i): Row => [
            i + 1,
            CLINIC_TENANTS[t],
            ctx.faker.at(name.at(i)).person.fullName(),
            `client${i + 1}@clinic.local`,
            `(212) 555-01${String(i % 100).padStart(2, '0')}`,
            18 + (i % 60),
            i % 3 === 0 ? null : `follow-up in ${(i % 5) + 1} weeks`,
            ...(p.leaky ? [null] : []),
          ],
        ),
      },
      {
        name: 'appointment',
        role: 'fact',
        tenantColumn: 'tenant_id',
        columns: ['id integer', 'tenant_id text', 'client_id integer', 'seq smallint', 'detail jsonb'],
        primaryKey: ['id'],
        foreignKeys: [
          { columns: ['client_id'], table: 'client' },
          { columns: ['tenant_id'], table: 'tenant' },
        ],
        checks: { seq_positive: 'seq > 0' },
        rows: expandRows(
          clients,
          (c) => intIn(visits.at(c), 1, 3),
          (c, k) => [c * 10 + k + 1, tenantOf(c), c + 1, k + 1, { room: `R${(c + k) % 4}`, contact: `desk${c % 3}@example.com` }],
        ),
      },
    ];
  },
});
