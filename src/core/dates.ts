/**
 * Calendar arithmetic on epoch days (days since 1970-01-01, UTC). Dates are
 * integers in generators: cheap to compare and to key, and free of time
 * zones. Only UTC accessors are used, so TZ never changes a value.
 */

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function dayFromIso(iso: string): number {
  const m = ISO_DATE.exec(iso);
  if (!m) throw new RangeError(`not a date (YYYY-MM-DD): ${JSON.stringify(iso)}`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const day = ms / MS_PER_DAY;
  if (isoFromDay(day) !== iso) throw new RangeError(`not a calendar date: ${iso}`);
  return day;
}

export function dayFromYmd(year: number, month: number, dayOfMonth: number): number {
  return Date.UTC(year, month - 1, dayOfMonth) / MS_PER_DAY;
}

const pad2 = (n: number) => (n < 10 ? '0' : '') + n;

export function isoFromDay(day: number): string {
  const d = new Date(day * MS_PER_DAY);
  const y = d.getUTCFullYear();
  const year = y >= 0 && y < 10000 ? String(y).padStart(4, '0') : String(y);
  return `${year}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

export interface DayParts {
  year: number;
  month: number; // 1-12
  dayOfMonth: number;
  /** 0 = Monday … 6 = Sunday (ISO order, as Python's weekday()). */
  dayOfWeek: number;
  dayOfYear: number; // 1-366
}

export function dayParts(day: number): DayParts {
  const d = new Date(day * MS_PER_DAY);
  const year = d.getUTCFullYear();
  return {
    year,
    month: d.getUTCMonth() + 1,
    dayOfMonth: d.getUTCDate(),
    dayOfWeek: (((day + 3) % 7) + 7) % 7, // 1970-01-01 was a Thursday
    dayOfYear: day - dayFromYmd(year, 1, 1) + 1,
  };
}

export function dayOfWeek(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** The n-th (1-based) given weekday (0 = Monday) of a month; n = -1 for the last. */
export function nthWeekdayOfMonth(year: number, month: number, weekday: number, n: number): number {
  if (n > 0) {
    const first = dayFromYmd(year, month, 1);
    return first + ((weekday - dayOfWeek(first) + 7) % 7) + (n - 1) * 7;
  }
  const last = dayFromYmd(year, month + 1, 1) - 1;
  return last - ((dayOfWeek(last) - weekday + 7) % 7);
}

/** Milliseconds since the epoch to Postgres' timestamptz output in UTC. */
export function pgTimestamptz(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2024-01-02T03:04:05.678Z
  let frac = iso.slice(19, 23); // .678
  if (frac === '.000') frac = '';
  else frac = frac.replace(/0+$/, '');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${frac}+00`;
}

export function isoTimestamp(ms: number): string {
  return new Date(ms).toISOString();
}
