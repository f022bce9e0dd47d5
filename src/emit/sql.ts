/**
 * SQL text for a dataset's tables: schema.sql (tables only), post.sql
 * (keys, checks, foreign keys, indexes: after the data, as pg_dump does, so
 * that COPY runs without index maintenance) and the COPY statement of the
 * dump. Names are unqualified so that the loader can build into a staging
 * schema through search_path.
 */
import type { Table } from '../core/dataset.ts';

// Postgres' reserved key words (and type/function-name ones): only these
// need quotes as identifiers.
const RESERVED = new Set(
  (
    'all analyse analyze and any array as asc asymmetric both case cast check collate column constraint create ' +
    'current_catalog current_date current_role current_time current_timestamp current_user default deferrable desc ' +
    'distinct do else end except false fetch for foreign from grant group having in initially intersect into lateral ' +
    'leading limit localtime localtimestamp not null offset on only or order placing primary references returning ' +
    'select session_user some symmetric system_user table then to trailing true union unique user using variadic when ' +
    'where window with authorization binary collation concurrently cross current_schema freeze full ilike inner is ' +
    'isnull join left like natural notnull outer overlaps right similar tablesample verbose'
  ).split(' '),
);

export function ident(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) && !RESERVED.has(name) ? name : '"' + name.replace(/"/g, '""') + '"';
}

/** A standard SQL string literal ('' for a quote; standard_conforming_strings, the default since 9.1, leaves backslashes alone). */
export function literal(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

const list = (cols: readonly string[]) => cols.map(ident).join(', ');

/** Postgres truncates names to 63 bytes; we do it ourselves so names are what we print. */
const constraintName = (...parts: string[]) => parts.join('_').slice(0, 63);

export function createTableSql(t: Table): string {
  const cols = t.columns.map((c) => `    ${ident(c.name)} ${c.type}${c.nullable ? '' : ' NOT NULL'}`);
  return `CREATE TABLE ${ident(t.name)} (\n${cols.join(',\n')}\n);\n`;
}

export function schemaSql(tables: readonly Table[]): string {
  return tables.map(createTableSql).join('\n');
}

export interface NamedConstraint {
  table: string;
  name: string;
  kind: 'primary_key' | 'unique' | 'check' | 'foreign_key' | 'index' | 'default' | 'policy';
  sql: string;
}

export interface KeyConstraint {
  name: string;
  kind: 'primary_key' | 'unique';
  columns: readonly string[];
}

/** A table's primary key and unique constraints, in post.sql's order, with the names post.sql gives them. */
export function keyConstraints(t: { name: string; primaryKey: readonly string[]; unique: readonly (readonly string[])[] }): KeyConstraint[] {
  return [
    { name: constraintName(t.name, 'pkey'), kind: 'primary_key', columns: t.primaryKey },
    ...t.unique.map((u) => ({ name: constraintName(t.name, ...u, 'key'), kind: 'unique' as const, columns: u })),
  ];
}

/** PRIMARY KEY or UNIQUE, as a constraint definition says it. */
export const keyWord = (kind: KeyConstraint['kind']) => (kind === 'primary_key' ? 'PRIMARY KEY' : 'UNIQUE');

const defaultPrefix = (table: string, column: string) => `ALTER TABLE ONLY ${ident(table)} ALTER COLUMN ${ident(column)} SET DEFAULT `;

/**
 * A column default's statement, as `constraints` writes it, read back against
 * the table's column names (the one whose quoted name the statement carries):
 * the column and the expression, or undefined if it is no such statement.
 */
export function readDefault(table: string, columns: readonly string[], sql: string): { column: string; expr: string } | undefined {
  if (!sql.endsWith(';')) return undefined;
  const column = columns.find((c) => sql.startsWith(defaultPrefix(table, c)));
  return column === undefined ? undefined : { column, expr: sql.slice(defaultPrefix(table, column).length, -1) };
}

/** Every constraint and index of the dataset, in the order post.sql runs them. */
export function constraints(tables: readonly Table[]): NamedConstraint[] {
  const out: NamedConstraint[] = [];
  const add = (table: string, name: string, kind: NamedConstraint['kind'], body: string) =>
    out.push({
      table,
      name,
      kind,
      sql:
        kind === 'index'
          ? `CREATE INDEX ${ident(name)} ON ${ident(table)} ${body};`
          : kind === 'default' || kind === 'policy'
            ? body
            : `ALTER TABLE ONLY ${ident(table)} ADD CONSTRAINT ${ident(name)} ${body};`,
    });
  for (const t of tables) {
    for (const k of keyConstraints(t)) add(t.name, k.name, k.kind, `${keyWord(k.kind)} (${list(k.columns)})`);
    for (const [name, expr] of Object.entries(t.checks)) add(t.name, constraintName(t.name, name), 'check', `CHECK (${expr})`);
  }
  for (const t of tables)
    for (const fk of t.foreignKeys)
      add(
        t.name,
        constraintName(t.name, ...fk.columns, 'fkey'),
        'foreign_key',
        `FOREIGN KEY (${list(fk.columns)}) REFERENCES ${ident(fk.table)} (${list(fk.references)})`,
      );
  for (const t of tables) for (const i of t.indexes) add(t.name, constraintName(t.name, ...i, 'idx'), 'index', `(${list(i)})`);
  for (const t of tables)
    for (const [column, expr] of Object.entries(t.defaults))
      add(t.name, constraintName(t.name, column, 'default'), 'default', `${defaultPrefix(t.name, column)}${expr};`);
  // Policies last: a restore enables row-level security once the data is in.
  for (const t of tables)
    for (const [name, expr] of Object.entries(t.policies))
      add(
        t.name,
        name,
        'policy',
        `ALTER TABLE ONLY ${ident(t.name)} ENABLE ROW LEVEL SECURITY; CREATE POLICY ${ident(name)} ON ${ident(t.name)} USING (${expr}) WITH CHECK (${expr});`,
      );
  return out;
}

export function postSql(tables: readonly Table[]): string {
  return constraints(tables)
    .map((c) => c.sql + '\n')
    .join('');
}

export function copyFromStdinSql(table: string, columns: readonly string[]): string {
  return `COPY ${ident(table)} (${list(columns)}) FROM stdin WITH (FORMAT csv, HEADER true);\n`;
}

/** What the dump sets first: fixed client settings, like pg_dump's preamble. */
export const DUMP_PREAMBLE =
  "SET client_encoding = 'UTF8';\nSET standard_conforming_strings = on;\nSET check_function_bodies = false;\nSET client_min_messages = warning;\nSET TimeZone = 'UTC';\n";
