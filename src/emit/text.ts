/**
 * Values to Postgres' text output, one pure function per column kind. The
 * CSV file must equal what `COPY ... TO STDOUT (FORMAT csv)` prints (with
 * TimeZone UTC), so each function mirrors Postgres' output function.
 */
import type { Column } from '../core/columns.ts';
import type { JsonValue, Value } from '../core/dataset.ts';
import { IsoDayCache, isoTimestamp, pgTimestamptz } from '../core/dates.ts';

export type Format = (v: NonNullable<Value>) => string;

/** jsonb's output: keys ordered by length then bytes, ", " and ": " separators. */
export function canonicalJsonb(v: JsonValue): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return '[' + v.map(canonicalJsonb).join(', ') + ']';
  const keys = Object.keys(v).sort(jsonbKeyOrder);
  return '{' + keys.map((k) => JSON.stringify(k) + ': ' + canonicalJsonb(v[k])).join(', ') + '}';
}

function jsonbKeyOrder(a: string, b: string): number {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return ba.length - bb.length || Buffer.compare(ba, bb);
}

/**
 * real[] as Postgres prints it: `{0.5,-0.25}`. Values must be float32-exact
 * and 0 or of magnitude in [1e-4, 1e6), where JavaScript's shortest form and
 * Postgres' float4 output are the same text (no exponent either way).
 */
export function realArrayText(v: unknown, open = '{', close = '}'): string {
  if (!Array.isArray(v)) throw new TypeError(`real[] value must be an array of numbers, got ${JSON.stringify(v)}`);
  let out = open;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    const a = Math.abs(x);
    if (typeof x !== 'number' || Math.fround(x) !== x || Object.is(x, -0) || (a !== 0 && (a < 1e-4 || a >= 1e6))) {
      throw new RangeError(`real[] element ${x} is not a float32-exact number 0 or of magnitude in [1e-4, 1e6) (round it, e.g. to multiples of 1/256)`);
    }
    out += (i ? ',' : '') + String(x);
  }
  return out + close;
}

/** Postgres text output for one column (no CSV quoting yet). */
export function pgTextFormat(column: Column): Format {
  switch (column.kind) {
    case 'int':
      return (v) => String(v);
    case 'numeric': {
      const scale = column.scale ?? 0;
      // toFixed prints the exact decimal expansion of the double, rounded:
      // for values computed as whole cents / 100 this is the intended text.
      return (v) => (typeof v === 'number' ? v.toFixed(scale) : String(v));
    }
    case 'date': {
      const cache = new IsoDayCache();
      return (v) => (typeof v === 'number' ? cache.get(v) : String(v));
    }
    case 'timestamptz':
      return (v) => (typeof v === 'number' ? pgTimestamptz(v) : String(v));
    case 'boolean':
      return (v) => (v ? 't' : 'f');
    case 'jsonb':
      return (v) => canonicalJsonb(v as JsonValue);
    case 'real_array':
      return (v) => realArrayText(v);
    case 'text':
    case 'uuid':
      return (v) => String(v);
  }
}

/** JSON text for one column's value (see README: "How JSON represents each type"). */
export function jsonFormat(column: Column): Format {
  switch (column.kind) {
    case 'int':
      return (v) => String(v);
    case 'numeric': {
      // Exact decimal text as a JSON number: no float drift in the file.
      const text = pgTextFormat(column);
      return (v) => text(v);
    }
    case 'boolean':
      return (v) => (v ? 'true' : 'false');
    case 'timestamptz':
      return (v) => JSON.stringify(typeof v === 'number' ? isoTimestamp(v) : String(v));
    case 'jsonb':
      return (v) => canonicalJsonb(v as JsonValue);
    case 'real_array':
      return (v) => realArrayText(v, '[', ']');
    case 'date': {
      const text = pgTextFormat(column);
      return (v) => '"' + text(v) + '"';
    }
    case 'text':
    case 'uuid':
      return (v) => JSON.stringify(String(v));
  }
}
