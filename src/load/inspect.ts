/** What the target database already holds: tables, their shapes, staging leftovers. */
import type { TableEntry } from '../artifact/manifest.ts';
import { ForgeError } from '../errors.ts';
import type { Client } from './connect.ts';

export const STAGING_PREFIX = 'forge_staging_';

export async function existingTables(client: Client, schema: string, names: string[]): Promise<string[]> {
  const r = await client.query('SELECT tablename FROM pg_tables WHERE schemaname = $1 AND tablename = ANY($2)', [schema, names]);
  return names.filter((n) => r.rows.some((row) => row.tablename === n));
}

/** Columns of a table as "name type [null]", in order, as Postgres names the types. */
export async function shapeOf(client: Client, schema: string, table: string): Promise<string[]> {
  const r = await client.query(
    `SELECT a.attname, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull
     FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
    [schema, table],
  );
  return r.rows.map((row) => `${row.attname} ${normaliseType(row.type)}${row.attnotnull ? '' : ' null'}`);
}

/** Our declarations use short names; Postgres prints long ones. */
function normaliseType(t: string): string {
  return t
    .replace(/^character varying/, 'varchar')
    .replace(/^timestamp with time zone$/, 'timestamptz')
    .replace(/^numeric\((\d+),(\d+)\)$/, 'numeric($1,$2)');
}

export function expectedShape(t: TableEntry): string[] {
  return t.columns.map((c) => `${c.name} ${c.type}${c.nullable ? ' null' : ''}`);
}

/** Refuses a table whose columns differ from the manifest's, naming the first difference. */
export async function checkShape(client: Client, schema: string, t: TableEntry): Promise<void> {
  const actual = await shapeOf(client, schema, t.name);
  const expected = expectedShape(t);
  if (actual.join(',') === expected.join(',')) return;
  const i = expected.findIndex((e, k) => actual[k] !== e);
  const detail =
    i >= 0
      ? `column ${i + 1} is "${actual[i] ?? 'missing'}", the artifact has "${expected[i]}"`
      : `it has extra columns: ${actual.slice(expected.length).join(', ')}`;
  throw new ForgeError('DB_SHAPE', `table ${schema}.${t.name} exists with another shape: ${detail}`, 'drop or rename it, or load into another --schema');
}

/** Staging schemas whose loader is gone (killed mid-load) are debris: drop them. */
export async function dropStaleStaging(client: Client): Promise<string[]> {
  const r = await client.query(
    `SELECT nspname FROM pg_namespace WHERE nspname LIKE $1
       AND substring(nspname from $2)::int NOT IN (SELECT pid FROM pg_stat_activity WHERE pid IS NOT NULL)`,
    [`${STAGING_PREFIX}%`, `^${STAGING_PREFIX}(\\d+)`],
  );
  for (const row of r.rows) await client.query(`DROP SCHEMA IF EXISTS "${row.nspname}" CASCADE`);
  return r.rows.map((row) => row.nspname);
}
