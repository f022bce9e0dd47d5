/**
 * The retail demand model, shared by every table that needs it: each value
 * is a pure function of (seed, store, product, day), so sales, inventory,
 * prices and promotions agree without any table reading another.
 *
 * Stock is the one stateful quantity. It is carried inside restock cycles
 * aligned to absolute days: a cycle starts full, sales draw it down, and a
 * stockout caps sales at what is on hand. Any day is made by replaying its
 * own cycle (at most 13 days), so a range of days is random access and the
 * same whatever range it is generated in; ranges that start on a restock
 * weekday replay at most a week, for some pairs only.
 */
import type { GenContext } from '../../src/core/context.ts';
import { dayFromIso, dayParts } from '../../src/core/dates.ts';
import { combine, draw, unit } from '../../src/core/hash.ts';
import { chance, intIn, lognormal, normal, pick, type Stream } from '../../src/core/random.ts';
import { HolidayCalendar } from './holidays.ts';
import type { RetailParams } from './params.ts';

export const PRICE_BLOCK_DAYS = 56;
export const PROMO_BLOCK_DAYS = 28;
const WEEKLY = [0.8, 0.9, 1.0, 1.0, 1.1, 1.3, 1.2]; // Monday … Sunday
const DISCOUNTS = [0.1, 0.15, 0.2, 0.25, 0.3, 0.4];
const PROMO_LIFT = 1.3;
const ELASTICITY = -0.5;
const LAUNCH_RAMP_DAYS = 30;

export interface Promo {
  start: number;
  end: number;
  discount: number;
}

/** One day of one store × product pair, as sales and inventory both see it. */
export interface Cell {
  day: number;
  store: number;
  product: number;
  quantity: number;
  unitPriceCents: number;
  onHandEnd: number;
  onOrder: number;
  stockout: boolean;
}

/** "Not computed yet" in the Int32 state arrays (no day or block is this far back). */
const UNSET = -0x80000000;
const NO_PROMO_START = 0x7fffffff;
const NO_PROMO_END = -0x80000000;

/**
 * Per-pair state of the stock simulation, carried from one call to the next.
 * Days and block numbers are Int32 (half the memory of the 100k pairs of
 * xlarge, in every build thread); stock and discounts keep full precision.
 */
class SeriesState {
  readonly onHand: Float64Array;
  readonly target: Float64Array;
  readonly cycleStart: Int32Array;
  readonly price: Int32Array;
  readonly priceBlock: Int32Array;
  readonly promoStart: Int32Array;
  readonly promoEnd: Int32Array;
  readonly promoDiscount: Float64Array;
  readonly promoBlock: Int32Array;
  constructor(n: number) {
    this.onHand = new Float64Array(n);
    this.target = new Float64Array(n);
    this.cycleStart = new Int32Array(n);
    this.price = new Int32Array(n);
    this.priceBlock = new Int32Array(n);
    this.promoStart = new Int32Array(n);
    this.promoEnd = new Int32Array(n);
    this.promoDiscount = new Float64Array(n);
    this.promoBlock = new Int32Array(n);
    this.reset();
  }
  /** Back to "nothing known": every cached block and cycle is recomputed on first use. */
  reset(): this {
    this.cycleStart.fill(UNSET);
    this.priceBlock.fill(UNSET);
    this.promoBlock.fill(UNSET);
    return this;
  }
}

export class RetailModel {
  private carry?: { day: number; state: SeriesState };
  readonly start: number;
  readonly end: number;
  readonly days: number;
  readonly stores: number;
  readonly products: number;
  private readonly s: Record<string, Stream>;
  private readonly holidays = new HolidayCalendar();
  // Per-product and per-series values, computed once: bounded by stores × products.
  private readonly productDemand: Float64Array;
  private readonly productPrice: Int32Array;
  private readonly launch: Float64Array;
  private readonly eol: Float64Array;
  private readonly storeFactor: Float64Array;
  private readonly carriedFlags: Uint8Array;
  private readonly cycle: Uint8Array;
  private readonly phase: Uint8Array;

  constructor(ctx: GenContext, readonly params: RetailParams) {
    this.start = dayFromIso(params.startDate);
    this.end = dayFromIso(params.endDate);
    this.days = this.end - this.start + 1;
    this.stores = params.stores;
    this.products = params.products;
    const names = ['demand', 'price', 'launch', 'eol', 'store', 'carried', 'cycle', 'cover', 'noise', 'anomaly', 'promo', 'reprice'];
    this.s = Object.fromEntries(names.map((n) => [n, ctx.stream('model', n)]));

    const P = this.products;
    this.productDemand = new Float64Array(P);
    this.productPrice = new Int32Array(P);
    this.launch = new Float64Array(P);
    this.eol = new Float64Array(P);
    for (let p = 0; p < P; p++) {
      this.productDemand[p] = params.baseDemand * lognormal(this.s.demand.at(p), -0.18, 0.6);
      this.productPrice[p] = charm(Math.round(100 * lognormal(this.s.price.at(p), Math.log(6), 0.7)));
      const hl = this.s.launch.at(p);
      this.launch[p] = chance(hl, 0.1) ? this.start + intIn(draw(hl, 7), 0, 180) : -Infinity;
      const he = this.s.eol.at(p);
      this.eol[p] = chance(he, 0.05) ? Math.max(this.launch[p], this.start) + intIn(draw(he, 7), 120, 400) : Infinity;
    }
    const S = this.stores;
    this.storeFactor = new Float64Array(S);
    for (let st = 0; st < S; st++) this.storeFactor[st] = lognormal(this.s.store.at(st), 0, 0.3);
    this.carriedFlags = new Uint8Array(S * P);
    this.cycle = new Uint8Array(S * P);
    this.phase = new Uint8Array(S * P);
    for (let st = 0; st < S; st++)
      for (let p = 0; p < P; p++) {
        const i = st * P + p;
        this.carriedFlags[i] = chance(this.s.carried.at2(st, p), params.coverage) ? 1 : 0;
        const hc = this.s.cycle.at2(st, p);
        this.cycle[i] = chance(hc, 0.6) ? 7 : 14;
        // Restocks arrive on Thursdays (epoch day 0 was one), weekly or every
        // other week: all cycles start on days ≡ 0 (mod 7), so a range of
        // days starting on such a day replays at most a week (see `align`).
        this.phase[i] = this.cycle[i] === 7 ? 0 : 7 * intIn(draw(hc, 3), 0, 1);
      }
  }

  /** Day units that start a week of restocks: the cheap places to split the fact tables. */
  get restockAlignment() {
    return { every: 7, offset: ((this.start % 7) + 7) % 7 };
  }

  basePriceCents(p: number): number {
    return this.productPrice[p];
  }
  launchDay(p: number): number | null {
    return Number.isFinite(this.launch[p]) ? this.launch[p] : null;
  }
  endOfLifeDay(p: number): number | null {
    return Number.isFinite(this.eol[p]) ? this.eol[p] : null;
  }
  carried(store: number, product: number): boolean {
    return this.carriedFlags[store * this.products + product] === 1;
  }
  /** Whether the pair has a row on a day: carried, launched, not yet discontinued. */
  active(store: number, product: number, day: number): boolean {
    return this.carried(store, product) && day >= this.launch[product] && day < this.eol[product];
  }

  /** Trend × weekly × yearly seasonality × holiday: the same for every pair. */
  dayFactor(day: number): number {
    const parts = dayParts(day);
    const trend = 1 + (this.params.trendPerYear * (day - this.start)) / 365;
    const yearly = 1 + 0.15 * Math.cos((2 * Math.PI * (parts.dayOfYear - 355)) / 365);
    const holiday = this.holidays.get(day, parts.year)?.multiplier ?? 1;
    return Math.max(0.05, trend) * WEEKLY[parts.dayOfWeek] * yearly * holiday;
  }

  holidayName(day: number): string | null {
    return this.holidays.get(day, dayParts(day).year)?.name ?? null;
  }

  /** Shelf price in a 56-day block: base price moved by up to ±6 %, per store. */
  priceCents(store: number, product: number, block: number): number {
    const h = this.s.reprice.at3(store, product, block);
    return charm(Math.round(this.productPrice[product] * (0.94 + 0.12 * unit(h))));
  }

  /** The promotion of a pair in a 28-day block, if it runs one. */
  promo(store: number, product: number, block: number): Promo | null {
    const h = this.s.promo.at3(store, product, block);
    if (!chance(h, this.params.promoRate)) return null;
    const start = block * PROMO_BLOCK_DAYS + intIn(draw(h, 1), 0, 20);
    return { start, end: start + intIn(draw(h, 2), 3, 7) - 1, discount: pick(draw(h, 3), DISCOUNTS) };
  }

  promoName(store: number, product: number, block: number): string {
    return pick(draw(this.s.promo.at3(store, product, block), 4), ['Weekly Deal', 'Flash Sale', 'Clearance', 'Bundle Offer', 'Seasonal Special', 'Loyalty Bonus']);
  }

  /**
   * Per-pair prefixes of the noise and anomaly cell hashes: at3(st, p, d) is
   * combine(at2(st, p), d), and these two are drawn for every cell.
   */
  private pairKeys?: { noise: Uint32Array; anomaly: Uint32Array };
  private keysOfPairs(): { noise: Uint32Array; anomaly: Uint32Array } {
    if (this.pairKeys) return this.pairKeys;
    const n = this.stores * this.products;
    const noise = new Uint32Array(n);
    const anomaly = new Uint32Array(n);
    for (let st = 0; st < this.stores; st++)
      for (let p = 0; p < this.products; p++) {
        noise[st * this.products + p] = this.s.noise.at2(st, p);
        anomaly[st * this.products + p] = this.s.anomaly.at2(st, p);
      }
    return (this.pairKeys = { noise, anomaly });
  }

  /** Price elasticity per pair for the last price seen: prices change a few times a month. */
  private elasticityMemo?: { cents: Int32Array; factor: Float64Array };

  /**
   * Visits every active cell of days [fromDay, toDay), day by day, store by
   * store, product by product. One Cell object is reused: visitors copy what
   * they keep.
   */
  simulate(fromDay: number, toDay: number, visit: (c: Cell) => void): void {
    const S = this.stores;
    const P = this.products;
    // Continuing where the previous call stopped needs no replay: the carried
    // state is exactly what a replay would rebuild (tested: any split of the
    // days gives the same bytes).
    const carried = this.carry?.day === fromDay ? this.carry.state : undefined;
    // Otherwise the last state is reset and reused: at 100k pairs a fresh one
    // is 7 MB of typed arrays per range, which the GC frees only lazily.
    const state = carried ?? this.carry?.state.reset() ?? new SeriesState(S * P);
    this.carry = undefined;
    const { onHand, target, cycleStart, price, priceBlock, promoStart, promoEnd, promoDiscount, promoBlock } = state;
    const cell: Cell = { day: 0, store: 0, product: 0, quantity: 0, unitPriceCents: 0, onHandEnd: 0, onOrder: 0, stockout: false };
    const dayFactors = new Map<number, number>();
    const factorOf = (d: number) => {
      let f = dayFactors.get(d);
      if (f === undefined) dayFactors.set(d, (f = this.dayFactor(d)));
      return f;
    };
    // The hot loop reads only locals: this is most of a build's time.
    const { cycle, phase, launch, eol, productDemand, storeFactor, productPrice, carriedFlags } = this;
    const cover = this.s.cover;
    const noiseSigma = this.params.noiseSigma;
    const keys = this.keysOfPairs();
    const noiseKey = keys.noise;
    const anomalyKey = keys.anomaly;
    const memo = (this.elasticityMemo ??= { cents: new Int32Array(S * P).fill(-1), factor: new Float64Array(S * P) });
    const elasticCents = memo.cents;
    const elasticFactor = memo.factor;

    // Demand and sales of one pair on one day (day factor fd); updates onHand. Returns the quantity sold.
    const step = (i: number, st: number, p: number, d: number, fd: number): number => {
      const k = cycle[i];
      const cs = d - ((((d - phase[i]) % k) + k) % k);
      if (cs !== cycleStart[i]) {
        cycleStart[i] = cs;
        const h = cover.at3(st, p, cs);
        target[i] = Math.round(factorOf(cs) * productDemand[p] * storeFactor[st] * k * Math.max(0.3, normal(h, 1.15, 0.3)));
        onHand[i] = target[i];
      }
      const pb = Math.floor(d / PRICE_BLOCK_DAYS);
      if (pb !== priceBlock[i]) {
        priceBlock[i] = pb;
        price[i] = this.priceCents(st, p, pb);
      }
      const qb = Math.floor(d / PROMO_BLOCK_DAYS);
      if (qb !== promoBlock[i]) {
        promoBlock[i] = qb;
        const pr = this.promo(st, p, qb);
        promoStart[i] = pr ? pr.start : NO_PROMO_START;
        promoEnd[i] = pr ? pr.end : NO_PROMO_END;
        promoDiscount[i] = pr ? pr.discount : 0;
      }
      const inPromo = d >= promoStart[i] && d <= promoEnd[i];
      const unitCents = inPromo ? Math.round(price[i] * (1 - promoDiscount[i])) : price[i];
      cell.unitPriceCents = unitCents;
      const lp = launch[p];
      if (d < lp || d >= eol[p]) {
        cell.stockout = false;
        return 0;
      }
      let demand = fd * productDemand[p] * storeFactor[st];
      if (d - lp < LAUNCH_RAMP_DAYS) demand *= (d - lp + 1) / LAUNCH_RAMP_DAYS;
      if (inPromo) demand *= PROMO_LIFT;
      if (elasticCents[i] !== unitCents) {
        elasticCents[i] = unitCents;
        elasticFactor[i] = Math.pow(unitCents / productPrice[p], ELASTICITY);
      }
      demand *= elasticFactor[i];
      const hn = combine(noiseKey[i], d);
      demand *= Math.exp(noiseSigma * normal(hn));
      const ha = combine(anomalyKey[i], d);
      if (unit(ha) < 0.01) demand *= unit(draw(ha, 1)) < 0.5 ? 0.3 : 2.5;
      const wanted = Math.round(demand);
      const sold = Math.min(wanted, onHand[i]);
      onHand[i] -= sold;
      cell.stockout = wanted > sold;
      return sold;
    };

    // Replay each pair's current cycle up to fromDay, so state is as if generated from the start.
    if (!carried) {
      for (let st = 0; st < S; st++)
        for (let p = 0; p < P; p++) {
          const i = st * P + p;
          if (!carriedFlags[i]) continue;
          const k = cycle[i];
          const cs = fromDay - ((((fromDay - phase[i]) % k) + k) % k);
          for (let d = cs; d < fromDay; d++) step(i, st, p, d, factorOf(d));
        }
    }

    for (let d = fromDay; d < toDay; d++) {
      cell.day = d;
      const fd = factorOf(d);
      for (let st = 0; st < S; st++) {
        cell.store = st;
        const sf = storeFactor[st];
        for (let p = 0; p < P; p++) {
          const i = st * P + p;
          if (!carriedFlags[i]) continue;
          const sold = step(i, st, p, d, fd);
          if (d < launch[p] || d >= eol[p]) continue;
          const k = cycle[i];
          const daysToRestock = k - ((((d - phase[i]) % k) + k) % k);
          cell.product = p;
          cell.quantity = sold;
          cell.onHandEnd = onHand[i];
          cell.onOrder = daysToRestock <= 3 ? Math.round(fd * productDemand[p] * sf * k) : 0;
          visit(cell);
        }
      }
    }
    this.carry = { day: toDay, state };
  }
}

/** Shelf prices end in .99 (at least 0.49). */
function charm(cents: number): number {
  return Math.max(49, Math.round(cents / 100) * 100 - 1);
}
