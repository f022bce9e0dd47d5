/**
 * Postgres CSV quoting, written by hand because it is the hot path:
 * a field is quoted when it is empty (so that it differs from NULL, which is
 * an unquoted empty field) or holds a comma, a quote, CR or LF.
 */
const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(s: string): string {
  if (s === '') return '""';
  if (!NEEDS_QUOTES.test(s)) return s;
  return '"' + s.replace(/"/g, '""') + '"';
}

/** Postgres also quotes a lone `\.` in a one-column table, lest it end the COPY. */
export function csvFieldSingleColumn(s: string): string {
  return s === '\\.' ? '"\\."' : csvField(s);
}
