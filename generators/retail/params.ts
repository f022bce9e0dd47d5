/**
 * Parameters of the retail dataset: one table (key, config-file path,
 * schema, default, doc) from which config files, FORGE_* variables, --set
 * and --print-config are derived (src/config/). The paths are the seed
 * document's seed_config.yaml layout, its TimeSeriesConfig and
 * RetailPatternConfig fields; defaults are its defaults unless a comment
 * says why not. Profiles are sizes; scenarios (scenarios.ts) are behaviour.
 */
import { z } from 'zod';
import { defineParams, type ParamValues } from '../../src/config/params.ts';
import { dayFromIso } from '../../src/core/dates.ts';

const isoDate = z.string().refine((s) => {
  try {
    dayFromIso(s);
    return true;
  } catch {
    return false;
  }
}, 'must be a date YYYY-MM-DD');
const share = z.number().min(0).max(1);
const multiplier = z.number().min(0).max(100);
const names = z.array(z.string().min(1).max(60)).min(1).max(200);
const month = z.string().regex(/^(1[0-2]|[1-9])$/, 'months are 1 to 12');
const byMonth = z.record(month, multiplier);
const days = (max: number) => z.number().int().min(1).max(max);

export const retailParameters = defineParams({
  // dimensions
  stores: {
    path: 'dimensions.stores.count',
    schema: z.number().int().min(1).max(10_000),
    default: 10,
    doc: 'number of stores',
    envAliases: ['SEEDER_DEFAULT_STORES'],
  },
  regions: {
    path: 'dimensions.stores.regions',
    schema: names,
    default: ['North', 'South', 'East', 'West'],
    doc: 'regions stores are spread over',
    allowed: 'a list of names',
  },
  storeTypes: {
    path: 'dimensions.stores.types',
    schema: z
      .array(z.string().regex(/^[a-z][a-z0-9_ ]{0,29}$/, 'store types are lower-case words'))
      .min(1)
      .max(20),
    default: ['supermarket', 'express', 'warehouse'],
    doc: 'store formats (supermarket 6 : express 3 : warehouse 1, others 2)',
    allowed: 'a list of lower-case words',
  },
  newStorePct: {
    path: 'dimensions.stores.new_store_pct',
    schema: share,
    default: 0,
    doc: 'share of stores that open during the date range (no rows before their opening day)',
  },
  newStoreRampDays: { path: 'dimensions.stores.new_store_ramp_days', schema: days(365), default: 60, doc: 'days a new store takes to reach full demand' },
  products: {
    path: 'dimensions.products.count',
    schema: z.number().int().min(1).max(100_000),
    default: 40,
    doc: 'number of products',
    envAliases: ['SEEDER_DEFAULT_PRODUCTS'],
  },
  categories: {
    path: 'dimensions.products.categories',
    schema: names,
    default: ['Beverage', 'Snack', 'Dairy', 'Frozen', 'Household'],
    doc: 'product categories (names and brands follow the category)',
    allowed: 'a list of names',
  },
  brands: {
    path: 'dimensions.products.brands',
    schema: z.array(z.string().min(1).max(60)).max(200),
    default: [],
    doc: "brands for every category; empty: each category's own brands",
    allowed: 'a list of names (empty: per category)',
  },
  // date_range
  startDate: { path: 'date_range.start', schema: isoDate, default: '2024-01-01', doc: 'first day of the daily tables', allowed: 'a date YYYY-MM-DD' },
  endDate: {
    path: 'date_range.end',
    schema: isoDate,
    default: '2024-12-31',
    doc: 'last day of the daily tables (an append may grow it)',
    allowed: 'a date YYYY-MM-DD',
  },
  // time_series (TimeSeriesConfig)
  // 12, not the document's 100: units per store × product × day, where 12 gives the low, intermittent counts of real shelves.
  baseDemand: {
    path: 'time_series.base_demand',
    schema: z.number().positive().max(1e6),
    default: 12,
    doc: 'mean daily units of an average product in an average store',
  },
  trend: { path: 'time_series.trend', schema: z.enum(['none', 'linear', 'exponential', 'step']), default: 'linear', doc: 'trend shape over the date range' },
  trendSlope: { path: 'time_series.trend_slope', schema: z.number().min(-5).max(5), default: 0.1, doc: 'linear/exponential trend: % change of demand per day' },
  stepDate: {
    path: 'time_series.step_date',
    schema: isoDate.nullable(),
    default: null,
    doc: 'step trend: the day demand changes level (null: 182 days after date_range.start)',
    allowed: 'a date YYYY-MM-DD or null',
  },
  stepChange: {
    path: 'time_series.step_change',
    schema: z.number().min(-0.95).max(10),
    default: -0.25,
    doc: 'step trend: relative change of demand from step_date on',
  },
  weeklySeasonality: {
    path: 'time_series.weekly_seasonality',
    schema: z.array(multiplier).length(7),
    default: [0.8, 0.9, 1.0, 1.0, 1.1, 1.3, 1.2],
    doc: 'demand multiplier per weekday, Monday to Sunday',
    allowed: 'a list of 7 multipliers, Monday to Sunday',
  },
  monthlySeasonality: {
    path: 'time_series.monthly_seasonality',
    schema: byMonth,
    default: {},
    doc: 'demand multiplier per month (1-12); months not listed: 1',
    allowed: 'a map of month (1-12) to multiplier',
  },
  categorySeasonality: {
    path: 'time_series.category_seasonality',
    schema: z.record(z.string().min(1), byMonth),
    default: {},
    doc: 'per category, a multiplier per month on top of monthly_seasonality',
    allowed: 'a map of category to a map of month (1-12) to multiplier',
  },
  // 0.1 as the document's default; its seed_config example uses 0.15.
  noiseSigma: {
    path: 'time_series.noise_sigma',
    schema: z.number().min(0).max(2),
    default: 0.1,
    doc: 'Gaussian noise: demand × exp(sigma · N(0, 1)), per day',
  },
  anomalyProbability: {
    path: 'time_series.anomaly_probability',
    schema: share,
    default: 0.01,
    doc: 'chance per store × product × day of a spike or dip (listed in sales_anomaly)',
  },
  anomalyMagnitude: {
    path: 'time_series.anomaly_magnitude',
    schema: z.number().min(1).max(100),
    default: 2.0,
    doc: 'spikes multiply demand by this, dips divide it',
  },
  // retail (RetailPatternConfig)
  promotionLift: {
    path: 'retail.promotion_lift',
    schema: z.number().min(0).max(20),
    default: 1.3,
    doc: 'demand multiplier during a promotion (before price elasticity)',
  },
  stockoutBehavior: {
    path: 'retail.stockout_behavior',
    schema: z.enum(['zero', 'backlog']),
    default: 'zero',
    doc: 'zero: unmet demand is lost; backlog: it is carried and sold when the next delivery arrives',
  },
  priceElasticity: { path: 'retail.price_elasticity', schema: z.number().min(-10).max(0), default: -0.5, doc: 'demand × (price / base price) ^ elasticity' },
  newProductRampDays: {
    path: 'retail.new_product_ramp_days',
    schema: days(365),
    default: 30,
    doc: 'days a launched product takes to reach full demand (linear ramp)',
  },
  // 1.0, not the document's 1.2: its weekly_seasonality default already peaks at the weekend.
  weekendSpike: {
    path: 'retail.weekend_spike',
    schema: multiplier,
    default: 1.0,
    doc: 'extra multiplier on Saturday and Sunday, on top of weekly_seasonality',
  },
  promotionProbability: {
    path: 'retail.promotion_probability',
    schema: share,
    default: 0.15,
    doc: 'chance that a carried pair runs a promotion in a 28-day block',
  },
  stockoutProbability: {
    path: 'retail.stockout_probability',
    schema: share,
    default: 0.05,
    doc: 'share of restock deliveries that come short (30-70 % of expected demand)',
  },
  newProductPct: { path: 'retail.new_product_pct', schema: share, default: 0.1, doc: 'share of products launched during the first 180 days of the range' },
  discontinuedPct: { path: 'retail.discontinued_pct', schema: share, default: 0.05, doc: 'share of products discontinued 120-400 days into their life' },
  endOfLifeDays: { path: 'retail.end_of_life_days', schema: days(365), default: 60, doc: 'days of linear decline before a product is discontinued' },
  // sparsity
  sparsity: { path: 'sparsity.missing_combinations_pct', schema: share, default: 0.3, doc: 'share of store × product pairs a store never carries' },
  randomGapsPerSeries: {
    path: 'sparsity.random_gaps_per_series',
    schema: z.number().int().min(0).max(24),
    default: 0,
    doc: 'missing date ranges per store × product series per calendar year',
  },
  gapDays: { path: 'sparsity.gap_days', schema: days(30), default: 5, doc: 'length of each missing date range' },
  // holidays
  holidayCalendar: {
    path: 'holiday_calendar',
    schema: z.enum(['us', 'none']),
    default: 'us',
    doc: 'built-in holidays with their multipliers (us: New Year … Black Friday … Christmas)',
  },
  holidays: {
    path: 'holidays',
    schema: z.array(z.object({ date: isoDate, name: z.string().min(1).max(60), multiplier })).max(1000),
    default: [],
    doc: 'dated holidays (date, name, multiplier), added to the calendar and replacing a built-in one on the same day',
    allowed: 'a list of { date: YYYY-MM-DD, name, multiplier }',
  },
  // documents
  documents: {
    path: 'documents',
    schema: z.boolean(),
    default: false,
    doc: 'markdown documents for a RAG index and questions citing them (tables documents and rag_question; scenario rag-agent)',
  },
});

export type RetailParams = ParamValues<typeof retailParameters>;

export function checkRetailParams(p: RetailParams): string | undefined {
  if (dayFromIso(p.endDate) < dayFromIso(p.startDate)) return `date_range.end (${p.endDate}) is before date_range.start (${p.startDate})`;
  if (new Set(p.storeTypes).size !== p.storeTypes.length) return 'dimensions.stores.types lists a type twice';
  if (new Set(p.categories).size !== p.categories.length) return 'dimensions.products.categories lists a category twice';
  for (const c of Object.keys(p.categorySeasonality))
    if (!p.categories.includes(c)) return `time_series.category_seasonality names ${c}, which is not in dimensions.products.categories`;
  const dates = p.holidays.map((h) => h.date);
  if (new Set(dates).size !== dates.length) return 'holidays lists a date twice';
  return undefined;
}

/** Sizes. Every other parameter is at its default unless a scenario, file, variable or flag says otherwise. */
export const profiles = {
  /** A few thousand rows in all: golden files and fast tests. */
  tiny: { stores: 6, products: 12, startDate: '2024-01-01', endDate: '2024-01-31' },
  /** The default: about 100k sales rows. */
  local: { stores: 10, products: 40, startDate: '2024-01-01', endDate: '2024-12-31' },
  /** At least 1M sales rows. */
  large: { sparsity: 0.2, stores: 20, products: 200, startDate: '2024-01-01', endDate: '2024-12-31' },
  /** About 100M sales rows: for memory and throughput at scale. */
  xlarge: { sparsity: 0.08, stores: 100, products: 1000, startDate: '2023-01-01', endDate: '2025-12-31' },
} satisfies Record<string, Partial<RetailParams>>;
