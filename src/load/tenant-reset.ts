/**
 * A reset scoped to one tenant (seed document 000's `--reset --tenant`): in
 * one transaction, that tenant's rows are deleted from every table with a
 * tenant column and the artifact's rows for that tenant put back. Other
 * tenants' rows are not touched.
 */
import type { Artifact } from '../artifact/read.ts';
import { ident } from '../emit/sql.ts';
import { ForgeError } from '../errors.ts';
import { withClient } from './connect.ts';
import { copyCsvFile } from './copy-table.ts';
import { checkShape } from './inspect.ts';

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
  const value = `'${opts.tenant.replace(/'/g, "''")}'`;
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
    await client.query('BEGIN');
    try {
      for (const d of deletes) await client.query(d);
      for (const t of tables) {
        const tmp = ident(`forge_tenant_${t.name}`);
        await client.query(`CREATE TEMP TABLE ${tmp} (LIKE ${q(t.name)}) ON COMMIT DROP`);
        await copyCsvFile(client, { target: tmp, table: t.name, columns: t.columns.map((c) => c.name), dir, entry: t.files.csv!, expectedRows: t.rows });
        const cols = t.columns.map((c) => ident(c.name)).join(', ');
        const r = await client.query(
          `INSERT INTO ${q(t.name)} (${cols}) SELECT ${cols} FROM ${tmp} WHERE ${ident(t.tenantColumn!)} = ${value} ORDER BY ${t.orderBy.map(ident).join(', ')}`,
        );
        rows += r.rowCount ?? 0;
      }
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    }
    return { plan, rows };
  });
}
