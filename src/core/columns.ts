/**
 * Column declarations. A dataset writes columns the way SQL reads:
 * `'price numeric(10,2)'`, `'closed_on date null'`. The core only carries
 * the type name; what a type means in a file is the emitters' business.
 */

export type ColumnKind = 'int' | 'numeric' | 'text' | 'date' | 'timestamptz' | 'boolean' | 'uuid' | 'jsonb' | 'real_array';

export interface Column {
  name: string;
  /** The Postgres type exactly as it is written in schema.sql. */
  type: string;
  nullable: boolean;
  kind: ColumnKind;
  /** Digits after the decimal point, for numeric(p,s). */
  scale?: number;
}

const TYPES: { re: RegExp; kind: ColumnKind }[] = [
  { re: /^(smallint|integer|bigint)$/, kind: 'int' },
  { re: /^numeric\((\d+),(\d+)\)$/, kind: 'numeric' },
  { re: /^(text|varchar\(\d+\))$/, kind: 'text' },
  { re: /^date$/, kind: 'date' },
  { re: /^timestamptz$/, kind: 'timestamptz' },
  { re: /^boolean$/, kind: 'boolean' },
  { re: /^uuid$/, kind: 'uuid' },
  { re: /^jsonb$/, kind: 'jsonb' },
  { re: /^real\[\]$/, kind: 'real_array' },
];

const NAME = /^[a-z_][a-z0-9_]*$/;

/** Parses `'name type [null]'`. Columns are NOT NULL unless they say `null`. */
export function parseColumn(decl: string): Column {
  const parts = decl.trim().split(/\s+/);
  const [name, rawType, flag] = parts;
  if (parts.length < 2 || parts.length > 3 || (flag !== undefined && flag !== 'null') || !NAME.test(name)) {
    throw new TypeError(`column declaration must read "name type [null]" with a lower-case name, got ${JSON.stringify(decl)}`);
  }
  const type = rawType.toLowerCase();
  for (const t of TYPES) {
    const m = t.re.exec(type);
    if (!m) continue;
    const column: Column = { name, type, nullable: flag === 'null', kind: t.kind };
    if (t.kind === 'numeric') column.scale = Number(m[2]);
    return column;
  }
  throw new TypeError(
    `column ${name}: type ${rawType} is not supported (use smallint, integer, bigint, numeric(p,s), text, varchar(n), date, timestamptz, boolean, uuid, jsonb or real[])`,
  );
}

/** A column as a manifest describes it. */
export interface ColumnInfo {
  name: string;
  type: string;
  nullable: boolean;
}

/** The kind of a manifest's column (readers decode values by it). */
export function columnKind(c: ColumnInfo): ColumnKind {
  return parseColumn(`${c.name} ${c.type}${c.nullable ? ' null' : ''}`).kind;
}
