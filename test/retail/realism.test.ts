/**
 * Every realism knob of seed document 004, tested as a property of the
 * rows the retail dataset generates (not just "it runs"). Each test builds
 * small datasets in a controlled "lab" (no noise, flat seasonality, no
 * promotions or short deliveries) and turns one knob at a time, comparing
 * against the same seed with the knob off where that isolates its effect.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planBuild } from '../../src/artifact/build.ts';
import { dayFromIso, dayParts } from '../../src/core/dates.ts';
import type { Params, Value } from '../../src/core/dataset.ts';
import { datasets } from '../../generators/index.ts';
import { CATALOG, catalogOf } from '../../generators/retail/catalog.ts';

type Rec = Record<string, Value>;
const retail = datasets.retail;

/** Every row of every table, as records, generated in process (the rows the artifact's files encode). */
function generate(overrides: Params, scenario?: string, seed = 42): Record<string, Rec[]> {
  const { tables } = planBuild(retail, seed, 'local', overrides, scenario);
  const out: Record<string, Rec[]> = {};
  for (const t of tables) {
    const rows: Rec[] = [];
    const names = t.columns.map((c) => c.name);
    t.rows.generate(0, t.rows.units, (r) => rows.push(Object.fromEntries(names.map((n, i) => [n, r[i]]))));
    out[t.name] = rows;
  }
  return out;
}

/** A controlled setting: demand is base × product × store factors and nothing else. */
const LAB: Params = {
  stores: 3,
  products: 6,
  sparsity: 0,
  baseDemand: 1000,
  trend: 'none',
  weeklySeasonality: [1, 1, 1, 1, 1, 1, 1],
  monthlySeasonality: {},
  holidayCalendar: 'none',
  noiseSigma: 0,
  anomalyProbability: 0,
  promotionProbability: 0,
  stockoutProbability: 0,
  priceElasticity: 0,
  newProductPct: 0,
  discontinuedPct: 0,
};
const lab = (knobs: Params, scenario?: string) => generate({ ...LAB, ...knobs }, scenario);
const key = (r: Rec) => `${r.date}/${r.store_id}/${r.product_id}`;
const byKey = (rows: Rec[]) => new Map(rows.map((r) => [key(r), r]));
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const mean = (xs: number[]) => sum(xs) / xs.length;
const near = (actual: number, expected: number, tol: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual.toFixed(4)} is not within ${tol} of ${expected}`);
/** Total units sold per day. */
const perDay = (rows: Rec[]) => {
  const m = new Map<number, number>();
  for (const r of rows) m.set(r.date as number, (m.get(r.date as number) ?? 0) + (r.quantity as number));
  return m;
};
const day = (iso: string) => dayFromIso(iso);
/** Days a pair ran out: there sales are capped by stock, elsewhere sales are the demand itself. */
const stockouts = (t: Record<string, Rec[]>) => new Set(t.inventory_snapshot_daily.filter((r) => r.is_stockout).map(key));

test('trend none / linear / exponential / step: daily demand follows the configured shape', () => {
  const flat = perDay(lab({ trend: 'none' }).sales_daily);
  near(flat.get(day('2024-12-01'))! / flat.get(day('2024-01-02'))!, 1, 0.005, 'none');
  const lin = perDay(lab({ trend: 'linear', trendSlope: 0.1 }).sales_daily);
  near(lin.get(day('2024-01-01') + 300)! / lin.get(day('2024-01-01'))!, 1 + 0.001 * 300, 0.01, 'linear 0.1 %/day over 300 days');
  const exp = perDay(lab({ trend: 'exponential', trendSlope: 0.2 }).sales_daily);
  near(exp.get(day('2024-01-01') + 300)! / exp.get(day('2024-01-01'))!, Math.pow(1.002, 300), 0.02, 'exponential 0.2 %/day over 300 days');
  const step = perDay(lab({ trend: 'step', stepDate: '2024-03-01', stepChange: -0.3 }).sales_daily);
  near(step.get(day('2024-03-01'))! / step.get(day('2024-02-29'))!, 0.7, 0.01, 'step of -30 %');
  near(step.get(day('2024-02-28'))! / step.get(day('2024-02-01'))!, 1, 0.005, 'flat before the step');
});

test('weekly and monthly seasonality and the weekend spike: ratios of mean daily sales are the configured multipliers', () => {
  const weekly = [0.5, 0.8, 1, 1, 1.2, 2, 1.5];
  const rows = lab({ weeklySeasonality: weekly, weekendSpike: 1.2, monthlySeasonality: { '3': 1.5, '7': 0.6 } }).sales_daily;
  const totals = perDay(rows);
  const meanOf = (pred: (d: number) => boolean) => mean([...totals].filter(([d]) => pred(d)).map(([, q]) => q));
  const inFeb = (d: number) => dayParts(d).month === 2;
  const monday = meanOf((d) => inFeb(d) && dayParts(d).dayOfWeek === 0);
  for (let w = 1; w < 7; w++) {
    const expected = (weekly[w] * (w >= 5 ? 1.2 : 1)) / weekly[0];
    near(meanOf((d) => inFeb(d) && dayParts(d).dayOfWeek === w) / monday, expected, 0.02 * expected, `weekday ${w} / Monday`);
  }
  // Whole weeks of each month's first 28 days, so weekdays weigh the same.
  const month = (m: number) => meanOf((d) => dayParts(d).month === m && dayParts(d).dayOfMonth <= 28);
  near(month(3) / month(2), 1.5, 0.02, 'March / February');
  near(month(7) / month(2), 0.6, 0.01, 'July / February');
});

test('Gaussian noise: the log of noisy over clean demand has the configured standard deviation', () => {
  const clean = byKey(lab({}).sales_daily);
  for (const sigma of [0.1, 0.3]) {
    const t = lab({ noiseSigma: sigma });
    const out = stockouts(t);
    const logs = t.sales_daily.filter((r) => !out.has(key(r))).map((r) => Math.log((r.quantity as number) / (clean.get(key(r))!.quantity as number)));
    const m = mean(logs);
    near(Math.sqrt(mean(logs.map((x) => (x - m) ** 2))), sigma, 0.1 * sigma, `sigma ${sigma}`);
    near(m, 0, 0.03, 'mean of log noise');
  }
});

test('anomalies: listed in sales_anomaly at the configured probability, each a spike × or dip ÷ the configured magnitude', () => {
  const clean = byKey(lab({}).sales_daily);
  const t = lab({ anomalyProbability: 0.05, anomalyMagnitude: 3 });
  const sales = byKey(t.sales_daily);
  const anomalies = t.sales_anomaly;
  near(anomalies.length / t.sales_daily.length, 0.05, 0.01, 'share of anomalous cells');
  const spikes = anomalies.filter((a) => a.kind === 'spike').length;
  near(spikes / anomalies.length, 0.5, 0.1, 'spikes and dips equally likely');
  const ids = new Set(t.sales_daily.map((r) => r.id));
  const out = stockouts(t);
  for (const a of anomalies) {
    assert.ok(ids.has(a.sales_id), 'every anomaly is a sales row');
    const k = key(a);
    if (out.has(k)) continue;
    const ratio = (sales.get(k)!.quantity as number) / (clean.get(k)!.quantity as number);
    near(ratio, a.kind === 'spike' ? 3 : 1 / 3, 0.01, `anomaly ${k}`);
    assert.equal(a.demand_multiplier, a.kind === 'spike' ? 3 : 0.3333);
  }
  // Cells not listed are untouched.
  const listed = new Set(anomalies.map(key));
  for (const [k, r] of sales) if (!listed.has(k) && !out.has(k)) assert.equal(r.quantity, clean.get(k)!.quantity, k);
  assert.ok(out.size < t.sales_daily.length / 50, 'few stockouts in the lab');
  assert.equal(lab({ anomalyProbability: 0 }).sales_anomaly.length, 0);
});

test('promotion lift: demand on promotion days is the configured multiple of the same days without lift', () => {
  const base = lab({ promotionProbability: 0.6, promotionLift: 1 });
  const liftedRun = lab({ promotionProbability: 0.6, promotionLift: 1.6 });
  const lifted = byKey(liftedRun.sales_daily);
  const out = stockouts(liftedRun);
  const inPromo = new Set<string>();
  for (const p of base.promotion) for (let d = p.start_date as number; d <= (p.end_date as number); d++) inPromo.add(`${d}/${p.store_id}/${p.product_id}`);
  assert.ok(inPromo.size > 100, 'promotions run');
  let checked = 0;
  for (const r of base.sales_daily) {
    if (out.has(key(r))) continue;
    const ratio = (lifted.get(key(r))!.quantity as number) / (r.quantity as number);
    near(ratio, inPromo.has(key(r)) ? 1.6 : 1, 0.005, key(r));
    checked++;
  }
  assert.ok(checked > 1000);
  // Promotions are at the configured rate per pair and 28-day block.
  const blocks = 3 * 6 * (Math.floor(day('2024-12-31') / 28) - Math.floor(day('2024-01-01') / 28) + 1);
  near(base.promotion.length / blocks, 0.6, 0.09, 'promotion probability');
});

test('price elasticity: units move with (price / base price) ^ elasticity', () => {
  const knobs = { promotionProbability: 0.5 };
  const inelastic = byKey(lab({ ...knobs, priceElasticity: 0 }).sales_daily);
  const t = lab({ ...knobs, priceElasticity: -1.2 });
  const basePrice = new Map(t.product.map((p) => [p.product_id, p.base_price as number]));
  const out = stockouts(t);
  const xs: number[] = [];
  const ys: number[] = [];
  for (const r of t.sales_daily) {
    if (out.has(key(r))) continue;
    xs.push(Math.log((r.unit_price as number) / basePrice.get(r.product_id)!));
    ys.push(Math.log((r.quantity as number) / (inelastic.get(key(r))!.quantity as number)));
  }
  const mx = mean(xs);
  const my = mean(ys);
  const slope = sum(xs.map((x, i) => (x - mx) * (ys[i] - my))) / sum(xs.map((x) => (x - mx) ** 2));
  near(slope, -1.2, 0.03, 'fitted elasticity');
  // A price rise lowers units: the most expensive days sell less than the cheapest.
  assert.ok(Math.min(...xs) < -0.1 && Math.max(...xs) > 0.03, 'prices vary');
});

/** Per pair, rows in date order. */
function series(rows: Rec[]): Map<string, Rec[]> {
  const m = new Map<string, Rec[]>();
  for (const r of rows) {
    const k = `${r.store_id}/${r.product_id}`;
    if (!m.has(k)) m.set(k, []);
    m.get(k)!.push(r);
  }
  for (const s of m.values()) s.sort((a, b) => (a.date as number) - (b.date as number));
  return m;
}

/** Deliveries come the day after the three days an order is shown on order. */
const delivered = (prev: Rec, cur: Rec) => (prev.on_order_qty as number) > 0 && cur.on_order_qty === 0;

test('stockouts, behaviour zero: sales never exceed stock on hand; short deliveries at the configured rate', () => {
  const t = lab({ stockoutProbability: 0.3, noiseSigma: 0.1 });
  const sales = byKey(t.sales_daily);
  let cycles = 0;
  let short = 0;
  for (const s of series(t.inventory_snapshot_daily).values()) {
    let inCycle = false;
    for (let i = 1; i < s.length; i++) {
      const [prev, cur] = [s[i - 1], s[i]];
      const q = sales.get(key(cur))!.quantity as number;
      assert.ok((cur.on_hand_qty as number) >= 0);
      assert.equal(cur.backlog_qty, 0, 'nothing is carried with behaviour zero');
      if (delivered(prev, cur)) {
        // A delivery arrived: a new cycle.
        cycles++;
        inCycle = false;
      } else {
        assert.equal(q, (prev.on_hand_qty as number) - (cur.on_hand_qty as number), `units sold come off the shelf (${key(cur)})`);
      }
      if (cur.is_stockout) {
        assert.equal(cur.on_hand_qty, 0, 'a stockout empties the shelf');
        if (!inCycle) short++;
        inCycle = true;
      }
    }
  }
  assert.ok(cycles > 500, `${cycles} cycles`);
  near(short / cycles, 0.3, 0.05, 'share of cycles that run out');
  const none = lab({ stockoutProbability: 0, noiseSigma: 0.1 }).inventory_snapshot_daily;
  assert.equal(none.filter((r) => r.is_stockout).length, 0, 'no short deliveries, no stockouts (low noise)');
});

test('stockouts, behaviour backlog: unmet demand is carried and sold with the next delivery', () => {
  const knobs = { stockoutProbability: 0.3, noiseSigma: 0.1 };
  const zero = lab({ ...knobs, stockoutBehavior: 'zero' });
  const back = lab({ ...knobs, stockoutBehavior: 'backlog' });
  const zeroSales = byKey(zero.sales_daily);
  const zeroStock = byKey(zero.inventory_snapshot_daily);
  const backSales = byKey(back.sales_daily);
  let carried = 0;
  for (const s of series(back.inventory_snapshot_daily).values()) {
    for (let i = 1; i < s.length; i++) {
      const [prev, cur] = [s[i - 1], s[i]];
      assert.equal(cur.on_hand_qty, zeroStock.get(key(cur))!.on_hand_qty, 'the shelf is the same as without backlog');
      const zeroQ = zeroSales.get(key(cur))!.quantity as number;
      const extra = (backSales.get(key(cur))!.quantity as number) - zeroQ;
      const delivery = delivered(prev, cur);
      if (delivery) {
        assert.equal(extra, prev.backlog_qty, `the backlog is sold with the delivery (${key(cur)})`);
        carried += extra;
      } else {
        assert.equal(extra, 0, `no extra sales between deliveries (${key(cur)})`);
        assert.ok((cur.backlog_qty as number) >= (prev.backlog_qty as number), 'the backlog only grows until a delivery');
      }
      if (cur.is_stockout) assert.ok((cur.backlog_qty as number) > 0, 'a stockout leaves a backlog');
    }
  }
  assert.ok(carried > 1000, `backlogged units sold later: ${carried}`);
});

test('launch ramp: a new product reaches full demand linearly over new_product_ramp_days', () => {
  const t = lab({ newProductPct: 1, newProductRampDays: 20 });
  const launches = new Map(t.product.map((p) => [p.product_id, p.launch_date as number]));
  for (const [pair, s] of series(t.sales_daily)) {
    const launch = launches.get(s[0].product_id)!;
    assert.equal(s[0].date, launch, `${pair}: first row on the launch day`);
    const full = s[30].quantity as number;
    for (let k = 0; k < 20; k++) near(s[k].quantity as number, (full * (k + 1)) / 20, 1, `${pair} day ${k} of the ramp`);
    assert.equal(s[25].quantity, full);
  }
});

test('end of life: demand declines linearly over end_of_life_days and rows stop at discontinuation', () => {
  const t = lab({ discontinuedPct: 1, endOfLifeDays: 30 });
  const eol = new Map(t.product.map((p) => [p.product_id, p.discontinued_on as number]));
  for (const [pair, s] of series(t.sales_daily)) {
    const end = eol.get(s[0].product_id)!;
    const last = s.at(-1)!;
    assert.equal(last.date, end - 1, `${pair}: the last row is the day before discontinuation`);
    const full = s.find((r) => (r.date as number) === end - 40)!.quantity as number;
    for (let j = 1; j <= 30; j++)
      near(s.find((r) => (r.date as number) === end - j)!.quantity as number, (full * j) / 30, 1, `${pair} ${j} days before the end`);
  }
});

test('holidays: built-in and configured ones are in the calendar and multiply demand on their day', () => {
  const t = lab({
    holidayCalendar: 'us',
    holidays: [
      { date: '2024-03-14', name: 'Pi Day', multiplier: 2.5 },
      { date: '2024-12-25', name: 'Closed', multiplier: 0.1 },
    ],
  });
  const cal = new Map(t.calendar.map((c) => [c.date, c]));
  assert.equal(cal.get(day('2024-03-14'))!.holiday_name, 'Pi Day');
  assert.equal(cal.get(day('2024-11-29'))!.holiday_name, 'Black Friday');
  assert.equal(cal.get(day('2024-12-25'))!.holiday_name, 'Closed', 'a configured holiday replaces the built-in one');
  const totals = perDay(t.sales_daily);
  const vsWeekBefore = (iso: string) => totals.get(day(iso))! / totals.get(day(iso) - 7)!;
  near(vsWeekBefore('2024-03-14'), 2.5, 0.02, 'Pi Day');
  near(vsWeekBefore('2024-11-29'), 3.0, 0.03, 'Black Friday');
  near(vsWeekBefore('2024-12-25'), 0.1, 0.01, 'Closed');
  const none = lab({ holidayCalendar: 'none' });
  assert.equal(none.calendar.filter((c) => c.is_holiday).length, 0);
});

test('sparsity: the configured share of store × product pairs is never carried', () => {
  const t = generate({ ...LAB, stores: 20, products: 50, sparsity: 0.4, endDate: '2024-01-07' });
  const pairs = new Set(t.sales_daily.map((r) => `${r.store_id}/${r.product_id}`));
  near(1 - pairs.size / 1000, 0.4, 0.04, 'share of missing pairs');
  for (const s of series(t.sales_daily).values()) assert.equal(s.length, 7, 'a carried pair has every day');
});

test('random gaps: each series misses exactly random_gaps_per_series date ranges of gap_days per year', () => {
  const t = lab({ randomGapsPerSeries: 3, gapDays: 5 });
  const all = new Set<number>();
  for (let d = day('2024-01-01'); d <= day('2024-12-31'); d++) all.add(d);
  const ss = series(t.sales_daily);
  assert.equal(ss.size, 18);
  const inventory = byKey(t.inventory_snapshot_daily);
  for (const [pair, s] of ss) {
    const have = new Set(s.map((r) => r.date as number));
    const runs: number[] = [];
    let run = 0;
    for (const d of all) {
      if (!have.has(d)) run++;
      else if (run) runs.push(run), (run = 0);
    }
    if (run) runs.push(run);
    assert.deepEqual(runs, [5, 5, 5], `${pair}: three gaps of five days`);
    for (const r of s) assert.ok(inventory.has(key(r)), 'inventory has the same days');
  }
  assert.equal(t.inventory_snapshot_daily.length, t.sales_daily.length);
});

test('new stores open inside the range, have no rows before and ramp up over new_store_ramp_days', () => {
  const t = lab({ newStorePct: 1, newStoreRampDays: 10 });
  const opened = new Map(t.store.map((s) => [s.store_id, s.opened_on as number]));
  for (const [st, o] of opened) assert.ok(o >= day('2024-01-01') && o <= day('2024-01-01') + 180, `store ${st} opens in the range`);
  for (const [pair, s] of series(t.sales_daily)) {
    const o = opened.get(s[0].store_id)!;
    assert.equal(s[0].date, o, `${pair}: first row on opening day`);
    const full = s[15].quantity as number;
    for (let k = 0; k < 10; k++) near(s[k].quantity as number, (full * (k + 1)) / 10, 1, `${pair} day ${k} after opening`);
  }
});

test('category seasonality: only the named category dips in the named months', () => {
  const t = lab({ products: 30, categorySeasonality: { Snack: { '6': 0.5 } } });
  const cat = new Map(t.product.map((p) => [p.product_id, p.category as string]));
  const total = (c: (x: string) => boolean, m: number) =>
    sum(
      t.sales_daily
        .filter((r) => c(cat.get(r.product_id)!) && dayParts(r.date as number).month === m && dayParts(r.date as number).dayOfMonth <= 28)
        .map((r) => r.quantity as number),
    );
  near(total((c) => c === 'Snack', 6) / total((c) => c === 'Snack', 5), 0.5, 0.01, 'Snack June / May');
  near(total((c) => c !== 'Snack', 6) / total((c) => c !== 'Snack', 5), 1, 0.01, 'others June / May');
});

test('product names and brands agree with the category; configured categories and brands are used', () => {
  const t = generate({ products: 300, endDate: '2024-01-02' });
  for (const p of t.product) {
    const c = CATALOG[p.category as string];
    assert.ok(c, `known category ${p.category}`);
    assert.ok(c.brands.includes(p.brand as string), `${p.name}: brand ${p.brand} sells ${p.category}`);
    assert.ok((p.name as string).startsWith(`${p.brand} `), `${p.name} names its brand`);
    assert.ok(
      c.items.some((i) => (p.name as string).includes(` ${i} `)),
      `${p.name} is a ${p.category} item`,
    );
  }
  const counts = new Map<string, number>();
  for (const p of t.product) counts.set(p.category as string, (counts.get(p.category as string) ?? 0) + 1);
  assert.ok(counts.get('Beverage')! > counts.get('Household')! * 2, 'categories weighted as the catalog says');
  const own = generate({
    products: 60,
    endDate: '2024-01-02',
    categories: ['Beverage', 'Toys'],
    brands: ['BrandA', 'BrandB', 'Generic'],
    regions: ['Central'],
    storeTypes: ['kiosk'],
  });
  for (const p of own.product) {
    assert.ok(['BrandA', 'BrandB', 'Generic'].includes(p.brand as string));
    if (p.category === 'Toys') assert.ok(catalogOf('Toys').items.some((i) => (p.name as string).includes(i)) && (p.name as string).includes('Toys'));
  }
  assert.deepEqual(new Set(own.product.map((p) => p.category)), new Set(['Beverage', 'Toys']));
  assert.deepEqual(new Set(own.store.map((s) => s.region)), new Set(['Central']));
  assert.deepEqual(new Set(own.store.map((s) => s.store_type)), new Set(['kiosk']));
});
