/**
 * A generator for one column, guessed from its name, type and checks: the
 * TypeScript expression a generated dataset uses. `__H__` stands for the
 * column's cell hash (`<stream>.at(i)`); faker is positioned by it.
 */
import type { ColumnRules } from './checks.ts';
import type { ForgeType } from './types.ts';

export interface Guess {
  expr: string;
  /** Set when the guess is weak, for the generated file's comment. */
  note?: string;
}

const has = (name: string, ...words: string[]) => words.some((w) => new RegExp(`(^|_)${w}($|_)`).test(name));
const F = (call: string) => `ctx.faker.at(__H__).${call}`;

function textGuess(name: string, table: string): Guess {
  if (has(name, 'email', 'mail')) return { expr: `${F('internet.email({ provider: "example.com" })')}.toLowerCase()` };
  if (has(name, 'first', 'firstname', 'given')) return { expr: F('person.firstName()') };
  if (has(name, 'last', 'lastname', 'surname', 'family')) return { expr: F('person.lastName()') };
  if (has(name, 'phone', 'mobile', 'fax', 'tel')) return { expr: 'v.phone(__H__)' };
  if (has(name, 'ip', 'ipv4', 'ip_address')) return { expr: 'v.privateIp(__H__)' };
  if (has(name, 'url', 'website', 'homepage', 'link')) return { expr: F('internet.url()') };
  if (has(name, 'username', 'login', 'handle')) return { expr: F('internet.username()') };
  if (has(name, 'password', 'hash', 'token', 'secret', 'salt', 'key')) return { expr: 'v.hex(__H__, 32)' };
  if (has(name, 'address', 'street', 'address1', 'line1')) return { expr: F('location.streetAddress()') };
  if (has(name, 'address2', 'line2')) return { expr: F('location.secondaryAddress()') };
  if (has(name, 'city', 'town')) return { expr: F('location.city()') };
  if (has(name, 'state', 'province', 'region', 'county')) return { expr: F('location.state()') };
  if (has(name, 'country')) return { expr: F('location.country()') };
  if (has(name, 'zip', 'postal', 'postcode', 'zipcode')) return { expr: F('location.zipCode()') };
  if (has(name, 'company', 'organization', 'organisation', 'employer', 'vendor', 'supplier')) return { expr: F('company.name()') };
  if (has(name, 'currency')) return { expr: `v.oneOf(__H__, ['USD', 'EUR', 'GBP'])` };
  if (has(name, 'color', 'colour')) return { expr: F('color.human()') };
  if (has(name, 'role')) return { expr: `v.oneOf(__H__, ['admin', 'member', 'viewer'])`, note: 'guessed roles' };
  if (has(name, 'status', 'state', 'kind', 'type', 'category', 'level', 'tier', 'priority'))
    return { expr: `v.oneOf(__H__, ['active', 'pending', 'inactive'])`, note: 'guessed labels: no enum or check names the values' };
  if (has(name, 'description', 'notes', 'note', 'comment', 'comments', 'body', 'summary', 'bio', 'text', 'content', 'message'))
    return { expr: F('lorem.sentence()') };
  if (has(name, 'title', 'subject', 'headline')) return { expr: `v.words(__H__, ctx.faker, 2, 4)` };
  if (has(name, 'name', 'fullname', 'full_name', 'display_name', 'contact'))
    return /company|org|vendor|supplier|customer_account|account|store|shop|brand/.test(table) && !has(name, 'contact')
      ? { expr: F('company.name()') }
      : /person|user|customer|client|patient|employee|staff|member|actor|artist|author|provider|contact|people/.test(table) ||
          has(name, 'full', 'fullname', 'display', 'contact')
        ? { expr: F('person.fullName()') }
        : { expr: `v.words(__H__, ctx.faker, 1, 3)`, note: 'guessed: a name of a thing' };
  if (has(name, 'code', 'sku', 'slug', 'ref', 'reference')) return { expr: `${F('string.alphanumeric(8)')}.toUpperCase()` };
  return { expr: `v.words(__H__, ctx.faker, 1, 3)`, note: 'no better guess than words' };
}

function intRange(name: string, t: ForgeType, r: ColumnRules): [number, number, string?] {
  let lo = 1;
  let hi = 1000;
  let note: string | undefined;
  if (has(name, 'year')) [lo, hi] = [1990, 2025];
  else if (has(name, 'age')) [lo, hi] = [18, 90];
  else if (has(name, 'quantity', 'qty', 'count', 'stock', 'units')) [lo, hi] = [1, 50];
  else if (has(name, 'rating', 'score', 'stars')) [lo, hi] = [1, 5];
  else if (has(name, 'percent', 'pct', 'percentage')) [lo, hi] = [0, 100];
  else if (has(name, 'minutes', 'duration', 'length', 'seconds')) [lo, hi] = [5, 180];
  else note = 'guessed range';
  if (r.min !== undefined) lo = Math.max(lo, Math.ceil(r.min + (r.minExclusive && Number.isInteger(r.min) ? 1 : 0)));
  if (r.max !== undefined) hi = Math.min(hi, Math.floor(r.max - (r.maxExclusive && Number.isInteger(r.max) ? 1 : 0)));
  if (r.min !== undefined && lo > hi) hi = lo + 100;
  if (r.max !== undefined && lo > hi) lo = hi - 100;
  if (r.min !== undefined && r.max !== undefined) [lo, hi] = [Math.ceil(r.min + (r.minExclusive ? 1 : 0)), Math.floor(r.max - (r.maxExclusive ? 1 : 0))];
  hi = Math.min(hi, t.intMax ?? hi);
  return note ? [lo, hi, note] : [lo, hi];
}

/** The usual range of a date column, inside the bounds its checks set. */
function dateRange(name: string, r: ColumnRules): [string, string] {
  let [from, to] = has(name, 'birth', 'dob', 'birthday', 'born') ? ['1940-01-01', '2005-12-31'] : ['2023-01-01', '2024-12-31'];
  if (r.minDate && r.minDate > from) from = r.minDate;
  if (r.maxDate && r.maxDate < to) to = r.maxDate;
  if (from > to) [from, to] = r.minDate && r.maxDate ? [r.minDate, r.maxDate] : r.minDate ? [r.minDate, r.minDate] : [r.maxDate!, r.maxDate!];
  return [from, to];
}

/** The expression of a column that has no key role (keys are planned elsewhere). */
export function guessValue(name: string, table: string, t: ForgeType, r: ColumnRules, sibling: (c: string) => boolean): Guess {
  if (r.cases?.length) {
    // One generator per case of the check, chosen by the other column's value (made first).
    const { cases, ...rest } = r;
    const base = guessValue(name, table, t, rest, sibling);
    const expr = cases.reduceRight(
      (e, c) => `${JSON.stringify(c.values)}.includes(c_${c.column}) ? ${guessValue(name, table, t, { ...rest, ...c.rules }, sibling).expr} : ${e}`,
      base.expr,
    );
    return { expr: `(${expr})` };
  }
  if (r.choices) return { expr: `v.oneOf(__H__, ${JSON.stringify(r.choices)})` };
  switch (t.kind) {
    case 'text': {
      const g = textGuess(name, table);
      return t.max !== undefined ? { ...g, expr: `v.fit(${g.expr}, ${t.max})` } : g;
    }
    case 'int': {
      const [lo, hi, note] = intRange(name, t, r);
      return note ? { expr: `v.int(__H__, ${lo}, ${hi})`, note } : { expr: `v.int(__H__, ${lo}, ${hi})` };
    }
    case 'numeric': {
      const step = 10 ** -(t.scale ?? 0);
      const cap = 10 ** ((t.precision ?? 12) - (t.scale ?? 0)) - step;
      let lo = r.min !== undefined ? r.min + (r.minExclusive ? step : 0) : has(name, 'price', 'amount', 'cost', 'total', 'fee', 'balance') ? 1 : 0;
      let hi = r.max !== undefined ? r.max - (r.maxExclusive ? step : 0) : Math.min(cap, Math.max(lo + 100, 1000));
      hi = Math.min(hi, cap);
      // Only an upper bound (`amount < 0`): a range below it.
      if (lo > hi) lo = r.min === undefined ? Math.max(-cap, hi - 1000) : hi;
      const round = (x: number) => Number(x.toFixed(t.scale ?? 0));
      return { expr: `v.decimal(__H__, ${round(lo)}, ${round(hi)}, ${t.scale ?? 0})` };
    }
    case 'date':
      if (r.after) return { expr: `c_${r.after.column} + v.int(__H__, ${r.after.orEqual ? 0 : 1}, 30)` };
      return {
        expr: `v.dateIn(__H__, ${dateRange(name, r)
          .map((d) => `'${d}'`)
          .join(', ')})`,
      };
    case 'timestamptz':
      if (r.after) return { expr: `v.after(__H__, c_${r.after.column})` };
      if (has(name, 'updated', 'modified', 'changed') && sibling(name.replace(/updated|modified|changed/, 'created')))
        return { expr: `v.after(__H__, c_${name.replace(/updated|modified|changed/, 'created')})` };
      return {
        expr: `v.timestampIn(__H__, ${dateRange(name, r)
          .map((d) => `'${d}'`)
          .join(', ')})`,
      };
    case 'boolean':
      return has(name, 'active', 'enabled', 'is', 'has', 'verified', 'valid', 'visible', 'published')
        ? { expr: 'v.int(__H__, 0, 9) < 8' }
        : { expr: 'v.int(__H__, 0, 1) === 1' };
    case 'uuid':
      return { expr: 'v.uniqueUuid(__H__, i)' };
    case 'jsonb':
      return { expr: 'v.smallObject(__H__, ctx.faker)' };
  }
}

/** A value unique by construction from index `d` (row index or a key digit). */
export function uniqueValue(name: string, table: string, t: ForgeType, r: ColumnRules, d: string, ordered = false): Guess | undefined {
  switch (t.kind) {
    case 'int':
      return { expr: `${Math.max(1, r.min !== undefined ? Math.ceil(r.min + (r.minExclusive ? 1 : 0)) : 1)} + ${d}` };
    case 'numeric':
      return { expr: `${Math.max(1, r.min !== undefined ? Math.ceil(r.min + 1) : 1)} + ${d}` };
    case 'uuid':
      return { expr: `v.uniqueUuid(__H__, ${d})` };
    case 'text': {
      if (r.choices) return undefined;
      if (/(^|_)e?mail($|_)/.test(name)) return { expr: `v.uniqueEmail(__H__, ctx.faker, ${d}${t.max !== undefined ? `, ${t.max}` : ''})` };
      const g = textGuess(name, table);
      // A primary key must sort in row order (artifacts are in key order): the index leads.
      if (ordered) return { expr: `v.keyText(${d}, ${g.expr}${t.max !== undefined ? `, ${t.max}` : ''})` };
      return { expr: `v.fit(${g.expr}, ${t.max ?? 'undefined'}, '-' + (${d} + 1))` };
    }
    case 'date':
      return { expr: `v.dateIn(__H__, '2020-01-01', '2020-01-01') + ${d}` };
    case 'timestamptz':
      return { expr: `v.timestampIn(__H__, '2020-01-01', '2020-01-01') + ${d} * 1000` };
    default:
      return undefined;
  }
}
