/**
 * A small multi-tenant dataset (the shape of seed documents 000 and 003):
 * fixed tenants, clients nested per tenant, a variable number of
 * appointments per client, each row carrying its tenant.
 */
import { defineDataset } from '../../src/core/dataset.ts';
import { intIn } from '../../src/core/random.ts';
import { expandRows, fixedRows, nestedRows } from '../../src/core/rows.ts';

export const TENANTS = ['TENANT_FINANCE_001', 'TENANT_HEALTH_001'];

export const tenantsDataset = defineDataset<{ clientsPerTenant: number }>({
  name: 'tenants',
  version: '1.0.0',
  description: 'multi-tenant test dataset',
  profiles: { tiny: { clientsPerTenant: 20 } },
  defaultProfile: 'tiny',
  tables: (ctx, p) => {
    const name = ctx.stream('client', 'name');
    const visits = ctx.stream('appointment', 'count');
    const clients = TENANTS.length * p.clientsPerTenant;
    const tenantOfClient = (c: number) => TENANTS[Math.floor(c / p.clientsPerTenant)];
    return [
      {
        name: 'tenant',
        role: 'dimension',
        columns: ['tenant_id text', 'name text'],
        primaryKey: ['tenant_id'],
        rows: fixedRows(TENANTS.map((t) => [t, t.toLowerCase()])),
      },
      {
        name: 'client',
        role: 'dimension',
        tenantColumn: 'tenant_id',
        columns: ['client_id integer', 'tenant_id text', 'name text', 'email text'],
        primaryKey: ['client_id'],
        unique: [['email']],
        foreignKeys: [{ columns: ['tenant_id'], table: 'tenant' }],
        rows: nestedRows(TENANTS.length, p.clientsPerTenant, (t, _c, i) => [
          i + 1,
          TENANTS[t],
          ctx.faker.at(name.at(i)).person.fullName(),
          `client${i + 1}@example.local`,
        ]),
      },
      {
        name: 'appointment',
        role: 'fact',
        tenantColumn: 'tenant_id',
        columns: ['appointment_id integer', 'tenant_id text', 'client_id integer', 'seq smallint'],
        primaryKey: ['appointment_id'],
        foreignKeys: [
          { columns: ['client_id'], table: 'client' },
          { columns: ['tenant_id'], table: 'tenant' },
        ],
        // A client's appointments stay inside its tenant: integrity by construction.
        rows: expandRows(
          clients,
          (c) => intIn(visits.at(c), 0, 4),
          (c, k) => [c * 10 + k + 1, tenantOfClient(c), c + 1, k + 1],
        ),
      },
    ];
  },
});
