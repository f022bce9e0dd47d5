/**
 * The retail demand model, shared by every table that needs it: each value
 * is a pure function of (seed, store, product, day) and the parameters, so
 * sales, inventory, prices, promotions and anomalies agree without any
 * table reading another.
 *
 * Demand of a pair on a day = base × product × store (× opening ramp)
 *   × trend × weekday × weekend × month × category month × holiday
 *   × launch ramp × end-of-life decline × promotion lift × price elasticity
 *   × exp(sigma · N(0,1)) noise × anomaly.
 *
 * Stock is the one stateful quantity. It is carried inside restock cycles
 * aligned to absolute days: a cycle starts with its delivery (short with
 * probability stockout_probability), sales draw it down, and a stockout
 * caps sales at what is on hand. Unmet demand is lost (stockout_behavior
 * zero) or carried and sold with the next delivery (backlog). Any day is
 * made by replaying its own cycle (and, with backlog, the one before): a
 * range of days is random access and the same whatever range it is
 * generated in.
 */
import type { GenContext } from '../../src/core/context.ts';
import { dayFromIso, dayFromYmd, dayParts } from '../../src/core/dates.ts';
import { combine, draw, unit } from '../../src/core/hash.ts';
import { chance, intIn, lognormal, normal, pick, Weighted, type Stream } from '../../src/core/random.ts';
import { categoryWeight } from './catalog.ts';
import { HolidayCalendar } from './holidays.ts';
import type { RetailParams } from './params.ts';
import {
  BASE_PRICE,
  BIWEEKLY_CYCLE_DAYS,
  DEFAULT_STEP_OFFSET,
  DISCOUNTS,
  END_OF_LIFE_AFTER,
  FULL_DELIVERY,
  LAUNCH_WINDOW,
  MIN_PRICE_CENTS,
  ON_ORDER_DAYS,
  OPENING_WINDOW,
  PRICE_BLOCK_DAYS,
  PRODUCT_DEMAND,
  PROMO_BLOCK_DAYS,
  PROMO_LENGTH_DAYS,
  PROMO_NAMES,
  PROMO_START_OFFSET,
  REPRICE,
  SHORT_DELIVERY,
  STORE_SIZE_SIGMA,
  SUB,
  WEEKLY_CYCLE_DAYS,
  WEEKLY_RESTOCK_PROBABILITY,
} from './tunables.ts';

export { DEFAULT_STEP_OFFSET, PRICE_BLOCK_DAYS, PROMO_BLOCK_DAYS } from './tunables.ts';

/** The model's keyed streams (table "model"), by name: a misspelled one does not compile. */
const STREAMS = ['demand', 'price', 'launch', 'eol', 'store', 'carried', 'cycle', 'cover', 'noise', 'anomaly', 'promo', 'reprice', 'opening', 'gap'] as const;

/** Days since the start of the restock cycle (k days long, starting on days ≡ phase mod k) that day d is in. */
const daysIntoCycle = (d: number, phase: number, k: number) => (((d - phase) % k) + k) % k;

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
  /** Unmet demand carried to the next delivery (backlog behaviour), end of day. */
  backlog: number;
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
  readonly unmet: Float64Array;
  readonly backlogIn: Float64Array;
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
    this.unmet = new Float64Array(n);
    this.backlogIn = new Float64Array(n);
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
    this.unmet.fill(0);
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
  readonly categories: readonly string[];
  private readonly s: Record<(typeof STREAMS)[number], Stream>;
  private readonly holidays: HolidayCalendar;
  private readonly stepDay: number;
  private readonly monthFactor: Float64Array;
  /** Per category, 12 month multipliers; null when no category has any. */
  private readonly categoryMonth: Float64Array | null;
  // Per-product and per-series values, computed once: bounded by stores × products.
  private readonly productCategory: Uint8Array;
  private readonly productDemand: Float64Array;
  private readonly productPrice: Int32Array;
  private readonly launch: Float64Array;
  private readonly eol: Float64Array;
  private readonly declineFrom: Float64Array;
  private readonly storeFactor: Float64Array;
  private readonly storeOpen: Float64Array;
  private readonly carriedFlags: Uint8Array;
  private readonly cycle: Uint8Array;
  private readonly phase: Uint8Array;

  /**
   * The bytes this model's arrays take for these parameters, without making
   * them: per pair the carried/cycle/phase flags (3), the series state (64),
   * the pair keys (8), the elasticity memo (12) and, with gaps, the gap cache
   * (4 + 4 per gap); per product and per store a few numbers. Keep it in
   * step with the allocations below and in SeriesState.
   */
  static stateBytes(params: RetailParams): { bytes: number; what: string } {
    const pairs = params.stores * params.products;
    const G = params.randomGapsPerSeries;
    const perPair = 3 + 64 + 8 + 12 + (G > 0 ? 4 + 4 * G : 0);
    return {
      bytes: pairs * perPair + params.products * 45 + params.stores * 16,
      what: `${params.stores} stores × ${params.products} products = ${pairs} series, ${perPair} bytes each`,
    };
  }

  constructor(
    ctx: GenContext,
    readonly params: RetailParams,
  ) {
    this.start = dayFromIso(params.startDate);
    this.end = dayFromIso(params.endDate);
    this.days = this.end - this.start + 1;
    this.stores = params.stores;
    this.products = params.products;
    this.categories = params.categories;
    this.s = ctx.streams('model', STREAMS);
    this.holidays = new HolidayCalendar(params.holidayCalendar === 'us', params.holidays);
    this.stepDay = params.stepDate === null ? this.start + DEFAULT_STEP_OFFSET : dayFromIso(params.stepDate);
    this.monthFactor = new Float64Array(12).map((_, m) => params.monthlySeasonality[String(m + 1)] ?? 1);
    const C = this.categories.length;
    const withCategory = Object.keys(params.categorySeasonality).length > 0;
    this.categoryMonth = withCategory
      ? new Float64Array(C * 12).map((_, i) => params.categorySeasonality[this.categories[Math.floor(i / 12)]]?.[String((i % 12) + 1)] ?? 1)
      : null;

    const P = this.products;
    const categoryPick = new Weighted<number>(this.categories.map((c, i) => [i, categoryWeight(c)]));
    const categoryStream = ctx.stream('product', 'category');
    this.productCategory = new Uint8Array(P);
    this.productDemand = new Float64Array(P);
    this.productPrice = new Int32Array(P);
    this.launch = new Float64Array(P);
    this.eol = new Float64Array(P);
    this.declineFrom = new Float64Array(P);
    for (let p = 0; p < P; p++) {
      this.productCategory[p] = categoryPick.pick(categoryStream.at(p));
      this.productDemand[p] = params.baseDemand * lognormal(this.s.demand.at(p), PRODUCT_DEMAND.mu, PRODUCT_DEMAND.sigma);
      this.productPrice[p] = charm(Math.round(100 * lognormal(this.s.price.at(p), BASE_PRICE.mu, BASE_PRICE.sigma)));
      const hl = this.s.launch.at(p);
      this.launch[p] = chance(hl, params.newProductPct) ? this.start + intIn(draw(hl, SUB.launchDay), LAUNCH_WINDOW.min, LAUNCH_WINDOW.max) : -Infinity;
      const he = this.s.eol.at(p);
      this.eol[p] = chance(he, params.discontinuedPct)
        ? Math.max(this.launch[p], this.start) + intIn(draw(he, SUB.endOfLifeDay), END_OF_LIFE_AFTER.min, END_OF_LIFE_AFTER.max)
        : Infinity;
      this.declineFrom[p] = this.eol[p] - params.endOfLifeDays;
    }
    const S = this.stores;
    this.storeFactor = new Float64Array(S);
    this.storeOpen = new Float64Array(S);
    for (let st = 0; st < S; st++) {
      this.storeFactor[st] = lognormal(this.s.store.at(st), 0, STORE_SIZE_SIGMA);
      const ho = this.s.opening.at(st);
      this.storeOpen[st] = chance(ho, params.newStorePct) ? this.start + intIn(draw(ho, SUB.openingDay), OPENING_WINDOW.min, OPENING_WINDOW.max) : -Infinity;
    }
    this.carriedFlags = new Uint8Array(S * P);
    this.cycle = new Uint8Array(S * P);
    this.phase = new Uint8Array(S * P);
    for (let st = 0; st < S; st++)
      for (let p = 0; p < P; p++) {
        const i = st * P + p;
        this.carriedFlags[i] = chance(this.s.carried.at2(st, p), 1 - params.sparsity) ? 1 : 0;
        const hc = this.s.cycle.at2(st, p);
        this.cycle[i] = chance(hc, WEEKLY_RESTOCK_PROBABILITY) ? WEEKLY_CYCLE_DAYS : BIWEEKLY_CYCLE_DAYS;
        // Restocks arrive on Thursdays (epoch day 0 was one), weekly or every
        // other week: all cycles start on days ≡ 0 (mod 7), so a range of
        // days starting on such a day replays at most a week (see `align`).
        this.phase[i] = this.cycle[i] === WEEKLY_CYCLE_DAYS ? 0 : WEEKLY_CYCLE_DAYS * intIn(draw(hc, SUB.biweeklyPhase), 0, 1);
      }
  }

  /** Day units that start a week of restocks: the cheap places to split the fact tables. */
  get restockAlignment() {
    return { every: 7, offset: ((this.start % 7) + 7) % 7 };
  }

  basePriceCents(p: number): number {
    return this.productPrice[p];
  }
  categoryOf(p: number): string {
    return this.categories[this.productCategory[p]];
  }
  launchDay(p: number): number | null {
    return Number.isFinite(this.launch[p]) ? this.launch[p] : null;
  }
  endOfLifeDay(p: number): number | null {
    return Number.isFinite(this.eol[p]) ? this.eol[p] : null;
  }
  /** The day a store opens inside the date range, or null for stores open before it. */
  openingDay(st: number): number | null {
    return Number.isFinite(this.storeOpen[st]) ? this.storeOpen[st] : null;
  }
  carried(store: number, product: number): boolean {
    return this.carriedFlags[store * this.products + product] === 1;
  }
  /** Whether a pair can have rows in days [lo, hi]: carried, store open, product on sale. */
  activeSpan(store: number, product: number, lo: number, hi: number): boolean {
    return this.carried(store, product) && hi >= this.storeOpen[store] && hi >= this.launch[product] && lo < this.eol[product];
  }
  /** Whether the pair has a daily row: carried, store open, launched, not discontinued, not in a gap. */
  hasRow(store: number, product: number, day: number): boolean {
    if (!this.carried(store, product) || day < this.storeOpen[store] || day < this.launch[product] || day >= this.eol[product]) return false;
    return !(this.params.randomGapsPerSeries > 0 && this.inGap(store * this.products + product, store, product, day));
  }

  /** Trend × weekday × weekend × month × holiday: the same for every pair (the category month aside). */
  dayFactor(day: number): number {
    const parts = dayParts(day);
    const p = this.params;
    const t = day - this.start;
    let trend = 1;
    if (p.trend === 'linear') trend = Math.max(0.05, 1 + (p.trendSlope / 100) * t);
    else if (p.trend === 'exponential') trend = Math.pow(1 + p.trendSlope / 100, t);
    else if (p.trend === 'step') trend = day >= this.stepDay ? 1 + p.stepChange : 1;
    const weekend = parts.dayOfWeek >= 5 ? p.weekendSpike : 1;
    const holiday = this.holidays.get(day, parts.year)?.multiplier ?? 1;
    return trend * p.weeklySeasonality[parts.dayOfWeek] * weekend * this.monthFactor[parts.month - 1] * holiday;
  }

  holidayName(day: number): string | null {
    return this.holidays.get(day, dayParts(day).year)?.name ?? null;
  }

  /** Shelf price in a 56-day block: base price moved by up to ±6 %, per store. */
  priceCents(store: number, product: number, block: number): number {
    const h = this.s.reprice.at3(store, product, block);
    return charm(Math.round(this.productPrice[product] * (REPRICE.from + REPRICE.span * unit(h))));
  }

  /** The promotion of a pair in a 28-day block, if it runs one. */
  promo(store: number, product: number, block: number): Promo | null {
    const h = this.s.promo.at3(store, product, block);
    if (!chance(h, this.params.promotionProbability)) return null;
    const start = block * PROMO_BLOCK_DAYS + intIn(draw(h, SUB.promoStart), PROMO_START_OFFSET.min, PROMO_START_OFFSET.max);
    return {
      start,
      end: start + intIn(draw(h, SUB.promoLength), PROMO_LENGTH_DAYS.min, PROMO_LENGTH_DAYS.max) - 1,
      discount: pick(draw(h, SUB.promoDiscount), DISCOUNTS),
    };
  }

  promoName(store: number, product: number, block: number): string {
    return pick(draw(this.s.promo.at3(store, product, block), SUB.promoName), PROMO_NAMES);
  }

  /**
   * Every anomaly of one day with a row, store by store, product by product:
   * the sales_anomaly table's scan. Only carried pairs of open stores are
   * hashed (the same hash as simulate's), then the row checks run on hits.
   */
  anomaliesOn(day: number, visit: (store: number, product: number, multiplier: number) => void): void {
    if (!(this.params.anomalyProbability > 0)) return;
    const keys = this.keysOfPairs().anomaly;
    const { carriedFlags, storeOpen, launch, eol } = this;
    const P = this.products;
    for (let st = 0; st < this.stores; st++) {
      if (day < storeOpen[st]) continue;
      for (let p = 0; p < P; p++) {
        const i = st * P + p;
        if (!carriedFlags[i] || day < launch[p] || day >= eol[p]) continue;
        const m = this.anomalyOf(keys[i], day);
        if (m !== 0 && this.hasRow(st, p, day)) visit(st, p, m);
      }
    }
  }
  private anomalyOf(key: number, day: number): number {
    const ha = combine(key, day);
    if (!(unit(ha) < this.params.anomalyProbability)) return 0;
    return unit(draw(ha, SUB.anomalyDirection)) < 0.5 ? 1 / this.params.anomalyMagnitude : this.params.anomalyMagnitude; // as simulate's inline copy
  }

  /**
   * Intentional gaps: random_gaps_per_series missing date ranges of gap_days
   * per pair per calendar year, one in each equal part of the year, never
   * touching each other. Keyed on the year, so a longer range keeps them.
   */
  private gapCache?: { year: Int32Array; from: Int32Array };
  private inGap(i: number, st: number, p: number, day: number): boolean {
    const G = this.params.randomGapsPerSeries;
    const cache = (this.gapCache ??= { year: new Int32Array(this.stores * this.products).fill(UNSET), from: new Int32Array(this.stores * this.products * G) });
    const year = dayParts(day).year;
    const { y0, part, len } = this.gapLayout(year);
    if (cache.year[i] !== year) {
      cache.year[i] = year;
      const h = this.s.gap.at3(st, p, year);
      for (let g = 0; g < G; g++) cache.from[i * G + g] = y0 + g * part + intIn(draw(h, g), 1, Math.max(1, part - len - 1));
    }
    for (let g = 0; g < G; g++) {
      const from = cache.from[i * G + g];
      if (day >= from && day < from + len) return true;
    }
    return false;
  }

  /** A year's gap layout: its first day, the length of each of its equal parts, and a gap's length (gap_days, fitted in a part). */
  private gapLayout(year: number): { y0: number; part: number; len: number } {
    const y0 = dayFromYmd(year, 1, 1);
    const part = Math.floor((dayFromYmd(year + 1, 1, 1) - y0) / this.params.randomGapsPerSeries);
    return { y0, part, len: Math.max(1, Math.min(this.params.gapDays, part - 2)) };
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

  /** Store factor on a day: its size, ramped over new_store_ramp_days after opening. */
  private storeFactorOn(st: number, d: number): number {
    const since = d - this.storeOpen[st];
    const ramp = this.params.newStoreRampDays;
    return since < ramp ? (this.storeFactor[st] * (since + 1)) / ramp : this.storeFactor[st];
  }

  /** Price elasticity per pair for the last price seen: prices change a few times a month. */
  private elasticityMemo?: { cents: Int32Array; factor: Float64Array };

  /**
   * Visits every day with a row, of days [fromDay, toDay), day by day, store
   * by store, product by product. One Cell object is reused: visitors copy
   * what they keep.
   */
  simulate(fromDay: number, toDay: number, visit: (c: Cell) => void): void {
    (this.simulator ??= this.makeSimulator())(fromDay, toDay, visit);
  }

  /**
   * The simulation and its helpers, made once per model. A build calls
   * simulate once per range (every few days of a table when it writes
   * JSON), and V8 keeps the optimised code of a closure only as long as
   * that closure lives: helpers made inside each call were compiled afresh
   * every call (the demand step, ~0.1 s of compiler time each, 20-30 times
   * a `large` build).
   */
  private simulator?: (fromDay: number, toDay: number, visit: (c: Cell) => void) => void;
  private makeSimulator(): (fromDay: number, toDay: number, visit: (c: Cell) => void) => void {
    const S = this.stores;
    const P = this.products;
    const params = this.params;
    const cell: Cell = { day: 0, store: 0, product: 0, quantity: 0, unitPriceCents: 0, onHandEnd: 0, onOrder: 0, backlog: 0, stockout: false };
    // Day factors are pure functions of the day: kept for the model's life (a few thousand days at most).
    const dayFactors = new Map<number, number>();
    const factorOf = (d: number) => {
      let f = dayFactors.get(d);
      if (f === undefined) dayFactors.set(d, (f = this.dayFactor(d)));
      return f;
    };
    const categoryMonth = this.categoryMonth;
    const categoryFactor = (d: number, c: number) => (categoryMonth ? categoryMonth[c * 12 + dayParts(d).month - 1] : 1);
    // The mean day factor over a delivery cycle: what a delivery is sized for.
    const cycleFactors = new Map<number, number>();
    const cycleFactor = (cs: number, k: number, c: number) => {
      const key = (cs * 2 + (k === 14 ? 1 : 0)) * 256 + c;
      let f = cycleFactors.get(key);
      if (f === undefined) {
        f = 0;
        for (let d = cs; d < cs + k; d++) f += factorOf(d) * categoryFactor(d, c);
        cycleFactors.set(key, (f /= k));
      }
      return f;
    };
    // The hot loop reads only locals: this is most of a build's time.
    const { cycle, phase, launch, eol, declineFrom, productDemand, productCategory, storeOpen, storeFactor, productPrice, carriedFlags } = this;
    const cover = this.s.cover;
    const noiseSigma = params.noiseSigma;
    const anomalyP = params.anomalyProbability;
    const spike = params.anomalyMagnitude;
    const dip = 1 / spike;
    const promoLift = params.promotionLift;
    const elasticity = params.priceElasticity;
    const rampDays = params.newProductRampDays;
    const eolDays = params.endOfLifeDays;
    const shortP = params.stockoutProbability;
    const backlog = params.stockoutBehavior === 'backlog';
    const gaps = params.randomGapsPerSeries > 0;
    const keys = this.keysOfPairs();
    const noiseKey = keys.noise;
    const anomalyKey = keys.anomaly;
    const memo = (this.elasticityMemo ??= { cents: new Int32Array(S * P).fill(-1), factor: new Float64Array(S * P) });
    const elasticCents = memo.cents;
    const elasticFactor = memo.factor;
    /** The series state of the current call. */
    let state = new SeriesState(0);

    // Demand and sales of one pair on one day (fd: day × category factor, sf:
    // store factor that day); updates the stock. Returns the quantity sold.
    const step = (i: number, st: number, p: number, d: number, fd: number, sf: number): number => {
      const { onHand, target, unmet, backlogIn, cycleStart, price, priceBlock, promoStart, promoEnd, promoDiscount, promoBlock } = state;
      const k = cycle[i];
      const cs = d - daysIntoCycle(d, phase[i], k);
      if (cs !== cycleStart[i]) {
        cycleStart[i] = cs;
        const h = cover.at3(st, p, cs);
        const short = unit(draw(h, SUB.shortDelivery)) < shortP;
        const u = unit(draw(h, SUB.deliveryAmount));
        const delivered = short ? SHORT_DELIVERY.from + SHORT_DELIVERY.span * u : FULL_DELIVERY.from + FULL_DELIVERY.span * u;
        target[i] = Math.round(cycleFactor(cs, k, productCategory[p]) * productDemand[p] * storeFactor[st] * k * delivered);
        onHand[i] = target[i];
        backlogIn[i] = unmet[i];
        unmet[i] = 0;
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
      if (d < lp || d >= eol[p] || d < storeOpen[st]) {
        cell.stockout = false;
        return 0;
      }
      let demand = fd * productDemand[p] * sf;
      if (d - lp < rampDays) demand *= (d - lp + 1) / rampDays;
      if (d >= declineFrom[p]) demand *= (eol[p] - d) / eolDays;
      if (inPromo) demand *= promoLift;
      if (elasticCents[i] !== unitCents) {
        elasticCents[i] = unitCents;
        elasticFactor[i] = Math.pow(unitCents / productPrice[p], elasticity);
      }
      demand *= elasticFactor[i];
      if (noiseSigma > 0) demand *= Math.exp(noiseSigma * normal(combine(noiseKey[i], d)));
      if (anomalyP > 0) {
        // Inline of anomalyOf (the hot path): the same hash, the same draw.
        const ha = combine(anomalyKey[i], d);
        if (unit(ha) < anomalyP) demand *= unit(draw(ha, SUB.anomalyDirection)) < 0.5 ? dip : spike;
      }
      const wanted = Math.round(demand);
      const sold = Math.min(wanted, onHand[i]);
      onHand[i] -= sold;
      cell.stockout = wanted > sold;
      if (!backlog) return sold;
      unmet[i] += wanted - sold;
      return d === cs ? sold + backlogIn[i] : sold;
    };

    const run = (fromDay: number, toDay: number, visit: (c: Cell) => void) => {
      // Continuing where the previous call stopped needs no replay: the carried
      // state is exactly what a replay would rebuild (tested: any split of the
      // days gives the same bytes).
      const carried = this.carry?.day === fromDay ? this.carry.state : undefined;
      // Otherwise the last state is reset and reused: at 100k pairs a fresh one
      // is 7 MB of typed arrays per range, which the GC frees only lazily.
      state = carried ?? this.carry?.state.reset() ?? new SeriesState(S * P);
      this.carry = undefined;
      const { onHand, unmet } = state;

      // Replay each pair's current cycle (with backlog, the one before too) up
      // to fromDay, so state is as if generated from the start.
      if (!carried) {
        for (let st = 0; st < S; st++)
          for (let p = 0; p < P; p++) {
            const i = st * P + p;
            if (!carriedFlags[i]) continue;
            const k = cycle[i];
            const cs = fromDay - daysIntoCycle(fromDay, phase[i], k) - (backlog ? k : 0);
            for (let d = cs; d < fromDay; d++) step(i, st, p, d, factorOf(d) * categoryFactor(d, productCategory[p]), this.storeFactorOn(st, d));
          }
      }

      const catF = categoryMonth ? new Float64Array(this.categories.length) : null;
      for (let d = fromDay; d < toDay; d++) {
        cell.day = d;
        const fd = factorOf(d);
        if (catF) for (let c = 0; c < catF.length; c++) catF[c] = fd * categoryFactor(d, c);
        for (let st = 0; st < S; st++) {
          cell.store = st;
          const sf = this.storeFactorOn(st, d);
          const open = d >= storeOpen[st];
          for (let p = 0; p < P; p++) {
            const i = st * P + p;
            if (!carriedFlags[i]) continue;
            const sold = step(i, st, p, d, catF ? catF[productCategory[p]] : fd, sf);
            if (!open || d < launch[p] || d >= eol[p]) continue;
            if (gaps && this.inGap(i, st, p, d)) continue;
            const k = cycle[i];
            const daysToRestock = k - daysIntoCycle(d, phase[i], k);
            cell.product = p;
            cell.quantity = sold;
            cell.onHandEnd = onHand[i];
            cell.backlog = unmet[i];
            cell.onOrder = daysToRestock <= ON_ORDER_DAYS ? Math.round(fd * productDemand[p] * sf * k) : 0;
            visit(cell);
          }
        }
      }
      this.carry = { day: toDay, state };
    };
    return run;
  }
}

/** Shelf prices end in .99 (at least 0.49). */
function charm(cents: number): number {
  return Math.max(MIN_PRICE_CENTS, Math.round(cents / 100) * 100 - 1);
}
