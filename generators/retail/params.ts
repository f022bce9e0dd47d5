/**
 * Parameters of the retail dataset: one table (key, config-file path,
 * schema, default, doc) from which config files, FORGE_* variables, --set
 * and --print-config are derived (src/config/). Profiles are sizes.
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

export const retailParameters = defineParams({
  stores: { path: 'dimensions.stores.count', schema: z.number().int().min(1).max(10_000), default: 10, doc: 'number of stores', envAliases: ['SEEDER_DEFAULT_STORES'] },
  products: { path: 'dimensions.products.count', schema: z.number().int().min(1).max(100_000), default: 40, doc: 'number of products', envAliases: ['SEEDER_DEFAULT_PRODUCTS'] },
  startDate: { path: 'date_range.start', schema: isoDate, default: '2024-01-01', doc: 'first day of the daily tables', allowed: 'a date YYYY-MM-DD' },
  endDate: { path: 'date_range.end', schema: isoDate, default: '2024-12-31', doc: 'last day of the daily tables (an append may grow it)', allowed: 'a date YYYY-MM-DD' },
  coverage: { path: 'sparsity.coverage', schema: share, default: 0.7, doc: 'share of store × product pairs a store carries (1 - sparsity)' },
  promoRate: { path: 'retail.promotion_probability', schema: share, default: 0.15, doc: 'chance that a carried pair runs a promotion in a 28-day block' },
  baseDemand: { path: 'time_series.base_demand', schema: z.number().positive().max(1e6), default: 12, doc: 'mean daily units of an average product in an average store' },
  trendPerYear: { path: 'time_series.trend_per_year', schema: z.number().min(-0.9).max(10), default: 0.05, doc: 'linear trend, as a fraction of demand per year' },
  noiseSigma: { path: 'time_series.noise_sigma', schema: z.number().min(0).max(2), default: 0.25, doc: 'standard deviation of the log of day-to-day noise' },
  documents: { path: 'documents', schema: z.boolean(), default: false, doc: 'markdown documents for a RAG index and questions citing them (tables documents and rag_question; scenario rag-agent)' },
});

export type RetailParams = ParamValues<typeof retailParameters>;

export function checkRetailParams(p: RetailParams): string | undefined {
  if (dayFromIso(p.endDate) < dayFromIso(p.startDate)) return `date_range.end (${p.endDate}) is before date_range.start (${p.startDate})`;
  return undefined;
}

export const profiles = {
  /** A few thousand rows in all: golden files and fast tests. */
  tiny: { stores: 6, products: 12, startDate: '2024-01-01', endDate: '2024-01-31' },
  /** The default: about 100k sales rows. */
  local: { stores: 10, products: 40, startDate: '2024-01-01', endDate: '2024-12-31' },
  /** At least 1M sales rows. */
  large: { coverage: 0.8, stores: 20, products: 200, startDate: '2024-01-01', endDate: '2024-12-31' },
  /** About 100M sales rows: for memory and throughput at scale. */
  xlarge: { coverage: 0.92, stores: 100, products: 1000, startDate: '2023-01-01', endDate: '2025-12-31' },
} satisfies Record<string, Partial<RetailParams>>;
