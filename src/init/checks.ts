/**
 * Reads the simple forms of check constraints that generators can honour:
 * bounds (`x > 0`, `x BETWEEN a AND b` as Postgres prints it), choices
 * (`x IN (...)`, `x = ANY (ARRAY[...])`) and order between two columns
 * (`ends_at > starts_at`). Anything else is reported, not guessed.
 */

export interface ColumnRules {
  min?: number;
  max?: number;
  /** Exclusive bounds are tightened by the generator's step. */
  minExclusive?: boolean;
  maxExclusive?: boolean;
  choices?: string[];
  /** Date bounds (ISO dates, inclusive unless the flag says otherwise): `dob >= '1930-01-01'`. */
  minDate?: string;
  maxDate?: string;
  /** A LIKE pattern the value must match (`email LIKE '%@%.local'`). */
  like?: string;
  /** This column must differ from another (`asset_id <> depends_on_asset_id`). */
  differs?: string;
  /**
   * Rules that depend on another column's value, from checks such as
   * `(type IN ('charge','refund') AND amount > 0) OR (type IN (...) AND amount < 0)`:
   * the first case whose `values` hold the other column's value applies.
   */
  cases?: { column: string; values: string[]; rules: ColumnRules }[];
  /** This column must be after (or equal to, `orEqual`) another column. */
  after?: { column: string; orEqual: boolean };
  /**
   * Conditional rules from checks such as `(status = 'FAILED') = (error IS NOT NULL)`
   * (`iff`) or `type <> 'server' OR os IN (...)`: when `column` equals
   * `value`, this column is NULL, not NULL or one of `choices` (and, for
   * `iff`, the opposite of NULL/not NULL otherwise).
   */
  when?: { column: string; value: string; then: 'null' | 'notNull' | string[]; iff: boolean }[];
}

/** The parts of `a AND (b AND c)`, nested conjunctions flattened. */
const conjuncts = (expr: string): string[] => split(expr, ' AND ').flatMap((p) => (split(p, ' AND ').length > 1 ? conjuncts(p) : [p]));

/** Splits `a AND b AND c` (or OR) at the top level of parentheses. */
function split(expr: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  let quoted = false;
  for (let i = 0; i < expr.length; i++) {
    const ch = expr[i];
    if (ch === "'") quoted = !quoted;
    if (quoted) continue;
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (depth === 0 && expr.startsWith(sep, i)) {
      parts.push(expr.slice(start, i));
      start = i + sep.length;
    }
  }
  parts.push(expr.slice(start));
  return parts.map(strip);
}

/** Removes parentheses that wrap the whole expression. */
function strip(expr: string): string {
  let e = expr.trim();
  for (;;) {
    if (!e.startsWith('(') || !e.endsWith(')')) return e;
    let depth = 0;
    let wraps = true;
    for (let i = 0; i < e.length - 1; i++) {
      if (e[i] === '(') depth++;
      else if (e[i] === ')') depth--;
      if (depth === 0) {
        wraps = false;
        break;
      }
    }
    if (!wraps) return e;
    e = e.slice(1, -1).trim();
  }
}

const CAST = String.raw`(?:::[a-z_ ]+(?:\(\d+(?:,\d+)?\))?(?:\[\])?)?`;
const COLUMN = String.raw`\(?"?([a-z_][a-z0-9_]*)"?\)?${CAST}`;
const NUMBER = String.raw`\(?'?(-?\d+(?:\.\d+)?)'?\)?${CAST}`;
const BOUND = new RegExp(`^${COLUMN} (>=|>|<=|<) ${NUMBER}$`);
const BOUND_REVERSED = new RegExp(`^${NUMBER} (>=|>|<=|<) ${COLUMN}$`);
const ANY = new RegExp(`^${COLUMN} = ANY \\((.*)\\)$`);
const ORDER = new RegExp(`^${COLUMN} (>=|>|<=|<) ${COLUMN}$`);
const FLIP: Record<string, string> = { '>': '<', '>=': '<=', '<': '>', '<=': '>=' };

/**
 * Rules for each column from one check expression, or null when some part
 * of it is not a simple form (the caller reports the whole check).
 */
export function readCheck(expr: string, columns: ReadonlySet<string>): Map<string, ColumnRules> | null {
  const rules = new Map<string, ColumnRules>();
  const of = (c: string) => {
    let r = rules.get(c);
    if (!r) rules.set(c, (r = {}));
    return r;
  };
  const whole = strip(expr);
  const conditional = readConditional(whole, columns);
  if (conditional) {
    of(conditional.column).when = [conditional.rule];
    return rules;
  }
  // `a IS NULL OR b IS NULL OR b > a`: NULLs pass; the one comparison left is the rule.
  const alternatives = split(whole, ' OR ').filter((p) => !/^"?[a-z_][a-z0-9_]*"? IS NULL$/.test(p));
  if (alternatives.length > 1) return readCases(alternatives, columns);
  if (alternatives.length !== 1) return alternatives.length === 0 ? rules : null;
  for (const part of conjuncts(alternatives[0])) {
    let d = DATE_BOUND.exec(part);
    if (d && columns.has(d[1])) {
      const r = of(d[1]);
      const day = shiftDay(d[3], d[2] === '>' ? 1 : d[2] === '<' ? -1 : 0);
      if (d[2][0] === '>') r.minDate = r.minDate && r.minDate > day ? r.minDate : day;
      else r.maxDate = r.maxDate && r.maxDate < day ? r.maxDate : day;
      continue;
    }
    if ((d = LIKE.exec(part)) && columns.has(d[1])) {
      of(d[1]).like = unquote(d[2]);
      continue;
    }
    if ((d = DIFFERS.exec(part)) && columns.has(d[1]) && columns.has(d[2])) {
      of(d[2]).differs = d[1];
      continue;
    }
    let m = BOUND.exec(part);
    let column: string | undefined;
    let op: string | undefined;
    let value: number | undefined;
    if (m) [column, op, value] = [m[1], m[2], Number(m[3])];
    else if ((m = BOUND_REVERSED.exec(part))) [column, op, value] = [m[3], FLIP[m[2]], Number(m[1])];
    if (column && op && value !== undefined && columns.has(column)) {
      const r = of(column);
      if (op[0] === '>') {
        if (r.min === undefined || value >= r.min) Object.assign(r, { min: value, minExclusive: op === '>' });
      } else if (r.max === undefined || value <= r.max) Object.assign(r, { max: value, maxExclusive: op === '<' });
      continue;
    }
    if ((m = ANY.exec(part)) && columns.has(m[1])) {
      const labels = [...m[2].matchAll(/'((?:[^']|'')*)'/g)].map((x) => x[1].replace(/''/g, "'"));
      if (labels.length) {
        of(m[1]).choices = labels;
        continue;
      }
    }
    if ((m = ORDER.exec(part)) && columns.has(m[1]) && columns.has(m[3])) {
      const [later, earlier] = m[2][0] === '>' ? [m[1], m[3]] : [m[3], m[1]];
      of(later).after = { column: earlier, orEqual: m[2].length === 2 };
      continue;
    }
    return null;
  }
  return rules;
}

const DATE_BOUND = new RegExp(`^${COLUMN} (>=|>|<=|<) \\(?'(\\d{4}-\\d{2}-\\d{2})'::date\\)?$`);
const LIKE = new RegExp(`^${COLUMN} ~~\\*? '((?:[^']|'')*)'${CAST}$`);
const DIFFERS = new RegExp(`^${COLUMN} <> ${COLUMN}$`);

/** An ISO date moved by whole days (exclusive date bounds become inclusive ones). */
function shiftDay(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * `(x IN (...) AND <bounds on y>) OR (x IN (...) AND <bounds on y>) ...`: x is
 * drawn from the union of the sets, and y follows the case x falls in.
 */
function readCases(alternatives: string[], columns: ReadonlySet<string>): Map<string, ColumnRules> | null {
  let on: string | undefined;
  let target: string | undefined;
  const cases: NonNullable<ColumnRules['cases']> = [];
  for (const alt of alternatives) {
    const [first, ...rest] = conjuncts(alt);
    const d = demand(first, columns);
    if (!d || !Array.isArray(d.then) || (on !== undefined && d.column !== on) || rest.length === 0) return null;
    on = d.column;
    const inner = readCheck(rest.join(' AND '), columns);
    if (inner?.size !== 1) return null;
    const [[column, rules]] = [...inner];
    if ((target !== undefined && column !== target) || column === on || rules.when || rules.cases) return null;
    target = column;
    cases.push({ column: on, values: d.then, rules });
  }
  if (on === undefined || target === undefined) return null;
  return new Map<string, ColumnRules>([
    [on, { choices: [...new Set(cases.flatMap((c) => c.values))] }],
    [target, { cases }],
  ]);
}

const LITERAL = `'((?:[^']|'')*)'${CAST}`;
const EQUALS = new RegExp(`^${COLUMN} (=|<>) ${LITERAL}$`);
const NULLNESS = new RegExp(`^${COLUMN} IS (NOT )?NULL$`);
const unquote = (s: string) => s.replace(/''/g, "'");

/** What a condition on one column asks of another: NULL, not NULL, or a set of values. */
function demand(part: string, columns: ReadonlySet<string>): { column: string; then: 'null' | 'notNull' | string[] } | null {
  let m = NULLNESS.exec(part);
  if (m && columns.has(m[1])) return { column: m[1], then: m[2] ? 'notNull' : 'null' };
  m = ANY.exec(part);
  if (m && columns.has(m[1])) return { column: m[1], then: [...m[2].matchAll(/'((?:[^']|'')*)'/g)].map((x) => unquote(x[1])) };
  m = EQUALS.exec(part);
  if (m && m[2] === '=' && columns.has(m[1])) return { column: m[1], then: [unquote(m[3])] };
  return null;
}

/** `(a = 'X') = (b IS [NOT] NULL)` and `a <> 'X' OR <demand on b>`. */
function readConditional(expr: string, columns: ReadonlySet<string>): { column: string; rule: NonNullable<ColumnRules['when']>[number] } | null {
  const iff = /^\((.+)\) = \((.+)\)$/.exec(expr);
  if (iff) {
    const cond = EQUALS.exec(strip(iff[1]));
    const d = demand(strip(iff[2]), columns);
    if (cond && cond[2] === '=' && columns.has(cond[1]) && d && !Array.isArray(d.then))
      return { column: d.column, rule: { column: cond[1], value: unquote(cond[3]), then: d.then, iff: true } };
    return null;
  }
  const parts = split(expr, ' OR ');
  if (parts.length !== 2) return null;
  for (const [a, b] of [parts, [parts[1], parts[0]]]) {
    const cond = EQUALS.exec(a);
    const d = demand(b, columns);
    if (cond && cond[2] === '<>' && columns.has(cond[1]) && d)
      return { column: d.column, rule: { column: cond[1], value: unquote(cond[3]), then: d.then, iff: false } };
  }
  return null;
}
