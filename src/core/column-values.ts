/**
 * Value makers for datasets that `forge init` writes: each a pure function of
 * a cell hash (and, for unique values, the row index that makes them unique
 * by construction). Hand-written datasets may use them too.
 */
import type { KeyedFaker } from './faker.ts';
import { draw } from './hash.ts';
import { intIn, pick } from './random.ts';

const DAY = 86_400_000;
const dayOf = (iso: string) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY;

/** Cuts text to a varchar's length, keeping a unique suffix whole. */
export function fit(text: string, max: number | undefined, suffix = ''): string {
  if (max === undefined) return text + suffix;
  return text.slice(0, Math.max(0, max - suffix.length)) + suffix.slice(-max);
}

/** A parent row index in [0, n) (foreign keys). */
export function parentIn(h: number, n: number): number {
  return intIn(h, 0, n - 1);
}

/**
 * A parent of the same group: parents are laid out round-robin over `groups`
 * groups (row j belongs to group j % groups), so parent j of group g is
 * g + groups·k. Needs at least one parent in group g (parents ≥ groups).
 */
export function parentInGroup(h: number, group: number, groups: number, parents: number): number {
  const inGroup = Math.floor((parents - 1 - group) / groups) + 1;
  return group + groups * intIn(h, 0, inGroup - 1);
}

/** An earlier row of the same table (self-references stay acyclic). */
export function earlier(h: number, i: number): number {
  return intIn(h, 0, i - 1);
}

/** An earlier row of the same group (rows laid out round-robin over `groups`); needs i >= groups. */
export function earlierInGroup(h: number, i: number, groups: number): number {
  return i - groups * (1 + intIn(h, 0, Math.floor(i / groups) - 1));
}

/** Digits of x in a mixed radix (composite unique keys from one permutation index). */
export function digits(x: number, radix: readonly number[]): number[] {
  const out = new Array<number>(radix.length);
  for (let k = radix.length - 1; k >= 0; k--) {
    out[k] = x % radix[k];
    x = Math.floor(x / radix[k]);
  }
  return out;
}

/** An integer in [lo, hi]. */
export function int(h: number, lo: number, hi: number): number {
  return intIn(h, lo, hi);
}

/** A decimal in [lo, hi] with `scale` digits, as exact text. */
export function decimal(h: number, lo: number, hi: number, scale: number): string {
  const f = 10 ** scale;
  const n = intIn(h, Math.ceil(lo * f), Math.floor(hi * f));
  const neg = n < 0;
  const s = String(Math.abs(n)).padStart(scale + 1, '0');
  const text = scale ? `${s.slice(0, -scale)}.${s.slice(-scale)}` : s;
  return neg ? `-${text}` : text;
}

/** One of the choices. */
export function oneOf<T>(h: number, choices: readonly T[]): T {
  return pick(h, choices);
}

/** A date (epoch day) in [from, to] (ISO dates). */
export function dateIn(h: number, from: string, to: string): number {
  return intIn(h, dayOf(from), dayOf(to));
}

/** A timestamp (epoch ms, whole seconds) in [from, to] (ISO dates). */
export function timestampIn(h: number, from: string, to: string): number {
  return intIn(h, dayOf(from) * 86_400, dayOf(to) * 86_400 + 86_399) * 1000;
}

/** A timestamp some seconds to days after `at` (updated_at after created_at). */
export function after(h: number, at: number, maxDays = 30): number {
  return at + intIn(h, 1, maxDays * 86_400) * 1000;
}

/**
 * A v4-shaped UUID whose first 12 hex digits are the row index: unique by
 * construction, and in row order (Postgres compares UUIDs byte by byte).
 */
export function uniqueUuid(h: number, i: number): string {
  const hex = (x: number) => (x >>> 0).toString(16).padStart(8, '0');
  const a = i.toString(16).padStart(12, '0');
  const b = hex(draw(h, 1));
  const c = hex(draw(h, 2));
  const d = hex(draw(h, 3));
  const variant = ((parseInt(c[0], 16) & 0x3) | 0x8).toString(16);
  return `${a.slice(0, 8)}-${a.slice(8)}-4${b.slice(0, 3)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`;
}

/**
 * A text key in row order: the index, zero-padded, then readable text
 * (`000042-harbor`), cut to a varchar's length. Unique by construction and
 * sorted the same way in any collation up to a million rows.
 */
export function keyText(i: number, text: string, max?: number): string {
  const key = String(i + 1).padStart(max === undefined ? 6 : Math.max(1, Math.min(6, max - 2)), '0');
  return fit(`${key}-${text.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`, max);
}

/** A private IPv4 address (10.0.0.0/8); `i` given makes it unique per row. */
export function privateIp(h: number, i?: number): string {
  const x = i === undefined ? draw(h, 0) & 0xffffff : i + 1;
  return `10.${(x >>> 16) & 255}.${(x >>> 8) & 255}.${x & 255}`;
}

/** A phone number in the reserved fictional range 555-0100..555-0199. */
export function phone(h: number): string {
  return `+1-${intIn(draw(h, 0), 200, 989)}-555-01${String(intIn(draw(h, 1), 0, 99)).padStart(2, '0')}`;
}

/** A small JSON object. */
export function smallObject(h: number, faker: KeyedFaker): { [k: string]: string | number | boolean } {
  return { label: faker.at(draw(h, 0)).word.noun(), score: intIn(draw(h, 1), 0, 100), active: intIn(draw(h, 2), 0, 1) === 1 };
}

/** Words from faker, `min`..`max` of them. */
export function words(h: number, faker: KeyedFaker, min = 1, max = 3): string {
  return faker.at(h).lorem.words(intIn(draw(h, 7), min, max));
}

/** Lower-case hex of `length` digits (tokens, hashes: obviously not real secrets). */
export function hex(h: number, length: number): string {
  let s = '';
  for (let k = 0; s.length < length; k++) s += (draw(h, k) >>> 0).toString(16).padStart(8, '0');
  return s.slice(0, length);
}

/** A unique e-mail on a reserved domain: `first.last.<i+1>@example.com`. */
export function uniqueEmail(h: number, faker: KeyedFaker, i: number, max?: number): string {
  const f = faker.at(h);
  const local = `${f.person.firstName()}.${f.person.lastName()}`.toLowerCase().replace(/[^a-z0-9.]/g, '');
  return fit(local, max === undefined ? undefined : max - 12, `.${i + 1}`) + '@example.com';
}

/**
 * A value that matches a LIKE pattern, made from `base` (the column's usual
 * value): the pattern's literal text is kept, each `%` takes the matching
 * stretch of `base` (the rest of it when the next literal is not there), and
 * each `_` a digit. `base` is kept as it is when it already matches. A
 * unique base stays unique when the pattern has no `_`.
 */
export function like(h: number, pattern: string, base: string, max?: number): string;
export function like(h: number, pattern: string, base: string | null, max?: number): string | null;
export function like(h: number, pattern: string, base: string | null, max?: number): string | null {
  if (base === null) return null;
  const parts: { lit?: string; any?: true; one?: true }[] = [];
  for (let k = 0; k < pattern.length; k++) {
    const ch = pattern[k];
    if (ch === '%') parts.push({ any: true });
    else if (ch === '_') parts.push({ one: true });
    else {
      const lit = ch === '\\' && k + 1 < pattern.length ? pattern[++k] : ch;
      const last = parts[parts.length - 1];
      if (last?.lit !== undefined) last.lit += lit;
      else parts.push({ lit });
    }
  }
  const re = new RegExp(`^${parts.map((p) => (p.any ? '[\\s\\S]*' : p.one ? '[\\s\\S]' : p.lit!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('')}$`);
  if (re.test(base) && (max === undefined || base.length <= max)) return base;
  let pos = 0;
  let digit = 0;
  const out: { text: string; fill: boolean }[] = [];
  parts.forEach((p, k) => {
    if (p.one) out.push({ text: String(intIn(draw(h, 20 + digit++), 0, 9)), fill: false });
    else if (p.lit !== undefined) {
      if (base.startsWith(p.lit, pos)) pos += p.lit.length;
      out.push({ text: p.lit, fill: false });
    } else {
      const next = parts[k + 1]?.lit;
      const at = next === undefined ? -1 : base.indexOf(next, pos);
      const end = next === undefined || at < 0 ? base.length : at;
      out.push({ text: base.slice(pos, end), fill: true });
      pos = end;
    }
  });
  if (max !== undefined) {
    // Cut the stretches taken from base, last first and from their start (a unique
    // suffix such as `.42` ends the first one), never the pattern's own text.
    let over = out.reduce((n, o) => n + o.text.length, 0) - max;
    for (const o of [...out].reverse()) {
      if (over <= 0) break;
      if (!o.fill) continue;
      const cut = Math.min(over, o.text.length);
      o.text = o.text.slice(cut);
      over -= cut;
    }
  }
  return out.map((o) => o.text).join('');
}
