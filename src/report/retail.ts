/**
 * Retail aggregates for the report, gathered while the retail tables stream
 * past (parents first, as every manifest orders them): per day sales,
 * revenue, rows, anomalies, stock and stockouts; per category sales; running
 * promotions; price relative to base price against units; and the days of a
 * few single store × product series. Memory is bounded by days, categories,
 * products and the handful of series, never by the number of rows.
 */
import { dayFromIso } from '../core/dates.ts';
import type { CsvRecord } from '../artifact/csv-records.ts';
import type { SourceTable } from './source.ts';

export const MAX_CATEGORIES = 6;
export const SERIES = 3;
/** Relative-price buckets of 5 %: 0.40 .. 1.30 of the base price. */
export const BUCKET = 0.05;
const B_LO = 8;
const B_HI = 26;
const NB = B_HI - B_LO + 1;
/** Products tracked for the price/units chart: a keyed subset beyond this (bounded memory). */
const ELASTIC_PRODUCTS = 20_000;

export interface DayAgg {
  qty: number;
  revenue: number;
  rows: number;
  anomalies: number;
  cat: Float64Array;
  onHand: number;
  stockouts: number;
  invRows: number;
  promos: number;
}

export interface PairSeries {
  store: string;
  product: string;
  qty: Map<number, number>;
  anomalies: Set<number>;
  promos: { start: number; end: number; label: string }[];
}

const isTrue = (v: string | null) => v !== null && v !== 'f' && v !== 'false' && v !== '0' && v !== '';

function idx(t: SourceTable, ...names: string[]): number[] | undefined {
  const out = names.map((n) => t.columns.findIndex((c) => c.name === n));
  return out.every((i) => i >= 0) ? out : undefined;
}

/** The first column whose name says it flags anomalies (is_anomaly, anomaly, anomaly_kind…). */
function anomalyColumn(t: SourceTable): number {
  return t.columns.findIndex((c) => /anomal/i.test(c.name));
}

export class RetailAcc {
  readonly days = new Map<number, DayAgg>();
  readonly holidays: { day: number; name: string }[] = [];
  calendar?: { from: number; to: number };
  readonly categories: string[] = [];
  readonly products = new Map<string, number>();
  private readonly productCat: number[] = [];
  private readonly basePrice: number[] = [];
  private promoDelta = new Map<number, number>();
  readonly series: PairSeries[] = [];
  private readonly seriesByPair = new Map<string, PairSeries>();
  /** Rows whose date lies outside the calendar (dirty data), not drawn. */
  outOfRange = 0;
  /** Rows whose numbers do not parse (dirty data), not drawn. */
  unreadable = 0;
  private elastic?: { sum: Float64Array; n: Uint32Array; every: number };
  seen = { sales: false, inventory: false, promotion: false, product: false, calendar: false, anomalyColumn: '' };
  private lastDate = '';
  private lastDay = NaN;

  private day(text: string | null): number {
    if (text === this.lastDate) return this.lastDay;
    let d = NaN;
    if (text !== null) {
      try {
        d = dayFromIso(text.slice(0, 10));
      } catch {
        d = NaN;
      }
    }
    this.lastDate = text ?? '';
    this.lastDay = d;
    return d;
  }

  private agg(day: number): DayAgg | undefined {
    if (!Number.isFinite(day)) {
      this.unreadable++;
      return undefined;
    }
    if (this.calendar && (day < this.calendar.from || day > this.calendar.to)) {
      this.outOfRange++;
      return undefined;
    }
    let a = this.days.get(day);
    if (!a)
      this.days.set(
        day,
        (a = { qty: 0, revenue: 0, rows: 0, anomalies: 0, cat: new Float64Array(MAX_CATEGORIES + 1), onHand: 0, stockouts: 0, invRows: 0, promos: 0 }),
      );
    return a;
  }

  private pair(store: string | null, product: string | null, create: boolean): PairSeries | undefined {
    const key = `${store}|${product}`;
    let s = this.seriesByPair.get(key);
    if (!s && create && this.series.length < SERIES && store !== null && product !== null) {
      s = { store, product, qty: new Map(), anomalies: new Set(), promos: [] };
      this.series.push(s);
      this.seriesByPair.set(key, s);
    }
    return s;
  }

  /** The row handler for a table the retail charts use, or undefined. */
  handler(t: SourceTable): ((r: CsvRecord) => void) | undefined {
    switch (t.name) {
      case 'product':
        return this.productHandler(t);
      case 'calendar':
        return this.calendarHandler(t);
      case 'promotion':
        return this.promotionHandler(t);
      case 'sales_daily':
        return this.salesHandler(t);
      case 'inventory_snapshot_daily':
        return this.inventoryHandler(t);
    }
    if (/anomal/i.test(t.name)) return this.anomalyTableHandler(t);
    return undefined;
  }

  private productHandler(t: SourceTable) {
    const c = idx(t, 'product_id', 'base_price');
    if (!c) return undefined;
    const [id, price] = c;
    const cat = t.columns.findIndex((col) => col.name === 'category');
    this.seen.product = true;
    return (r: CsvRecord) => {
      if (r[id] === null || this.products.has(r[id])) return;
      let ci = MAX_CATEGORIES; // "other"
      const name = cat >= 0 ? r[cat] : null;
      if (name !== null) {
        ci = this.categories.indexOf(name);
        if (ci < 0 && this.categories.length < MAX_CATEGORIES) ci = this.categories.push(name) - 1;
        if (ci < 0) ci = MAX_CATEGORIES;
      }
      this.products.set(r[id], this.basePrice.length);
      this.productCat.push(ci);
      this.basePrice.push(Number(r[price]));
    };
  }

  private calendarHandler(t: SourceTable) {
    const c = idx(t, 'date');
    if (!c) return undefined;
    const hol = t.columns.findIndex((col) => col.name === 'holiday_name');
    this.seen.calendar = true;
    let from = Infinity;
    let to = -Infinity;
    return (r: CsvRecord) => {
      const d = this.day(r[c[0]]);
      if (!Number.isFinite(d)) return;
      // The calendar's own range bounds every chart; a calendar row out of line (dirty data) stretches nothing.
      if (d < from) from = d;
      if (d > to) to = d;
      this.calendar = { from, to };
      if (hol >= 0 && r[hol] !== null) this.holidays.push({ day: d, name: r[hol] });
    };
  }

  private promotionHandler(t: SourceTable) {
    const c = idx(t, 'store_id', 'product_id', 'start_date', 'end_date');
    if (!c) return undefined;
    const [st, pr, s0, s1] = c;
    const disc = t.columns.findIndex((col) => col.name === 'discount_pct');
    this.seen.promotion = true;
    return (r: CsvRecord) => {
      const a = this.day(r[s0]);
      const b = this.day(r[s1]);
      if (!Number.isFinite(a) || !Number.isFinite(b) || b < a || b - a > 366) return;
      this.promoDelta.set(a, (this.promoDelta.get(a) ?? 0) + 1);
      this.promoDelta.set(b + 1, (this.promoDelta.get(b + 1) ?? 0) - 1);
      const s = this.pair(r[st], r[pr], true);
      if (s) s.promos.push({ start: a, end: b, label: disc >= 0 && r[disc] !== null ? `promotion −${Math.round(Number(r[disc]) * 100)} %` : 'promotion' });
    };
  }

  private salesHandler(t: SourceTable) {
    const c = idx(t, 'date', 'store_id', 'product_id', 'quantity');
    if (!c) return undefined;
    const [dc, st, pr, q] = c;
    const price = t.columns.findIndex((col) => col.name === 'unit_price');
    const an = anomalyColumn(t);
    this.seen.sales = true;
    if (an >= 0) this.seen.anomalyColumn = t.columns[an].name;
    const P = this.basePrice.length;
    if (P && price >= 0) {
      const every = Math.ceil(P / ELASTIC_PRODUCTS);
      const tracked = Math.ceil(P / every);
      this.elastic = { sum: new Float64Array(tracked * NB), n: new Uint32Array(tracked * NB), every };
    }
    return (r: CsvRecord) => {
      const a = this.agg(this.day(r[dc]));
      if (!a) return;
      const qty = Number(r[q]);
      const unit = price >= 0 ? Number(r[price]) : NaN;
      if (!Number.isFinite(qty)) {
        this.unreadable++;
        return;
      }
      a.rows++;
      a.qty += qty;
      if (Number.isFinite(unit)) a.revenue += qty * unit;
      const flagged = an >= 0 && isTrue(r[an]);
      if (flagged) a.anomalies++;
      const pi = r[pr] === null ? undefined : this.products.get(r[pr]);
      if (pi !== undefined) {
        a.cat[this.productCat[pi]] += qty;
        const e = this.elastic;
        if (e && pi % e.every === 0 && Number.isFinite(unit) && this.basePrice[pi] > 0) {
          const b = Math.round(unit / this.basePrice[pi] / BUCKET);
          if (b >= B_LO && b <= B_HI) {
            const k = (pi / e.every) * NB + b - B_LO;
            e.sum[k] += qty;
            e.n[k]++;
          }
        }
      }
      if (this.series.length < SERIES && !this.seen.promotion) this.pair(r[st], r[pr], true);
      const s = this.pair(r[st], r[pr], false);
      if (s) {
        s.qty.set(this.lastDay, qty);
        if (flagged) s.anomalies.add(this.lastDay);
      }
    };
  }

  private inventoryHandler(t: SourceTable) {
    const c = idx(t, 'date', 'on_hand_qty');
    if (!c) return undefined;
    const [dc, oh] = c;
    const so = t.columns.findIndex((col) => col.name === 'is_stockout');
    this.seen.inventory = true;
    return (r: CsvRecord) => {
      const a = this.agg(this.day(r[dc]));
      if (!a) return;
      const v = Number(r[oh]);
      if (Number.isFinite(v)) a.onHand += v;
      a.invRows++;
      if (so >= 0 && isTrue(r[so])) a.stockouts++;
    };
  }

  /** A side table of anomalies (date, and store and product when it has them). */
  private anomalyTableHandler(t: SourceTable) {
    const c = idx(t, 'date');
    if (!c) return undefined;
    const key = idx(t, 'store_id', 'product_id');
    this.seen.anomalyColumn = t.name;
    return (r: CsvRecord) => {
      const a = this.agg(this.day(r[c[0]]));
      if (!a) return;
      a.anomalies++;
      if (key) this.pair(r[key[0]], r[key[1]], false)?.anomalies.add(this.lastDay);
    };
  }

  /** Promotions running on each day, from the start/end deltas. */
  promosByDay(days: number[]): number[] {
    const starts = [...this.promoDelta.keys()].sort((a, b) => a - b);
    const out: number[] = [];
    let running = 0;
    let k = 0;
    for (const d of days) {
      while (k < starts.length && starts[k] <= d) running += this.promoDelta.get(starts[k++])!;
      out.push(running);
    }
    return out;
  }

  /**
   * Units at each relative price, as an index: per product, the mean units
   * at that price over its mean units at its base price (±5 %), averaged over
   * products weighted by rows.
   */
  elasticity(): { ratio: number; index: number; rows: number }[] {
    const e = this.elastic;
    if (!e) return [];
    const base = 1 / BUCKET - B_LO; // bucket of ratio 1.0
    const num = new Float64Array(NB);
    const den = new Float64Array(NB);
    for (let p = 0; p < e.n.length / NB; p++) {
      let s = 0;
      let n = 0;
      for (const k of [base - 1, base, base + 1]) {
        s += e.sum[p * NB + k];
        n += e.n[p * NB + k];
      }
      const baseline = n ? s / n : 0;
      if (baseline <= 0) continue;
      for (let b = 0; b < NB; b++) {
        const cnt = e.n[p * NB + b];
        if (!cnt) continue;
        num[b] += (e.sum[p * NB + b] / cnt / baseline) * cnt;
        den[b] += cnt;
      }
    }
    const out = [];
    for (let b = 0; b < NB; b++) if (den[b] >= 10) out.push({ ratio: Number(((b + B_LO) * BUCKET).toFixed(2)), index: num[b] / den[b], rows: den[b] });
    return out;
  }
}
