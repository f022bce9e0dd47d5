/**
 * The DDL a load runs, built by forge from the manifest's structured fields,
 * never taken from it as text: an artifact is data, not code.
 *
 * Tables come from columns (names quoted here, types from the closed list
 * of src/core/columns.ts). Keys, foreign keys and indexes come from column
 * lists. The only free text a dataset declares is expressions (checks,
 * column defaults, row-level policies): each must be one SQL expression
 * (no `;`, comments, dollar quotes, statements or subqueries, no
 * server-side functions that reach outside the row), and every constraint
 * the manifest lists must be exactly what forge's own emitter makes of
 * those fields, or the artifact is refused before the database is touched.
 */
import type { TableEntry } from '../artifact/manifest.ts';
import { parseColumn } from '../core/columns.ts';
import type { Table } from '../core/dataset.ts';
import { constraints as emitConstraints, createTableSql, ident, type NamedConstraint, readDefault } from '../emit/sql.ts';
import { ForgeError } from '../errors.ts';

function invalid(table: string, what: string): ForgeError {
  return new ForgeError(
    'ARTIFACT_INVALID',
    `manifest.json, table ${table}: ${what}`,
    'an artifact is data, never code: rebuild it with forge build; nothing was changed',
  );
}

// Statement words and functions that reach outside the row (files, other
// sessions, settings, large objects, other databases). An expression in a
// check, default or policy has no business with any of them.
const FORBIDDEN_WORDS = new Set([
  'select',
  'insert',
  'update',
  'delete',
  'drop',
  'create',
  'alter',
  'grant',
  'revoke',
  'truncate',
  'copy',
  'execute',
  'do',
  'call',
  'with',
  'into',
  'set_config',
  'dblink',
  'query_to_xml',
  'table_to_xml',
  'cursor_to_xml',
  'txid_current',
  'nextval',
  'setval',
]);
const FORBIDDEN_PREFIXES = ['pg_', 'lo_', 'dblink_', 'current_setting_'];

/** Refuses text that is not exactly one SQL expression; returns it unchanged. */
export function singleExpression(table: string, what: string, expr: string): string {
  let depth = 0;
  let i = 0;
  const bad = (why: string) =>
    invalid(table, `${what} is not one SQL expression (${why}): ${JSON.stringify(expr.length > 80 ? expr.slice(0, 80) + '…' : expr)}`);
  if (expr.trim() === '') throw bad('it is empty');
  while (i < expr.length) {
    const ch = expr[i];
    if (ch === "'") {
      // A standard string literal: '' is a quote inside it; no backslash escapes (E'' is refused below).
      const end = expr.indexOf("'", i + 1);
      if (end < 0) throw bad('an unterminated string');
      i = end + 1;
      if (expr[i] === "'") continue;
      continue;
    }
    if (ch === '"') {
      const end = expr.indexOf('"', i + 1);
      if (end < 0) throw bad('an unterminated quoted name');
      i = end + 1;
      continue;
    }
    if (ch === ';') throw bad('a ";" ends a statement');
    if (ch === '$') throw bad('dollar quoting or parameters');
    if (ch === '\\') throw bad('a backslash');
    if (ch === '-' && expr[i + 1] === '-') throw bad('a comment');
    if (ch === '/' && expr[i + 1] === '*') throw bad('a comment');
    if (ch === '(') depth++;
    if (ch === ')' && --depth < 0) throw bad('a ")" closes more than it opened');
    if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(expr.slice(i))!;
      const word = m[0].toLowerCase();
      if ((word === 'e' || word === 'u&' || word === 'b' || word === 'x') && expr[i + m[0].length] === "'") throw bad('an escape-string literal');
      if (FORBIDDEN_WORDS.has(word) || FORBIDDEN_PREFIXES.some((p) => word.startsWith(p))) throw bad(`"${m[0]}" is not allowed in an expression`);
      i += m[0].length;
      continue;
    }
    if (/[\u0000-\u001f]/.test(ch) && !/[\t\n\r]/.test(ch)) throw bad('a control character');
    i++;
  }
  if (depth !== 0) throw bad('unbalanced parentheses');
  return expr;
}

const unquote = (s: string) => (s.startsWith('"') ? s.slice(1, -1).replace(/""/g, '"') : s);
const splitIdents = (s: string) => s.split(', ').map(unquote);

/** The dataset-level view of one manifest table that forge's emitter needs, each piece checked. */
function tableOf(t: TableEntry): Table {
  const columns = t.columns.map((c) => {
    try {
      return parseColumn(`${c.name} ${c.type}${c.nullable ? ' null' : ''}`);
    } catch (e) {
      throw invalid(t.name, `column ${JSON.stringify(c.name)}: ${(e as Error).message}`);
    }
  });
  const names = new Set(columns.map((c) => c.name));
  const need = (cols: string[], what: string) => {
    for (const c of cols) if (!names.has(c)) throw invalid(t.name, `${what} names ${JSON.stringify(c)}, which is not a column`);
  };
  need(t.primaryKey, 'the primary key');
  for (const u of t.unique) need(u, 'a unique constraint');
  for (const fk of t.foreignKeys) need(fk.columns, 'a foreign key');
  const checks: Record<string, string> = {};
  for (const [name, expr] of Object.entries(t.checks)) checks[name] = singleExpression(t.name, `check ${name}`, expr);
  const T = ident(t.name);
  const indexes: string[][] = [];
  const defaults: Record<string, string> = {};
  const policies: Record<string, string> = {};
  for (const c of t.constraints) {
    if (c.kind === 'index') {
      const prefix = `CREATE INDEX ${ident(c.name)} ON ${T} (`;
      if (!c.sql.startsWith(prefix) || !c.sql.endsWith(');')) throw invalid(t.name, `index ${c.name} is not an index on its columns`);
      const cols = splitIdents(c.sql.slice(prefix.length, -2));
      need(cols, `index ${c.name}`);
      indexes.push(cols);
    } else if (c.kind === 'default') {
      // Read back against the declared columns: a default on anything else is no column default.
      const d = readDefault(t.name, [...names], c.sql);
      if (!d) throw invalid(t.name, `default ${c.name} is not a default on one of its columns`);
      defaults[d.column] = singleExpression(t.name, `default ${c.name}`, d.expr);
    } else if (c.kind === 'policy') {
      const prefix = `ALTER TABLE ONLY ${T} ENABLE ROW LEVEL SECURITY; CREATE POLICY ${ident(c.name)} ON ${T} USING (`;
      const middle = ') WITH CHECK (';
      const rest = c.sql.startsWith(prefix) && c.sql.endsWith(');') ? c.sql.slice(prefix.length, -2) : undefined;
      const len = rest === undefined ? -1 : (rest.length - middle.length) / 2;
      if (rest === undefined || !Number.isInteger(len) || len <= 0) throw invalid(t.name, `policy ${c.name} is not a row-level policy`);
      policies[c.name] = singleExpression(t.name, `policy ${c.name}`, rest.slice(0, len));
    }
  }
  return {
    name: t.name,
    role: t.role,
    columns,
    primaryKey: t.primaryKey,
    unique: t.unique,
    foreignKeys: t.foreignKeys,
    checks,
    indexes,
    defaults,
    policies,
    orderBy: t.orderBy,
    rows: { units: 0, generate: () => {} },
  } as unknown as Table;
}

export interface TableDdl {
  createTable: string;
  constraints: NamedConstraint[];
}

/**
 * DDL for every table of a manifest, built by forge's emitter from checked
 * fields; refuses a manifest whose listed constraints are anything else.
 */
export function manifestDdl(tables: TableEntry[]): Map<string, TableDdl> {
  const out = new Map<string, TableDdl>();
  const built = tables.map(tableOf);
  const all = emitConstraints(built);
  for (const [i, t] of tables.entries()) {
    const mine = all.filter((c) => c.table === t.name);
    const listed = t.constraints;
    const same = mine.length === listed.length && mine.every((c, k) => c.name === listed[k].name && c.kind === listed[k].kind && c.sql === listed[k].sql);
    if (!same) {
      const k = listed.findIndex((c, j) => !mine[j] || c.name !== mine[j].name || c.kind !== mine[j].kind || c.sql !== mine[j].sql);
      const which = listed[k] ?? mine[listed.length];
      throw invalid(t.name, `constraint ${which?.name ?? '?'} is not what the table's declared fields make (its SQL was edited, or added)`);
    }
    out.set(t.name, { createTable: createTableSql(built[i]), constraints: mine });
  }
  return out;
}
