/**
 * Postgres' text output of the composite types (jsonb, real[]), mirroring
 * its output functions; the row encoder (row-encoder.ts) holds the rules of
 * every other type.
 */
import type { JsonValue } from '../core/dataset.ts';

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
