/**
 * Evaluating a CHECK constraint's SQL offline, on one row's text values, for
 * the part of SQL that datasets write in checks: comparisons, AND/OR/NOT,
 * BETWEEN, IN, IS [NOT] NULL, LIKE, + - * / %, and a few functions. SQL's
 * three-valued logic holds: a check fails only when it is false, not NULL.
 * Anything else (casts, regex operators, other functions) is Unsupported and
 * the check is left to the database (`forge validate --db`). The SQL is
 * parsed here, never sent anywhere: an artifact is data, not code.
 */
import type { ColumnKind } from '../core/columns.ts';

export class Unsupported extends Error {}

/** A typed SQL value: number, text, boolean, date (epoch days), timestamptz (epoch ms). */
type Val = { k: 'n'; v: number } | { k: 's'; v: string } | { k: 'b'; v: boolean } | { k: 'd'; v: number } | { k: 't'; v: number } | null;
type Node = (row: (name: string) => Val) => Val;

const TOKEN = /\s*(?:(\d+(?:\.\d+)?)|'((?:[^']|'')*)'|([A-Za-z_][A-Za-z0-9_]*)|"((?:[^"]|"")+)"|(<>|!=|<=|>=|\|\||[=<>(),+\-*/%]))/y;

function tokenize(sql: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < sql.length) {
    if (/^\s*$/.test(sql.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(sql);
    if (!m) throw new Unsupported(`cannot read ${JSON.stringify(sql.slice(at, at + 12))}`);
    if (m[1] !== undefined) out.push('#' + m[1]);
    else if (m[2] !== undefined) out.push("'" + m[2].replace(/''/g, "'"));
    else if (m[3] !== undefined) out.push(m[3].toLowerCase());
    else if (m[4] !== undefined) out.push('"' + m[4].replace(/""/g, '"'));
    else out.push(m[5]);
  }
  return out;
}

const DAY_MS = 86_400_000;
/** A column's text (as Postgres prints it in UTC) to a typed value. */
export function typedValue(kind: ColumnKind, text: string | null): Val {
  if (text === null) return null;
  switch (kind) {
    case 'int':
    case 'numeric':
      return { k: 'n', v: Number(text) };
    case 'boolean':
      return { k: 'b', v: text === 't' };
    case 'date':
      return { k: 'd', v: Date.parse(text + 'T00:00:00Z') / DAY_MS };
    case 'timestamptz':
      return { k: 't', v: Date.parse(text.replace(' ', 'T').replace(/\+00$/, 'Z')) };
    default:
      return { k: 's', v: text };
  }
}

/** Brings a text literal to the other side's type, as Postgres' unknown-literal coercion does. */
function coerce(a: NonNullable<Val>, b: NonNullable<Val>): [number | string | boolean, number | string | boolean] {
  if (a.k === b.k) return [a.v, b.v];
  if (a.k === 's' && b.k !== 's') return [coerce(b, a)[1], b.v];
  if (b.k === 's') {
    const s = b.v;
    if (a.k === 'n' && /^-?\d+(\.\d+)?$/.test(s)) return [a.v, Number(s)];
    if (a.k === 'd' && /^\d{4}-\d\d-\d\d$/.test(s)) return [a.v, Date.parse(s + 'T00:00:00Z') / DAY_MS];
    if (a.k === 'b' && /^(t|f|true|false)$/i.test(s)) return [a.v, /^t/i.test(s)];
  }
  throw new Unsupported(`compares ${a.k} with ${b.k}`);
}

const CMP: Record<string, (c: number) => boolean> = {
  '=': (c) => c === 0,
  '<>': (c) => c !== 0,
  '!=': (c) => c !== 0,
  '<': (c) => c < 0,
  '<=': (c) => c <= 0,
  '>': (c) => c > 0,
  '>=': (c) => c >= 0,
};

function compare(a: Val, b: Val): number | null {
  if (a === null || b === null) return null;
  const [x, y] = coerce(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

const bool = (v: boolean | null): Val => (v === null ? null : { k: 'b', v });
const truth = (v: Val): boolean | null => {
  if (v === null) return null;
  if (v.k !== 'b') throw new Unsupported('a non-boolean used as a condition');
  return v.v;
};

function likeToRegex(pattern: string): RegExp {
  let re = '^';
  for (const ch of pattern) re += ch === '%' ? '[\\s\\S]*' : ch === '_' ? '[\\s\\S]' : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(re + '$');
}

function arith(op: string, a: Val, b: Val): Val {
  if (a === null || b === null) return null;
  if (op === '||') return { k: 's', v: String(a.v) + String(b.v) };
  if (a.k === 'd' && b.k === 'n' && (op === '+' || op === '-')) return { k: 'd', v: op === '+' ? a.v + b.v : a.v - b.v };
  if (a.k === 'd' && b.k === 'd' && op === '-') return { k: 'n', v: a.v - b.v };
  if (a.k !== 'n' || b.k !== 'n') throw new Unsupported(`arithmetic on ${a.k} and ${b.k}`);
  const v = op === '+' ? a.v + b.v : op === '-' ? a.v - b.v : op === '*' ? a.v * b.v : op === '/' ? a.v / b.v : a.v % b.v;
  if (!Number.isFinite(v)) throw new Unsupported('division by zero');
  return { k: 'n', v };
}

const FUNCTIONS: Record<string, (args: Val[]) => Val> = {
  length: ([a]) => (a === null ? null : { k: 'n', v: [...String(a.v)].length }),
  char_length: ([a]) => (a === null ? null : { k: 'n', v: [...String(a.v)].length }),
  lower: ([a]) => (a === null ? null : { k: 's', v: String(a.v).toLowerCase() }),
  upper: ([a]) => (a === null ? null : { k: 's', v: String(a.v).toUpperCase() }),
  abs: ([a]) =>
    a === null
      ? null
      : a.k === 'n'
        ? { k: 'n', v: Math.abs(a.v) }
        : (() => {
            throw new Unsupported('abs of a non-number');
          })(),
  coalesce: (args) => args.find((a) => a !== null) ?? null,
};

/** Parses a check expression into a function of the row; throws Unsupported for SQL outside the subset. */
export function compileCheck(sql: string, columns: ReadonlySet<string>): Node {
  const t = tokenize(sql);
  let i = 0;
  const peek = (k = 0) => t[i + k];
  const eat = (tok: string) => {
    if (t[i] !== tok) throw new Unsupported(`expected ${tok} at ${t[i] ?? 'end'}`);
    i++;
  };

  const or = (): Node => {
    let l = and();
    while (peek() === 'or') {
      i++;
      const a = l,
        b = and();
      l = (r) => {
        const x = truth(a(r)),
          y = truth(b(r));
        return bool(x === true || y === true ? true : x === null || y === null ? null : false);
      };
    }
    return l;
  };
  const and = (): Node => {
    let l = not();
    while (peek() === 'and') {
      i++;
      const a = l,
        b = not();
      l = (r) => {
        const x = truth(a(r)),
          y = truth(b(r));
        return bool(x === false || y === false ? false : x === null || y === null ? null : true);
      };
    }
    return l;
  };
  const not = (): Node => {
    if (peek() === 'not') {
      i++;
      const a = not();
      return (r) => {
        const x = truth(a(r));
        return bool(x === null ? null : !x);
      };
    }
    return predicate();
  };
  const predicate = (): Node => {
    const l = additive();
    const op = peek();
    if (op && op in CMP) {
      i++;
      const rhs = additive();
      return (r) => {
        const c = compare(l(r), rhs(r));
        return bool(c === null ? null : CMP[op](c));
      };
    }
    if (op === 'is') {
      i++;
      const negate = peek() === 'not' ? (i++, true) : false;
      eat('null');
      return (r) => bool((l(r) === null) !== negate);
    }
    const negate = op === 'not' && ['between', 'in', 'like'].includes(peek(1)) ? (i++, true) : false;
    const wrap = (n: Node): Node =>
      negate
        ? (r) => {
            const x = truth(n(r));
            return bool(x === null ? null : !x);
          }
        : n;
    if (peek() === 'between') {
      i++;
      const lo = additive();
      eat('and');
      const hi = additive();
      return wrap((r) => {
        const v = l(r);
        const a = compare(v, lo(r)),
          b = compare(v, hi(r));
        if (a !== null && a < 0) return bool(false);
        if (b !== null && b > 0) return bool(false);
        return bool(a === null || b === null ? null : true);
      });
    }
    if (peek() === 'in') {
      i++;
      eat('(');
      const items: Node[] = [additive()];
      while (peek() === ',') {
        i++;
        items.push(additive());
      }
      eat(')');
      return wrap((r) => {
        const v = l(r);
        let sawNull = v === null;
        for (const it of items) {
          const c = compare(v, it(r));
          if (c === 0) return bool(true);
          if (c === null) sawNull = true;
        }
        return bool(sawNull ? null : false);
      });
    }
    if (peek() === 'like') {
      i++;
      const p = peek();
      if (!p?.startsWith("'")) throw new Unsupported('LIKE with a non-literal pattern');
      i++;
      const re = likeToRegex(p.slice(1));
      return wrap((r) => {
        const v = l(r);
        return v === null ? null : bool(re.test(String(v.v)));
      });
    }
    return l;
  };
  const additive = (): Node => {
    let l = mult();
    while (peek() === '+' || peek() === '-' || peek() === '||') {
      const op = t[i++];
      const a = l,
        b = mult();
      l = (r) => arith(op, a(r), b(r));
    }
    return l;
  };
  const mult = (): Node => {
    let l = unary();
    while (peek() === '*' || peek() === '/' || peek() === '%') {
      const op = t[i++];
      const a = l,
        b = unary();
      l = (r) => arith(op, a(r), b(r));
    }
    return l;
  };
  const unary = (): Node => {
    if (peek() === '-') {
      i++;
      const a = unary();
      return (r) => arith('-', { k: 'n', v: 0 }, a(r));
    }
    return primary();
  };
  const primary = (): Node => {
    const tok = t[i++];
    if (tok === undefined) throw new Unsupported('unexpected end');
    if (tok === '(') {
      const e = or();
      eat(')');
      return e;
    }
    if (tok.startsWith('#')) {
      const v: Val = { k: 'n', v: Number(tok.slice(1)) };
      return () => v;
    }
    if (tok.startsWith("'")) {
      const v: Val = { k: 's', v: tok.slice(1) };
      return () => v;
    }
    if (tok === 'true' || tok === 'false') {
      const v: Val = { k: 'b', v: tok === 'true' };
      return () => v;
    }
    if (tok === 'null') return () => null;
    const name = tok.startsWith('"') ? tok.slice(1) : tok;
    if (peek() === '(' && !tok.startsWith('"')) {
      const fn = FUNCTIONS[name];
      if (!fn) throw new Unsupported(`function ${name}`);
      i++;
      const args: Node[] = [];
      if (peek() !== ')') {
        args.push(or());
        while (peek() === ',') {
          i++;
          args.push(or());
        }
      }
      eat(')');
      return (r) => fn(args.map((a) => a(r)));
    }
    if (!columns.has(name)) throw new Unsupported(`${name} is not a column`);
    return (r) => r(name);
  };

  const node = or();
  if (i !== t.length) throw new Unsupported(`unexpected ${t[i]}`);
  return node;
}

/** true: holds; false: violated; null: NULL (holds, in SQL). */
export function checkHolds(node: Node, row: (name: string) => Val): boolean {
  return truth(node(row)) !== false;
}

export type { Val };
