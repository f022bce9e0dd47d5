/**
 * The load of an artifact that is not big, or into a target that has none
 * of its tables: one connection, one transaction, no staging schema. The
 * tables it replaces are dropped first (dependents found again under the
 * transaction; no CASCADE). Tables are created, filled
 * with COPY FREEZE (allowed because they were created in this transaction;
 * on a wal_level=minimal cluster such a COPY writes no WAL at all), keyed,
 * linked and recorded, then committed. Killed at any point, the transaction
 * dies with the connection and the target is as it was.
 */
import type { TableEntry } from '../artifact/manifest.ts';
import { ident } from '../emit/sql.ts';
import type { Client } from './connect.ts';
import { copyTable } from './copy-table.ts';
import { manifestDdl } from './ddl.ts';
import type { FullLoadOptions } from './full-load.ts';
import { dropDependents, findDependents, refuseDependents } from './dependents.ts';
import { recordLoad } from './metadata.ts';
import { inTransaction } from './transaction.ts';

/** The statements after the COPYs, in the order that scans each table least. */
export function postCopySql(tables: TableEntry[]): string[] {
  const of = (kind: string) => tables.flatMap((t) => t.constraints.filter((c) => c.kind === kind).map((c) => c.sql));
  // Keys first, so that each foreign key is checked once against its
  // parent's index as it is added (no NOT VALID + VALIDATE inside one
  // transaction); row-level security policies after the foreign keys, as the
  // staging load does; plain indexes last, as nothing needs them meanwhile.
  return [...of('primary_key'), ...of('unique'), ...of('foreign_key'), ...of('policy'), ...of('index')];
}

/**
 * Checks and column defaults go on the empty tables: COPY then tests checks
 * row by row instead of a scan per check afterwards.
 */
export function checkSql(tables: TableEntry[]): string[] {
  return tables.flatMap((t) => t.constraints.filter((c) => c.kind === 'check' || c.kind === 'default').map((c) => c.sql));
}

/** `checked` settles when the files the COPYs do not send are checked (its callers' own check when omitted). */
export async function directLoad(
  client: Client,
  opts: FullLoadOptions,
  existing: string[] = [],
  checked: () => Promise<void> = () => Promise.resolve(),
): Promise<void> {
  const { dir, manifest } = opts.artifact;
  // forge's own CREATE TABLEs from the manifest's checked fields, never the artifact's schema.sql: an artifact is data.
  const createTables = [...manifestDdl(manifest.tables).values()].map((d) => d.createTable);
  const schema = ident(opts.schema);
  await inTransaction(client, async () => {
    if (existing.length) {
      // Found again under this transaction: what the plan saw may have changed meanwhile.
      const deps = await findDependents(client, opts.schema, existing, 'drop');
      refuseDependents(deps, `replacing ${existing.map((n) => `${opts.schema}.${n}`).join(', ')}`, Boolean(opts.dropDependents));
      await dropDependents(client, deps);
      // No CASCADE: anything the catalogs did not show makes Postgres refuse, and the transaction rolls back.
      await client.query(`DROP TABLE ${existing.map((n) => `${schema}.${ident(n)}`).join(', ')}`);
    }
    // One round trip for the whole schema. SET LOCAL ends with the transaction.
    await client.query(
      [
        `SET LOCAL maintenance_work_mem = '256MB'`,
        `CREATE SCHEMA IF NOT EXISTS ${schema}`,
        `SET LOCAL search_path TO ${schema}`,
        ...createTables,
        ...checkSql(manifest.tables),
      ].join(';\n'),
    );
    for (const t of manifest.tables) await copyTable(client, t, dir, `${schema}.${ident(t.name)}`, { freeze: true, onProgress: opts.onProgress });
    // The other files are checked while the server builds the keys.
    void checked();
    const post = postCopySql(manifest.tables);
    opts.onStep?.(`adding ${post.length} keys, foreign keys and indexes`);
    await client.query(post.join('\n'));
    // Statistics, as psql -f of the dump gives (its ANALYZE per table), inside the transaction: the rows are ours.
    opts.onStep?.('ANALYZE');
    await client.query(manifest.tables.map((t) => `ANALYZE ${schema}.${ident(t.name)}`).join(';\n'));
    await checked();
    await recordLoad(client, opts.schema, manifest, opts.artifact.manifestSha256);
  });
}
