/**
 * What every tenant-owned table of the migration dataset shares: the
 * client account column, composite foreign keys that stay inside the tenant
 * ((client_account_id, x_id) → parent (client_account_id, id)), the RLS
 * policy, and rows laid out per client account.
 */
import type { Row, RowSource } from '../../src/core/dataset.ts';
import { countedRows } from '../../src/core/rows.ts';
import { col } from '../../src/core/table.ts';

export const clientCol = () => col.uuid('client_account_id').references('client_account');

/** (client_account_id, column) → table (client_account_id, id): a reference that cannot cross tenants. */
export const sameTenant = <C extends string>(column: C, table: string) => ({
  columns: ['client_account_id', column] as ['client_account_id', C],
  table,
  references: ['client_account_id', 'id'],
});

/** n rows per client account: `make(client, i)` with i in [0, n). */
export function perClient(clients: number, n: number, make: (c: number, i: number) => Row): RowSource {
  return countedRows(clients * n, (g) => make(Math.floor(g / n), g % n));
}
