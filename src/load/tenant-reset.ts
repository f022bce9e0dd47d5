/**
 * A reset scoped to one tenant (seed document 000's `--reset --tenant`): in
 * one transaction, that tenant's rows are deleted from every table with a
 * tenant column and the artifact's rows for that tenant put back. Other
 * tenants' rows are not touched.
 */
import type { Artifact } from '../artifact/read.ts';
import { ident, literal } from '../emit/sql.ts';
import { ForgeError } from '../errors.ts';
import { withClient } from './connect.ts';
import { checkShape } from './inspect.ts';
import { insertViaTemp } from './insert-via-temp.ts';
import { inTransaction } from './transaction.ts';

export interface TenantResetOptions {
  url: string;
  schema: string;
  artifact: Artifact;
  tenant: string;
  dryRun: boolean;
  confirm: boolean;
}

export async function tenantReset(opts: TenantResetOptions): Promise<{ plan: string[]; rows: number }> {
  const { manifest, dir } = opts.artifact;
  const tables = manifest.tables.filter((t) => t.tenantColumn);
  if (tables.length === 0)
    throw new ForgeError('USAGE', `dataset ${manifest.dataset.name} has no tenant column`, 'tenant resets need tables that declare tenantColumn');
  const q = (name: string) => `${ident(opts.schema)}.${ident(name)}`;
  const value = literal(opts.tenant);
  const deletes = [...tables].reverse().map((t) => `DELETE FROM ${q(t.name)} WHERE ${ident(t.tenantColumn!)} = ${value}`);
  const inserts = tables.map((t) => `INSERT INTO ${q(t.name)} SELECT * FROM the artifact's ${t.name} rows WHERE ${ident(t.tenantColumn!)} = ${value}`);
  const plan = [...deletes, ...inserts];
  if (opts.dryRun) return { plan, rows: 0 };
  if (!opts.confirm)
    throw new ForgeError(
      'CONFIRM_REQUIRED',
      `resetting tenant ${opts.tenant} deletes its rows in ${opts.schema}`,
      'add --confirm, or --dry-run to see the plan',
    );
  return withClient(opts.url, async (client) => {
    for (const t of tables) await checkShape(client, opts.schema, t);
    let rows = 0;
    await inTransaction(client, async () => {
      for (const d of deletes) await client.query(d);
      for (const t of tables) {
        rows += await insertViaTemp(client, { tmp: `forge_tenant_${t.name}`, target: q(t.name), table: t, dir, where: `${ident(t.tenantColumn!)} = ${value}` });
      }
    });
    return { plan, rows };
  });
}
