/**
 * Rows of an artifact table added to a loaded table that already has rows:
 * the CSV goes by COPY into a temporary table (dropped at commit), then one
 * INSERT ... SELECT moves the rows wanted, in the artifact's order. Used
 * inside a transaction (append, tenant reset), so a failure adds nothing.
 */
import type { TableEntry } from '../artifact/manifest.ts';
import { ident } from '../emit/sql.ts';
import type { Client } from './connect.ts';
import { copyCsvFile } from './copy-table.ts';

export interface InsertViaTemp {
  /** The temporary table's name, unquoted. */
  tmp: string;
  /** Schema-qualified target, already quoted. */
  target: string;
  table: TableEntry;
  /** The artifact's folder. */
  dir: string;
  /** SQL condition on the rows moved (already quoted). */
  where?: string;
  /** SQL after the ON CONFLICT (...) of the primary key, e.g. DO NOTHING. */
  onConflict?: string;
}

/** Returns the number of rows inserted. */
export async function insertViaTemp(client: Client, job: InsertViaTemp): Promise<number> {
  const t = job.table;
  const tmp = ident(job.tmp);
  await client.query(`CREATE TEMP TABLE ${tmp} (LIKE ${job.target}) ON COMMIT DROP`);
  await copyCsvFile(client, { target: tmp, table: t.name, columns: t.columns.map((c) => c.name), dir: job.dir, entry: t.files.csv!, expectedRows: t.rows });
  const cols = t.columns.map((c) => ident(c.name)).join(', ');
  const where = job.where ? ` WHERE ${job.where}` : '';
  const conflict = job.onConflict ? ` ON CONFLICT (${t.primaryKey.map(ident).join(', ')}) ${job.onConflict}` : '';
  const r = await client.query(`INSERT INTO ${job.target} (${cols}) SELECT ${cols} FROM ${tmp}${where} ORDER BY ${t.orderBy.map(ident).join(', ')}${conflict}`);
  return r.rowCount ?? 0;
}
