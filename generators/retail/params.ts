/** Parameters of the retail dataset and its size profiles. */
import { z } from 'zod';
import { dayFromIso } from '../../src/core/dates.ts';

const isoDate = z.string().refine((s) => {
  try {
    dayFromIso(s);
    return true;
  } catch {
    return false;
  }
}, 'must be a date YYYY-MM-DD');

export const RetailParams = z
  .object({
    stores: z.coerce.number().int().min(1).max(10_000),
    products: z.coerce.number().int().min(1).max(100_000),
    startDate: isoDate,
    endDate: isoDate,
    /** Share of store × product pairs a store carries (1 - sparsity). */
    coverage: z.coerce.number().min(0).max(1),
    /** Chance that a carried pair runs a promotion in a 28-day block. */
    promoRate: z.coerce.number().min(0).max(1),
    /** Mean daily units of an average product in an average store. */
    baseDemand: z.coerce.number().positive(),
    /** Linear trend, as a fraction of demand per year. */
    trendPerYear: z.coerce.number().min(-0.9).max(10),
    /** Standard deviation of the log of day-to-day noise. */
    noiseSigma: z.coerce.number().min(0).max(2),
    /** Markdown documents for a RAG index, and questions citing them (scenario rag-agent): tables documents and rag_question. */
    documents: z.boolean().optional(),
  })
  .refine((p) => dayFromIso(p.endDate) >= dayFromIso(p.startDate), { message: 'endDate must not be before startDate' });

export type RetailParams = z.infer<typeof RetailParams>;

const common = { coverage: 0.7, promoRate: 0.15, baseDemand: 12, trendPerYear: 0.05, noiseSigma: 0.25 };

export const profiles: Record<string, RetailParams> = {
  /** A few thousand rows in all: golden files and fast tests. */
  tiny: { ...common, stores: 6, products: 12, startDate: '2024-01-01', endDate: '2024-01-31' },
  /** The default: about 100k sales rows. */
  local: { ...common, stores: 10, products: 40, startDate: '2024-01-01', endDate: '2024-12-31' },
  /** At least 1M sales rows. */
  large: { ...common, coverage: 0.8, stores: 20, products: 200, startDate: '2024-01-01', endDate: '2024-12-31' },
  /** About 100M sales rows: for memory and throughput at scale. */
  xlarge: { ...common, coverage: 0.92, stores: 100, products: 1000, startDate: '2023-01-01', endDate: '2025-12-31' },
};
