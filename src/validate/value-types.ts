/**
 * Does a field's text read as its column's Postgres type, as COPY would
 * accept it? Offline only: online, the database's types already hold.
 */
import { parseColumn } from '../core/columns.ts';

export type TypeCheck = (text: string) => string | undefined;

const INT_LIMITS: Record<string, bigint> = { smallint: 32767n, integer: 2147483647n, bigint: 9223372036854775807n };
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIMESTAMPTZ = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,6})?\+00$/;

function validDate(s: string): boolean {
  const m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** A function from a field's text to a problem (undefined when it reads as the type). */
export function typeCheck(c: { name: string; type: string; nullable: boolean }): TypeCheck {
  const col = parseColumn(`${c.name} ${c.type}${c.nullable ? ' null' : ''}`);
  switch (col.kind) {
    case 'int': {
      const max = INT_LIMITS[col.type];
      return (t) => (/^-?\d+$/.test(t) && BigInt(t) <= max && BigInt(t) >= -max - 1n ? undefined : `not a ${col.type}`);
    }
    case 'numeric': {
      const [, p, s] = /^numeric\((\d+),(\d+)\)$/.exec(col.type)!.map(Number);
      return (t) => {
        const m = /^-?(\d+)(?:\.(\d+))?$/.exec(t);
        if (!m) return `not a ${col.type}`;
        return m[1].replace(/^0+(?=\d)/, '').length > p - s || (m[2] ?? '').length > s ? `out of range for ${col.type}` : undefined;
      };
    }
    case 'boolean':
      return (t) => (t === 't' || t === 'f' ? undefined : 'not a boolean (t or f)');
    case 'date':
      return (t) => (validDate(t) ? undefined : 'not a date (YYYY-MM-DD)');
    case 'timestamptz':
      return (t) => (TIMESTAMPTZ.test(t) && validDate(t.slice(0, 10)) ? undefined : 'not a UTC timestamptz (YYYY-MM-DD HH:MM:SS[.ffffff]+00)');
    case 'uuid':
      return (t) => (UUID.test(t) ? undefined : 'not a uuid');
    case 'jsonb':
      return (t) => {
        try {
          JSON.parse(t);
          return undefined;
        } catch {
          return 'not JSON';
        }
      };
    case 'real_array':
      return (t) =>
        /^\{(?:(?:-?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?|NaN|-?Infinity|NULL)(?:,(?:-?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?|NaN|-?Infinity|NULL))*)?\}$/.test(
          t,
        )
          ? undefined
          : 'not a real[] ({1.5,-2e-05,…})';
    case 'text': {
      // Control characters (other than tab, newline, carriage return) are never text a person wrote.
      const n = /^varchar\((\d+)\)$/.exec(col.type);
      const max = n ? Number(n[1]) : Infinity;
      return (t) => (CONTROL.test(t) ? 'text with control characters' : t.length <= max || [...t].length <= max ? undefined : `longer than ${col.type}`);
    }
  }
}
