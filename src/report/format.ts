/** Text for the report: HTML escaping and number and date formats that no locale or time zone changes. */
import { isoFromDay } from '../core/dates.ts';

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML and SVG, and shows control characters as visible escapes (dirty data holds some). */
export function esc(v: unknown): string {
  return String(v)
    .replace(/[&<>"']/g, (c) => ESC[c])
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** 1234567 → "1,234,567"; fractions to `digits` places. */
export function num(x: number, digits = 0): string {
  if (!Number.isFinite(x)) return String(x);
  const [int, frac] = Math.abs(x).toFixed(digits).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (x < 0 && Number(x.toFixed(digits)) !== 0 ? '-' : '') + grouped + (frac ? '.' + frac : '');
}

/** A compact axis label: 1200 → "1.2k", 3400000 → "3.4M". */
export function compact(x: number): string {
  const a = Math.abs(x);
  if (a >= 1e9) return trim(x / 1e9) + 'G';
  if (a >= 1e6) return trim(x / 1e6) + 'M';
  if (a >= 1e3) return trim(x / 1e3) + 'k';
  return trim(x);
}

function trim(x: number): string {
  return Number(x.toFixed(Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 10 ? 1 : 2)).toString();
}

export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export function isoDay(day: number): string {
  return isoFromDay(day);
}
