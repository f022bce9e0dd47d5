/** The retail sections of the report, drawn from RetailAcc's aggregates. */
import { dayParts } from '../core/dates.ts';
import { isoDay, MONTHS, num, WEEKDAYS } from './format.ts';
import { MAX_CATEGORIES, type RetailAcc } from './retail.ts';
import { barChart, PALETTE, scatterChart, timeChart } from './svg.ts';

/** Runs of consecutive days in `days` (sorted) as [from, to] spans. */
export function spans(days: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const d of days) {
    const last = out[out.length - 1];
    if (last && d === last[1] + 1) last[1] = d;
    else out.push([d, d]);
  }
  return out;
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let d = from; d <= to; d++) out.push(d);
  return out;
}

export interface Section {
  id: string;
  title: string;
  html: string;
}

export function retailSections(r: RetailAcc): Section[] {
  if (!r.seen.sales || r.days.size === 0) return [];
  const known = [...r.days.keys()].sort((a, b) => a - b);
  const from = r.calendar?.from ?? known[0];
  const to = r.calendar?.to ?? known[known.length - 1];
  const days = range(from, to);
  const agg = days.map((d) => r.days.get(d));
  const sections: Section[] = [];

  // Sales: total and per category, holidays, whole-day gaps, promotions and anomalies below.
  const gapDays = days.filter((_, i) => !agg[i]?.rows);
  const series = [{ name: 'all products', values: agg.map((a) => (a?.rows ? a.qty : null)), color: PALETTE[0] }];
  const cats = r.categories.slice(0, MAX_CATEGORIES);
  cats.forEach((name, ci) => series.push({ name, values: agg.map((a) => (a?.rows ? a.cat[ci] : null)), color: PALETTE[(ci + 1) % PALETTE.length] }));
  const anomalies = agg.map((a) => a?.anomalies ?? 0);
  const promos = r.seen.promotion ? r.promosByDay(days) : undefined;
  const totalAnomalies = anomalies.reduce((s, v) => s + v, 0);
  let html = timeChart({
    id: 'chart-sales',
    title: 'Units sold per day',
    note: `${isoDay(from)} to ${isoDay(to)}; ${r.holidays.length} holidays marked; ${gapDays.length} day(s) without any sales row shaded; ${r.seen.anomalyColumn ? `${num(totalAnomalies)} rows flagged as anomalies (${r.seen.anomalyColumn})` : 'no anomaly flag in the data'}.`,
    days,
    series,
    yLabel: 'units',
    holidays: r.holidays,
    bands: spans(gapDays).map(([a, b]) => ({ from: a, to: b, kind: 'gap' as const, label: `no sales rows ${isoDay(a)}${a === b ? '' : ' to ' + isoDay(b)}` })),
    strip: r.seen.anomalyColumn
      ? { name: 'anomalous rows', values: anomalies, color: '#dc2626' }
      : promos
        ? { name: 'promotions running', values: promos, color: '#d97706' }
        : undefined,
  });
  if (r.seen.anomalyColumn && promos) {
    html += timeChart({
      id: 'chart-promotions',
      title: 'Promotions running per day',
      days,
      series: [{ name: 'promotions running', values: promos, color: '#d97706' }],
      yLabel: 'promotions',
    });
  }
  html += timeChart({
    id: 'chart-rows',
    title: 'Sales rows per day (dips are gaps and sparsity)',
    days,
    series: [{ name: 'rows', values: agg.map((a) => a?.rows ?? 0), color: PALETTE[7] }],
    yLabel: 'rows',
  });
  sections.push({ id: 'sales', title: 'Sales over time', html });

  // A few single store × product series, with their promotions, anomalies and gaps.
  let pairs = '';
  r.series.forEach((s, k) => {
    const seen = [...s.qty.keys()].sort((a, b) => a - b);
    if (seen.length === 0) return;
    const ds = range(seen[0], seen[seen.length - 1]);
    const missing = ds.filter((d) => !s.qty.has(d));
    const flagged = [...s.anomalies].filter((d) => s.qty.has(d)).sort((a, b) => a - b);
    pairs += timeChart({
      id: `chart-series-${k + 1}`,
      title: `Store ${s.store} × product ${s.product}: units per day`,
      note: `${s.promos.length} promotion(s), ${flagged.length} anomalous day(s), ${missing.length} day(s) without a row between its first and last.`,
      days: ds,
      series: [{ name: 'units', values: ds.map((d) => s.qty.get(d) ?? null), color: PALETTE[k % PALETTE.length] }],
      yLabel: 'units',
      holidays: r.holidays,
      bands: [
        ...s.promos.map((p) => ({ from: p.start, to: p.end, kind: 'promo' as const, label: `${isoDay(p.start)} to ${isoDay(p.end)} ${p.label}` })),
        ...spans(missing).map(([a, b]) => ({ from: a, to: b, kind: 'gap' as const, label: `no row ${isoDay(a)}${a === b ? '' : ' to ' + isoDay(b)}` })),
      ],
      flags: flagged.map((d) => ({ day: d, value: s.qty.get(d)!, label: `anomaly: ${num(s.qty.get(d)!)} units` })),
    });
  });
  if (pairs) sections.push({ id: 'series', title: 'Single series', html: pairs });

  // Weekly and monthly profiles: mean units per day.
  const byDow = new Array(7).fill(0).map(() => ({ s: 0, n: 0 }));
  const byMonth = new Array(12).fill(0).map(() => ({ s: 0, n: 0 }));
  days.forEach((d, i) => {
    const a = agg[i];
    if (!a?.rows) return;
    const p = dayParts(d);
    byDow[p.dayOfWeek].s += a.qty;
    byDow[p.dayOfWeek].n++;
    byMonth[p.month - 1].s += a.qty;
    byMonth[p.month - 1].n++;
  });
  const mean = (x: { s: number; n: number }) => (x.n ? x.s / x.n : 0);
  sections.push({
    id: 'profiles',
    title: 'Weekly and monthly profiles',
    html:
      barChart({
        id: 'chart-weekly',
        title: 'Mean units per day, by weekday',
        bars: byDow.map((x, i) => ({ label: WEEKDAYS[i], value: mean(x), title: `${WEEKDAYS[i]}: ${num(mean(x), 1)} units/day over ${x.n} days` })),
        yLabel: 'units/day',
      }) +
      barChart({
        id: 'chart-monthly',
        title: 'Mean units per day, by month',
        bars: byMonth.flatMap((x, i) =>
          x.n ? [{ label: MONTHS[i], value: mean(x), title: `${MONTHS[i]}: ${num(mean(x), 1)} units/day over ${x.n} days` }] : [],
        ),
        color: PALETTE[2],
        yLabel: 'units/day',
      }),
  });

  if (r.seen.inventory) {
    const inv = agg.map((a) => (a?.invRows ? a.onHand : null));
    const share = agg.map((a) => (a?.invRows ? Math.round((1000 * a.stockouts) / a.invRows) / 10 : 0));
    const stockouts = agg.reduce((s, a) => s + (a?.stockouts ?? 0), 0);
    sections.push({
      id: 'inventory',
      title: 'Inventory and stockouts',
      html: timeChart({
        id: 'chart-inventory',
        title: 'Units on hand at end of day, and stockouts',
        note: `${num(stockouts)} stockout rows in all; the lower bars are the share of series out of stock each day (%).`,
        days,
        series: [{ name: 'on hand', values: inv, color: PALETTE[4] }],
        yLabel: 'units on hand',
        holidays: r.holidays,
        strip: { name: 'stockouts (% of series)', values: share, color: '#dc2626' },
      }),
    });
  }

  const el = r.elasticity();
  if (el.length) {
    // Least squares of log(index) on log(price ratio): the slope is the apparent elasticity.
    const pts = el.filter((p) => p.index > 0);
    const lx = pts.map((p) => Math.log(p.ratio));
    const ly = pts.map((p) => Math.log(p.index));
    const w = pts.map((p) => p.rows);
    const W = w.reduce((s, v) => s + v, 0);
    const mx = lx.reduce((s, v, i) => s + v * w[i], 0) / W;
    const my = ly.reduce((s, v, i) => s + v * w[i], 0) / W;
    const sxx = lx.reduce((s, v, i) => s + w[i] * (v - mx) ** 2, 0);
    const slope = sxx > 0 ? lx.reduce((s, v, i) => s + w[i] * (v - mx) * (ly[i] - my), 0) / sxx : 0;
    const curve = pts.map((p) => ({ x: p.ratio, y: Math.exp(my + slope * (Math.log(p.ratio) - mx)) }));
    sections.push({
      id: 'elasticity',
      title: 'Price and units',
      html: scatterChart({
        id: 'chart-elasticity',
        title: 'Units sold against price relative to the base price',
        note: `Each point is a 5 % price bucket (size: rows); units as an index, 1 = the product's units at its base price. Apparent elasticity (log-log slope): ${slope.toFixed(2)}; discounts come with promotions, whose lift is included.`,
        points: el.map((p) => ({
          x: p.ratio,
          y: p.index,
          r: 2 + Math.min(8, Math.log10(1 + p.rows)),
          label: `price ${num(p.ratio * 100)} % of base: units index ${p.index.toFixed(2)} (${num(p.rows)} rows)`,
        })),
        curve,
        xLabel: 'unit price / base price',
        yLabel: 'units index',
      }),
    });
  }
  if (r.outOfRange || r.unreadable) {
    sections[0].html += `<p class="warn">${num(r.outOfRange)} row(s) dated outside the calendar and ${num(r.unreadable)} row(s) with unreadable values are left out of these charts.</p>`;
  }
  return sections;
}
