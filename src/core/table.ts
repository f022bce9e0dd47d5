/**
 * The typed authoring API: a table is declared once, with every column's
 * name, Postgres type, nullability, keys and references, and rows are then
 * written either by column name (`t.named(...)`) or as a tuple whose type
 * comes from the declaration (`t.tuple(...)`). Both compile down to the
 * positional `Row` arrays of `TableSpec` that the emitters write: a tuple is
 * the row itself (no cost at all), a named row goes through a converter
 * generated once per table (`[o.a, o.b, ...]`, one array literal), so the
 * hot path stays what it was.
 *
 *     const store = defineTable({
 *       name: 'store', role: 'dimension',
 *       columns: [col.integer('store_id').primaryKey(), col.varchar('code', 10).unique(), col.date('closed_on').nullable()],
 *     });
 *     store.spec(countedRows(n, store.named((i) => ({ store_id: i + 1, code: `S${i}`, closed_on: null }))));
 */
import type { ForeignKey, JsonValue, Row, RowSource, TableSpec } from './dataset.ts';

interface ColumnState {
  readonly name: string;
  /** The Postgres type as schema.sql writes it. */
  readonly sqlType: string;
  readonly isNullable: boolean;
  readonly isPrimaryKey: boolean;
  readonly isUnique: boolean;
  readonly isIndexed: boolean;
  readonly ref?: { table: string; column?: string };
}

/**
 * One declared column. `N` is its name, `T` the type generators give its
 * values (see the README's type table), `Null` whether it may be NULL: the
 * three carry the declaration into the row types.
 */
export class ColumnDef<N extends string = string, T = unknown, Null extends boolean = boolean> implements ColumnState {
  declare readonly __value: T;
  readonly ref?: { table: string; column?: string };
  constructor(
    readonly name: N,
    readonly sqlType: string,
    readonly isNullable: Null,
    readonly isPrimaryKey = false,
    readonly isUnique = false,
    readonly isIndexed = false,
    ref?: { table: string; column?: string },
  ) {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new TypeError(`column name must be lower-case letters, digits and _, got ${JSON.stringify(name)}`);
    if (ref) this.ref = ref;
  }
  private with<M extends boolean>(changes: Partial<ColumnState> & { isNullable?: M }): ColumnDef<N, T, M> {
    const s = { ...(this as ColumnState), ...changes };
    return new ColumnDef<N, T, M>(this.name, s.sqlType, s.isNullable as M, s.isPrimaryKey, s.isUnique, s.isIndexed, s.ref);
  }
  /** May be NULL (columns are NOT NULL unless they say so). */
  nullable(): ColumnDef<N, T, true> {
    return this.with({ isNullable: true });
  }
  /** The table's primary key (a composite key is declared on the table instead). */
  primaryKey(): ColumnDef<N, T, Null> {
    return this.with({ isPrimaryKey: true, isNullable: this.isNullable });
  }
  /** A single-column unique constraint (composite ones: the table's `unique`). */
  unique(): ColumnDef<N, T, Null> {
    return this.with({ isUnique: true, isNullable: this.isNullable });
  }
  /** A (non-unique) index on this column alone. */
  index(): ColumnDef<N, T, Null> {
    return this.with({ isIndexed: true, isNullable: this.isNullable });
  }
  /** A foreign key to `table`'s primary key, or to `column` of it. */
  references(table: string | { readonly name: string }, column?: string): ColumnDef<N, T, Null> {
    const name = typeof table === 'string' ? table : table.name;
    return this.with({ ref: column === undefined ? { table: name } : { table: name, column }, isNullable: this.isNullable });
  }
  /** `'name type [null]'`, the declaration `TableSpec.columns` holds. */
  get declaration(): string {
    return `${this.name} ${this.sqlType}${this.isNullable ? ' null' : ''}`;
  }
}

const def =
  <T>(type: string) =>
  <N extends string>(name: N) =>
    new ColumnDef<N, T, false>(name, type, false);

/** Column constructors, one per supported Postgres type. */
export const col = {
  smallint: def<number>('smallint'),
  integer: def<number>('integer'),
  bigint: def<number>('bigint'),
  /** A number, or an exact decimal string. */
  numeric: <N extends string>(name: N, precision: number, scale: number) =>
    new ColumnDef<N, number | string, false>(name, `numeric(${precision},${scale})`, false),
  text: def<string>('text'),
  varchar: <N extends string>(name: N, length: number) => new ColumnDef<N, string, false>(name, `varchar(${length})`, false),
  /** An epoch day number, or 'YYYY-MM-DD'. */
  date: def<number | string>('date'),
  /** Epoch milliseconds (UTC), or a timestamp string. */
  timestamptz: def<number | string>('timestamptz'),
  boolean: def<boolean>('boolean'),
  uuid: def<string>('uuid'),
  jsonb: def<JsonValue>('jsonb'),
  /** Numbers that are float32-exact, 0 or of magnitude in [1e-4, 1e6) (see realArrayText). */
  real_array: def<number[]>('real[]'),
};

export type AnyColumn = ColumnDef<string, unknown, boolean>;
type ValueOf<C> = C extends ColumnDef<string, infer T, infer Null> ? (Null extends true ? T | null : T) : never;

/** A row as a tuple, in declaration order, typed column by column. */
export type TupleOf<Cs extends readonly AnyColumn[]> = { -readonly [I in keyof Cs]: ValueOf<Cs[I]> };

/** A row by column name; nullable columns may be left out (NULL). */
export type NamedOf<Cs extends readonly AnyColumn[]> = {
  [C in Cs[number] as C extends ColumnDef<infer N, unknown, false> ? N : never]: ValueOf<C>;
} & {
  [C in Cs[number] as C extends ColumnDef<infer N, unknown, true> ? N : never]?: ValueOf<C>;
};

// A mapped tuple, not Cs[number]['name']: it stays resolvable when Cs has a
// generic rest (a table built from shared columns plus a caller's own).
export type ColumnName<Cs extends readonly AnyColumn[]> = { [I in keyof Cs]: Cs[I] extends ColumnDef<infer N, unknown, boolean> ? N : never }[number];

export interface TableDecl<Cs extends readonly AnyColumn[]> {
  name: string;
  /** Scopes for delete/reset: facts can go while dimensions stay. */
  role: 'dimension' | 'fact';
  columns: Cs;
  /** A composite primary key; a single-column one is declared on the column. */
  primaryKey?: ColumnName<Cs>[];
  /** Composite unique constraints (after the columns' own, in this order). */
  unique?: ColumnName<Cs>[][];
  /** Composite foreign keys, e.g. (tenant_id, client_id) → client (tenant_id, id). */
  foreignKeys?: { columns: ColumnName<Cs>[]; table: string | { readonly name: string }; references?: string[] }[];
  /** Constraint name → SQL boolean expression. */
  checks?: Record<string, string>;
  /** Composite indexes (after the columns' own). */
  indexes?: ColumnName<Cs>[][];
  /** The column that scopes a tenant's rows (tenant resets, validation). */
  tenantColumn?: ColumnName<Cs>;
  /** Column → SQL default expression, e.g. { status: "'pending'", created_at: 'now()' }. */
  defaults?: Partial<Record<ColumnName<Cs>, string>>;
  /** Row-level security policies: name → SQL boolean expression; enables RLS on the table. */
  policies?: Record<string, string>;
  /** The order rows are generated in; defaults to the primary key. */
  orderBy?: ColumnName<Cs>[];
}

export interface TableDef<Cs extends readonly AnyColumn[]> {
  readonly name: string;
  readonly columns: Cs;
  /** Column names in declaration order. */
  readonly columnNames: readonly ColumnName<Cs>[];
  /** The position of a column in a row. */
  position(column: ColumnName<Cs>): number;
  /** Types a function returning tuples; at run time it is the function itself. */
  tuple<A extends unknown[]>(make: (...args: A) => TupleOf<Cs>): (...args: A) => Row;
  /** Turns a function returning rows by name into one returning positional rows. */
  named<A extends unknown[]>(make: (...args: A) => NamedOf<Cs>): (...args: A) => Row;
  /** One row by name, as a positional row (fixed identities). */
  row(values: NamedOf<Cs>): Row;
  /** The table with its rows, as the dataset model takes it. */
  spec(rows: RowSource, overrides?: Partial<Omit<TableSpec, 'columns' | 'rows'>>): TableSpec;
}

/** Declares a table; checks the declaration at once (a typo fails at load, not at build). */
export function defineTable<const Cs extends readonly AnyColumn[]>(decl: TableDecl<Cs>): TableDef<Cs> {
  const where = `table ${decl.name}`;
  const names = decl.columns.map((c) => c.name) as ColumnName<Cs>[];
  if (new Set(names).size !== names.length) throw new TypeError(`${where}: duplicate column names`);
  const pkColumns = decl.columns.filter((c) => c.isPrimaryKey).map((c) => c.name);
  if (pkColumns.length > 1) throw new TypeError(`${where}: several columns say primaryKey(); declare a composite key as the table's primaryKey`);
  if (pkColumns.length === 1 && decl.primaryKey) throw new TypeError(`${where}: primary key declared on column ${pkColumns[0]} and on the table`);
  const primaryKey: string[] = decl.primaryKey ?? pkColumns;
  if (primaryKey.length === 0) throw new TypeError(`${where}: no primary key (mark a column .primaryKey() or give primaryKey)`);
  const foreignKeys: ForeignKey[] = [
    ...decl.columns
      .filter((c) => c.ref)
      .map((c) =>
        c.ref!.column === undefined ? { columns: [c.name], table: c.ref!.table } : { columns: [c.name], table: c.ref!.table, references: [c.ref!.column] },
      ),
    ...(decl.foreignKeys ?? []).map((fk) => {
      const table = typeof fk.table === 'string' ? fk.table : fk.table.name;
      return fk.references ? { columns: fk.columns, table, references: fk.references } : { columns: fk.columns, table };
    }),
  ];
  const base: Omit<TableSpec, 'rows'> = {
    name: decl.name,
    role: decl.role,
    columns: decl.columns.map((c) => c.declaration),
    primaryKey,
    unique: [...decl.columns.filter((c) => c.isUnique).map((c) => [c.name]), ...(decl.unique ?? [])],
    foreignKeys,
    checks: decl.checks ?? {},
    indexes: [...decl.columns.filter((c) => c.isIndexed).map((c) => [c.name]), ...(decl.indexes ?? [])],
    ...(decl.tenantColumn ? { tenantColumn: decl.tenantColumn } : {}),
    ...(decl.orderBy ? { orderBy: decl.orderBy } : {}),
    ...(decl.defaults ? { defaults: decl.defaults as Record<string, string> } : {}),
    ...(decl.policies ? { policies: decl.policies } : {}),
  };
  // One array literal per row, generated once: V8 sees a monomorphic
  // property read per column, as fast as writing the tuple by hand. Names
  // are checked identifiers, so they are safe to paste into the source.
  const toRow = new Function('o', `return [${names.map((n) => `o.${n} ?? null`).join(', ')}];`) as (o: NamedOf<Cs>) => Row;
  return {
    name: decl.name,
    columns: decl.columns,
    columnNames: names,
    position(column) {
      const i = names.indexOf(column);
      if (i < 0) throw new TypeError(`${where}: no column ${column}`);
      return i;
    },
    tuple: (make) => make as (...args: Parameters<typeof make>) => Row,
    named:
      (make) =>
      (...args) =>
        toRow(make(...args)),
    row: (values) => toRow(values),
    spec: (rows, overrides) => ({ ...base, ...overrides, rows }),
  };
}
