/**
 * The dataset model: what a dataset declares. No I/O and no Postgres here;
 * a dataset is data plus pure generator functions.
 */
import type { Column } from './columns.ts';
import { parseColumn } from './columns.ts';
import type { GenContext } from './context.ts';

/** One row: values in the table's column order. */
export type Value = string | number | boolean | null | JsonValue;
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type Row = Value[];
export type Emit = (row: Row) => void;

/**
 * How a table's rows are enumerated. A table is split into `units` (rows of a
 * counted table, parents of a nested table, days of a grain table);
 * `generate(from, to)` makes the rows of units [from, to) in output order.
 * Generating [a, b) then [b, c) gives exactly the rows of [a, c): this is
 * what lets workers and shards split a table (the dbgen model).
 */
export interface RowSource {
  units: number;
  generate(from: number, to: number, emit: Emit): void;
  /**
   * Where a range is cheapest to start: units u with (u + offset) % every
   * === 0 (e.g. restock days of a stateful series). Splitting elsewhere is
   * still correct, only slower.
   */
  align?: { every: number; offset: number };
}

export interface ForeignKey {
  columns: string[];
  table: string;
  /** Defaults to the referenced table's primary key. */
  references?: string[];
}

export interface TableSpec {
  name: string;
  /** Scopes for delete/reset: facts can go while dimensions stay. */
  role: 'dimension' | 'fact';
  columns: string[];
  primaryKey: string[];
  unique?: string[][];
  foreignKeys?: ForeignKey[];
  /** Constraint name → SQL boolean expression. */
  checks?: Record<string, string>;
  /** Extra (non-unique) indexes, one column list each. */
  indexes?: string[][];
  /** Column → SQL default expression (what the application's inserts get when they omit the column). */
  defaults?: Record<string, string>;
  /**
   * Row-level security: policy name → SQL boolean expression (USING and WITH
   * CHECK). Declaring one enables RLS on the table; the owner still sees
   * every row (Postgres' rule), other roles only what the policies allow.
   */
  policies?: Record<string, string>;
  /** For multi-tenant datasets: the column that scopes a tenant's rows. */
  tenantColumn?: string;
  /** The order rows are generated in; defaults to the primary key. */
  orderBy?: string[];
  rows: RowSource;
}

export interface Table extends Omit<TableSpec, 'columns'> {
  columns: Column[];
  unique: string[][];
  foreignKeys: Required<ForeignKey>[];
  checks: Record<string, string>;
  indexes: string[][];
  defaults: Record<string, string>;
  policies: Record<string, string>;
  orderBy: string[];
}

export type Params = Record<string, string | number | boolean>;

export interface DatasetSpec<P extends Params> {
  name: string;
  /**
   * Bump whenever a change alters generated values, so that users who pin a
   * version keep their data; it is part of the artifact path.
   */
  version: string;
  description: string;
  profiles: Record<string, P>;
  defaultProfile: string;
  /**
   * Parameters an append may change (`forge build --append-from`): those
   * that only add units at the end of tables, never alter existing rows.
   */
  appendable?: string[];
  // Method syntax on purpose: it lets a Dataset<RetailParams> stand where a
  // Dataset<Params> is expected (the CLI's registry) without casts.
  /** Checks and normalises parameters (from a profile plus overrides). */
  parseParams?(raw: Params): P;
  /** Builds the tables for one set of parameters, in load (dependency) order. */
  tables(ctx: GenContext, params: P): TableSpec[];
}

export interface Dataset<P extends Params = Params> extends DatasetSpec<P> {
  resolveParams(profile: string, overrides?: Params): P;
}

export function defineDataset<P extends Params>(spec: DatasetSpec<P>): Dataset<P> {
  if (!spec.profiles[spec.defaultProfile]) throw new TypeError(`dataset ${spec.name}: default profile ${spec.defaultProfile} is not declared`);
  return {
    ...spec,
    resolveParams(profile, overrides = {}) {
      // Own keys only: `__proto__` and `constructor` are not profiles.
      const base = Object.hasOwn(spec.profiles, profile) ? spec.profiles[profile] : undefined;
      if (!base) throw new RangeError(`unknown profile ${profile}`);
      checkOverrides(spec.profiles, base, overrides);
      const merged = { ...base, ...overrides } as Params;
      return spec.parseParams ? spec.parseParams(merged) : (merged as P);
    },
  };
}

/**
 * Overrides (`--set key=value`) must name a parameter the profiles declare
 * (else the build would silently ignore it) and give a number where the
 * parameter is a number: the CLI turns only plain decimals into numbers, so
 * `0x3` or `1e3` arrive as text and are refused here instead of coerced.
 */
function checkOverrides(profiles: Record<string, Params>, base: Params, overrides: Params): void {
  const valid = [...new Set(Object.values(profiles).flatMap((p) => Object.keys(p)))].sort();
  for (const [key, value] of Object.entries(overrides)) {
    if (!valid.includes(key)) {
      const near = closest(key, valid);
      throw new RangeError(`unknown parameter "${key}"${near ? ` (did you mean ${near}?)` : ''}; valid parameters: ${valid.join(', ')}`);
    }
    if (typeof base[key] === 'number' && typeof value !== 'number') throw new RangeError(`${key} must be a decimal number, got "${String(value)}"`);
  }
}

/** The valid key nearest to a mistyped one (edit distance at most 3), if any. */
export function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestD = 4;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** Normalises a table spec and checks that it is self-consistent. */
export function resolveTable(spec: TableSpec, known: ReadonlyMap<string, Table>): Table {
  const columns = spec.columns.map(parseColumn);
  const names = new Set(columns.map((c) => c.name));
  const where = `table ${spec.name}`;
  const need = (cols: string[], what: string) => {
    for (const c of cols) if (!names.has(c)) throw new TypeError(`${where}: ${what} names unknown column ${c}`);
  };
  if (names.size !== columns.length) throw new TypeError(`${where}: duplicate column names`);
  need(spec.primaryKey, 'primary key');
  for (const u of spec.unique ?? []) need(u, 'unique constraint');
  for (const i of spec.indexes ?? []) need(i, 'index');
  need(Object.keys(spec.defaults ?? {}), 'default');
  if (spec.tenantColumn) need([spec.tenantColumn], 'tenant column');
  const orderBy = spec.orderBy ?? spec.primaryKey;
  need(orderBy, 'orderBy');
  const foreignKeys = (spec.foreignKeys ?? []).map((fk) => {
    need(fk.columns, 'foreign key');
    const parent = known.get(fk.table);
    if (!parent) throw new TypeError(`${where}: foreign key to ${fk.table}, which is not declared before it`);
    const references = fk.references ?? parent.primaryKey;
    if (references.length !== fk.columns.length) throw new TypeError(`${where}: foreign key ${fk.columns} and ${fk.table}(${references}) differ in length`);
    return { columns: fk.columns, table: fk.table, references };
  });
  return {
    ...spec,
    columns,
    unique: spec.unique ?? [],
    foreignKeys,
    checks: spec.checks ?? {},
    indexes: spec.indexes ?? [],
    defaults: spec.defaults ?? {},
    policies: spec.policies ?? {},
    orderBy,
  };
}

export function resolveTables(specs: TableSpec[]): Table[] {
  const known = new Map<string, Table>();
  for (const spec of specs) {
    if (known.has(spec.name)) throw new TypeError(`table ${spec.name} is declared twice`);
    known.set(spec.name, resolveTable(spec, known));
  }
  return [...known.values()];
}
