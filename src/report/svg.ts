/**
 * A small inline-SVG chart renderer: time series (with holiday lines, shaded
 * gaps and promotions, flagged points and a lower strip of bars), bar charts
 * and scatter plots. Pure functions from numbers to markup; no script runs in
 * the page. Every data point is an element of class `pt` and each figure
 * says in `data-points` how many it drew, so a browser test can count them.
 */
import { dayFromYmd, dayParts } from '../core/dates.ts';
import { compact, esc, isoDay, MONTHS, num } from './format.ts';

export const PALETTE = ['#2563eb', '#ea580c', '#16a34a', '#9333ea', '#0891b2', '#ca8a04', '#db2777', '#4b5563'];
const W = 960;
const L = 60;
const R = 24;
const PW = W - L - R;
/** Beyond this many points a chart leaves out per-point tooltips (size). */
const TOOLTIP_LIMIT = 6000;

export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) max = min + 1;
  const raw = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  // From the last tick at or below min to the first at or above max: every value lies inside.
  for (let t = Math.floor(min / step) * step; ; t += step) {
    out.push(Number(t.toPrecision(12)));
    if (t >= max - step * 1e-9) return out;
  }
}

const f1 = (x: number) => (Math.round(x * 10) / 10).toString();

function figure(id: string, title: string, note: string | undefined, svg: string, points: number, legend = ''): string {
  return (
    `<figure class="chart" id="${esc(id)}" data-points="${points}"><figcaption>${esc(title)}</figcaption>` +
    (note ? `<p class="note">${esc(note)}</p>` : '') +
    svg +
    (legend ? `<div class="legend">${legend}</div>` : '') +
    '</figure>'
  );
}

function swatch(color: string, label: string, kind = 'line'): string {
  return `<span class="key"><i class="sw ${kind}" style="background:${color}"></i>${esc(label)}</span>`;
}

/** A y axis with grid lines over [top, top+h] for values lo..hi; returns the scale and markup. */
function yAxis(lo: number, hi: number, top: number, h: number, label: string): { y: (v: number) => number; svg: string } {
  const ticks = niceTicks(Math.min(0, lo), hi, h > 100 ? 5 : 2);
  const t0 = ticks[0];
  const t1 = ticks[ticks.length - 1];
  const y = (v: number) => top + h - ((v - t0) / (t1 - t0 || 1)) * h;
  let svg = '';
  for (const t of ticks)
    svg += `<line class="grid" x1="${L}" x2="${W - R}" y1="${f1(y(t))}" y2="${f1(y(t))}"/><text class="tick" x="${L - 6}" y="${f1(y(t) + 4)}" text-anchor="end">${compact(t)}</text>`;
  svg += `<text class="axis" x="12" y="${f1(top + h / 2)}" transform="rotate(-90 12 ${f1(top + h / 2)})" text-anchor="middle">${esc(label)}</text>`;
  return { y, svg };
}

export interface TimeSeriesSpec {
  name: string;
  values: (number | null)[];
  color: string;
}

export interface TimeChartSpec {
  id: string;
  title: string;
  note?: string;
  days: number[];
  series: TimeSeriesSpec[];
  yLabel: string;
  holidays?: { day: number; name: string }[];
  bands?: { from: number; to: number; kind: 'gap' | 'promo'; label: string }[];
  flags?: { day: number; value: number; label: string }[];
  strip?: { name: string; values: number[]; color: string };
}

export function timeChart(s: TimeChartSpec): string {
  const d0 = s.days[0];
  const d1 = s.days[s.days.length - 1];
  const x = (d: number) => L + ((d - d0) / Math.max(1, d1 - d0)) * PW;
  const mainH = s.strip ? 190 : 230;
  const height = 16 + mainH + (s.strip ? 70 : 0) + 30;
  let values = s.series.flatMap((se) => se.values.filter((v): v is number => v !== null && Number.isFinite(v)));
  if (s.flags) values = values.concat(s.flags.map((f) => f.value));
  const { y, svg: yAxisSvg } = yAxis(Math.min(0, ...values), Math.max(1, ...values), 16, mainH, s.yLabel);
  const parts: string[] = [yAxisSvg];
  const bottom = height - 30;
  for (const b of s.bands ?? []) {
    const x0 = x(Math.max(d0, b.from) - 0.5);
    const x1 = x(Math.min(d1, b.to) + 0.5);
    parts.push(
      `<rect class="band ${b.kind}" x="${f1(x0)}" y="16" width="${f1(Math.max(1, x1 - x0))}" height="${bottom - 16}"><title>${esc(b.label)}</title></rect>`,
    );
  }
  // Month (or year) ticks along the bottom.
  const span = d1 - d0;
  const step = span > 1200 ? 12 : span > 400 ? 3 : 1;
  const first = dayParts(d0);
  let firstTick = true;
  for (let k = 0; ; k++) {
    const ym = first.year * 12 + first.month - 1 + k;
    const yr = Math.floor(ym / 12);
    const m = ym % 12;
    const d = dayFromYmd(yr, m + 1, 1);
    if (d > d1) break;
    if (d < d0 || m % step !== 0) continue;
    const label = step === 12 ? String(yr) : MONTHS[m] + (m === 0 || firstTick ? ` ${yr}` : '');
    firstTick = false;
    parts.push(
      `<line class="xtick" x1="${f1(x(d))}" x2="${f1(x(d))}" y1="${bottom}" y2="${bottom + 4}"/><text class="tick" x="${f1(x(d))}" y="${bottom + 16}" text-anchor="middle">${label}</text>`,
    );
  }
  for (const h of s.holidays ?? []) {
    if (h.day < d0 || h.day > d1) continue;
    parts.push(
      `<line class="holiday" x1="${f1(x(h.day))}" x2="${f1(x(h.day))}" y1="16" y2="${16 + mainH}"><title>${esc(isoDay(h.day) + ' ' + h.name)}</title></line>`,
    );
  }
  let points = 0;
  const tooltips = s.days.length * s.series.length <= TOOLTIP_LIMIT;
  for (const se of s.series) {
    let path = '';
    let pen = false;
    let dots = '';
    se.values.forEach((v, i) => {
      if (v === null || !Number.isFinite(v)) {
        pen = false;
        return;
      }
      const px = f1(x(s.days[i]));
      const py = f1(y(v));
      path += `${pen ? 'L' : 'M'}${px} ${py}`;
      pen = true;
      dots += `<circle class="pt" cx="${px}" cy="${py}" r="1.6">${tooltips ? `<title>${isoDay(s.days[i])} ${esc(se.name)}: ${num(v, Number.isInteger(v) ? 0 : 2)}</title>` : ''}</circle>`;
      points++;
    });
    parts.push(`<g class="series" fill="${se.color}"><path d="${path}" stroke="${se.color}" fill="none"/>${dots}</g>`);
  }
  for (const f of s.flags ?? []) {
    parts.push(`<circle class="pt flag" cx="${f1(x(f.day))}" cy="${f1(y(f.value))}" r="4"><title>${esc(isoDay(f.day) + ' ' + f.label)}</title></circle>`);
    points++;
  }
  if (s.strip) {
    const top = 16 + mainH + 14;
    const max = Math.max(1, ...s.strip.values);
    const sy = yAxis(0, max, top, 44, '');
    parts.push(sy.svg, `<text class="tick" x="${W - R}" y="${top - 3}" text-anchor="end">${esc(s.strip.name)}</text>`);
    const bw = Math.max(1, PW / Math.max(1, span + 1) - 0.4);
    let bars = '';
    s.strip.values.forEach((v, i) => {
      const top0 = sy.y(Math.max(0, v));
      bars += `<rect class="pt" x="${f1(x(s.days[i]) - bw / 2)}" y="${f1(top0)}" width="${f1(bw)}" height="${f1(Math.max(0, sy.y(0) - top0))}">${tooltips ? `<title>${isoDay(s.days[i])} ${esc(s.strip!.name)}: ${num(v)}</title>` : ''}</rect>`;
      points++;
    });
    parts.push(`<g class="strip" fill="${s.strip.color}">${bars}</g>`);
  }
  const legend =
    s.series.map((se) => swatch(se.color, se.name)).join('') +
    (s.holidays?.length ? swatch('#b91c1c', 'holiday', 'dash') : '') +
    (s.bands?.some((b) => b.kind === 'gap') ? swatch('#9ca3af', 'gap (no rows)', 'box') : '') +
    (s.bands?.some((b) => b.kind === 'promo') ? swatch('#fde68a', 'promotion', 'box') : '') +
    (s.flags?.length ? swatch('#dc2626', 'anomaly', 'dot') : '') +
    (s.strip ? swatch(s.strip.color, s.strip.name, 'box') : '');
  const svg = `<svg viewBox="0 0 ${W} ${height}" role="img" aria-label="${esc(s.title)}">${parts.join('')}</svg>`;
  return figure(s.id, s.title, s.note, svg, points, legend);
}

export interface BarSpec {
  id: string;
  title: string;
  note?: string;
  bars: { label: string; value: number; title?: string }[];
  color?: string;
  yLabel: string;
}

/** Vertical bars, one per labelled value (long lists get narrow bars and sparse labels). */
export function barChart(s: BarSpec): string {
  const height = 230;
  const top = 16;
  const h = height - top - 44;
  const values = s.bars.map((b) => (Number.isFinite(b.value) ? b.value : 0));
  const { y, svg: axis } = yAxis(Math.min(0, ...values), Math.max(1, ...values), top, h, s.yLabel);
  const n = Math.max(1, s.bars.length);
  const slot = PW / n;
  const every = Math.ceil(n / 24);
  let bars = '';
  s.bars.forEach((b, i) => {
    const v = values[i];
    const yv = y(v);
    const y0 = y(0);
    const bx = L + i * slot + slot * 0.12;
    bars += `<rect class="pt" x="${f1(bx)}" y="${f1(Math.min(yv, y0))}" width="${f1(Math.max(1, slot * 0.76))}" height="${f1(Math.abs(y0 - yv))}"><title>${esc(b.title ?? `${b.label}: ${num(v, Number.isInteger(v) ? 0 : 2)}`)}</title></rect>`;
    // Few bars: their values are written on them, so small tables beside large ones still read.
    if (n <= 16) bars += `<text class="tick" x="${f1(bx + slot * 0.38)}" y="${f1(Math.min(yv, y0) - 3)}" text-anchor="middle">${compact(v)}</text>`;
    if (i % every === 0) {
      const label = b.label.length > 14 ? b.label.slice(0, 13) + '…' : b.label;
      bars += `<text class="tick" x="${f1(bx + slot * 0.38)}" y="${top + h + 14}" text-anchor="middle">${esc(label)}</text>`;
    }
  });
  const svg = `<svg viewBox="0 0 ${W} ${height}" role="img" aria-label="${esc(s.title)}">${axis}<g fill="${s.color ?? PALETTE[0]}">${bars}</g></svg>`;
  return figure(s.id, s.title, s.note, svg, s.bars.length);
}

export interface ScatterSpec {
  id: string;
  title: string;
  note?: string;
  points: { x: number; y: number; r?: number; label: string }[];
  xLabel: string;
  yLabel: string;
  /** A reference curve drawn through these points (a fit). */
  curve?: { x: number; y: number }[];
}

export function scatterChart(s: ScatterSpec): string {
  const height = 280;
  const top = 16;
  const h = height - top - 46;
  const xs = s.points.map((p) => p.x);
  const ys = s.points.map((p) => p.y).concat((s.curve ?? []).map((p) => p.y));
  const { y, svg: axis } = yAxis(Math.min(0, ...ys), Math.max(...ys, 0.1), top, h, s.yLabel);
  const xt = niceTicks(Math.min(...xs), Math.max(...xs), 6);
  const x = (v: number) => L + ((v - xt[0]) / (xt[xt.length - 1] - xt[0] || 1)) * PW;
  let out = axis;
  for (const t of xt) out += `<text class="tick" x="${f1(x(t))}" y="${top + h + 16}" text-anchor="middle">${compact(t)}</text>`;
  out += `<text class="axis" x="${L + PW / 2}" y="${height - 6}" text-anchor="middle">${esc(s.xLabel)}</text>`;
  if (s.curve?.length) out += `<path class="fit" d="${s.curve.map((p, i) => `${i ? 'L' : 'M'}${f1(x(p.x))} ${f1(y(p.y))}`).join('')}"/>`;
  for (const p of s.points) out += `<circle class="pt" cx="${f1(x(p.x))}" cy="${f1(y(p.y))}" r="${f1(p.r ?? 4)}"><title>${esc(p.label)}</title></circle>`;
  const svg = `<svg viewBox="0 0 ${W} ${height}" role="img" aria-label="${esc(s.title)}"><g fill="${PALETTE[0]}">${out}</g></svg>`;
  return figure(s.id, s.title, s.note, svg, s.points.length);
}
