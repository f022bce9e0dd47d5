/**
 * The dataset model: what a dataset declares. No I/O and no Postgres here;
 * a dataset is data plus pure generator functions.
 */
import type { Column } from './columns.ts';
import { parseColumn } from './columns.ts';
import type { GenContext } from './context.ts';
import { checkParams } from '../config/check.ts';
import { defaultsOf, type ParamTable, type ParamValue } from '../config/params.ts';
import type { DatasetValidation } from './validation.ts';

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
  /**
   * Each row is also a file of the artifact: the `path` column names it
   * (under documents/), the `body` column is its content. Listed with its
   * sha256 in the manifest (generated documents for a RAG index).
   */
  asFiles?: { path: string; body: string };
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

/** Parameter values: scalars, or lists and maps of them (weekly multipliers, holiday lists). */
export type Params = Record<string, ParamValue>;

/** A named, documented set of parameter values: behaviour, not size (`--scenario holiday_rush`). */
export interface Scenario {
  description: string;
  params: Params;
}

export interface DatasetSpec<P extends Params> {
  name: string;
  /**
   * Bump whenever a change alters generated values, so that users who pin a
   * version keep their data; it is part of the artifact path.
   */
  version: string;
  description: string;
  /**
   * Size profiles. With a parameter table they list only what differs from
   * the table's defaults; without one, every parameter.
   */
  profiles: Record<string, Params>;
  defaultProfile: string;
  /**
   * The parameter table (src/config/params.ts): keys, config-file paths,
   * schemas, defaults, docs. With it, config files, FORGE_* variables,
   * --set by path, --print-config and validation come for free.
   */
  parameters?: ParamTable;
  /** A rule across parameters (endDate after startDate): the message when broken. */
  checkParams?(p: P): string | undefined;
  /** Named parameter sets, applied over the profile (`--scenario NAME`). */
  scenarios?: Record<string, Scenario>;
  /** Scenarios that get a golden dataset of their own besides the plain one. */
  goldenScenarios?: string[];
  /**
   * Parameters an append may change (`forge build --append-from`): those
   * that only add units at the end of tables, never alter existing rows.
   */
  appendable?: string[];
  // Method syntax on purpose: it lets a Dataset<RetailParams> stand where a
  // Dataset<Params> is expected (the CLI's registry) without casts.
  /** Checks and normalises parameters (from a profile plus overrides). */
  parseParams?(raw: Params): P;
  /**
   * Bytes of model state one generating thread holds for these parameters
   * (arrays per store × product pair, say), computed without making it, and
   * what they are: the build refuses beyond its budget before tables() runs.
   */
  stateBytes?(params: P): { bytes: number; what: string };
  /** Builds the tables for one set of parameters, in load (dependency) order. */
  tables(ctx: GenContext, params: P): TableSpec[];
  /** Rules for `forge validate` (allow-lists, promised counts); recorded in the manifest. */
  validation?(params: P): DatasetValidation;
}

export interface Dataset<P extends Params = Params> extends DatasetSpec<P> {
  /** Defaults ← profile ← scenario ← overrides, checked. */
  resolveParams(profile: string, overrides?: Params, scenario?: string): P;
  /** Defaults ← profile ← scenario, unchecked: what overrides are compared against. */
  baseParams(profile: string, scenario?: string): Params;
}

export function defineDataset<P extends Params>(spec: DatasetSpec<P>): Dataset<P> {
  if (!spec.profiles[spec.defaultProfile]) throw new TypeError(`dataset ${spec.name}: default profile ${spec.defaultProfile} is not declared`);
  for (const g of spec.goldenScenarios ?? []) if (!spec.scenarios?.[g]) throw new TypeError(`dataset ${spec.name}: golden scenario ${g} is not declared`);
  const baseParams = (profile: string, scenario?: string): Params => {
    const base = spec.profiles[profile];
    if (!base) throw new RangeError(`unknown profile ${profile}`);
    const sc = scenario === undefined ? undefined : spec.scenarios?.[scenario];
    if (scenario !== undefined && !sc) throw new RangeError(`unknown scenario ${scenario}`);
    return { ...(spec.parameters ? defaultsOf(spec.parameters) : {}), ...base, ...sc?.params };
  };
  return {
    ...spec,
    baseParams,
    resolveParams(profile, overrides = {}, scenario) {
      const merged = { ...baseParams(profile, scenario), ...overrides };
      if (spec.parameters) {
        const where = `dataset ${spec.name} profile ${profile}${scenario ? ` scenario ${scenario}` : ''}`;
        return checkParams(spec.parameters, merged, where, spec.checkParams as (p: Params) => string | undefined) as P;
      }
      return spec.parseParams ? spec.parseParams(merged) : (merged as P);
    },
  };
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
  if (spec.asFiles) need([spec.asFiles.path, spec.asFiles.body], 'asFiles');
  const orderBy = spec.orderBy ?? spec.primaryKey;
  need(orderBy, 'orderBy');
  const foreignKeys = (spec.foreignKeys ?? []).map((fk) => {
    need(fk.columns, 'foreign key');
    // A self-reference (a manager, a parent comment) names the table being declared.
    const parent = fk.table === spec.name ? spec : known.get(fk.table);
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
