/**
 * Retail scenarios: named, documented parameter sets (`--scenario NAME`),
 * the seed document's six, its brainstormed three, and its rag-agent. They set behaviour,
 * not size: any profile runs any scenario, and --config, FORGE_* variables
 * and --set apply over them.
 */
import type { Scenario } from '../../src/core/dataset.ts';
import type { RetailParams } from './params.ts';

type RetailScenario = Scenario & { params: Partial<RetailParams> };

export const scenarios = {
  retail_standard: { description: 'normal retail patterns: the defaults (general testing)', params: {} },
  holiday_rush: {
    description: 'Q4 surge: Nov ×1.3, Dec ×1.8, Black Friday ×3, more promotions and short deliveries (seasonal forecasting)',
    params: {
      monthlySeasonality: { '10': 1.0, '11': 1.3, '12': 1.8 },
      promotionProbability: 0.25,
      stockoutProbability: 0.15,
      trend: 'exponential',
      trendSlope: 0.02,
    },
  },
  high_variance: {
    description: 'noisy and unpredictable: noise sigma 0.5, 5 % anomalies of ×3 (robustness testing)',
    params: { noiseSigma: 0.5, anomalyProbability: 0.05, anomalyMagnitude: 3 },
  },
  stockout_heavy: {
    description: 'frequent stockouts: 40 % of deliveries short, unmet demand backlogged (inventory modelling)',
    params: { stockoutProbability: 0.4, stockoutBehavior: 'backlog' },
  },
  new_launches: {
    description: 'many new products: 40 % launch in the first 180 days, 45-day ramp (launch forecasting)',
    params: { newProductPct: 0.4, newProductRampDays: 45 },
  },
  sparse: {
    description: 'many missing combinations: 60 % of pairs absent, 3 date gaps per series a year (gap handling)',
    params: { sparsity: 0.6, randomGapsPerSeries: 3, gapDays: 7 },
  },
  summer_slowdown: {
    description: 'summer dip: Jun-Aug demand ×0.9 overall, Snack and Household ×0.7 (seasonal dips by category)',
    params: {
      monthlySeasonality: { '6': 0.9, '7': 0.9, '8': 0.9 },
      categorySeasonality: { Snack: { '6': 0.75, '7': 0.7, '8': 0.75 }, Household: { '6': 0.75, '7': 0.7, '8': 0.75 } },
    },
  },
  new_store_opening: {
    description: 'new locations: 30 % of stores open during the range and ramp up over 90 days',
    params: { newStorePct: 0.3, newStoreRampDays: 90 },
  },
  competitor_entry: {
    description: 'demand shock: a step trend, -30 % from 182 days after the start (demand shock simulation)',
    params: { trend: 'step', stepChange: -0.3 },
  },
  'rag-agent': {
    description: 'the standard data plus markdown documents for a RAG index and questions citing them (agent validation)',
    params: { documents: true },
  },
} satisfies Record<string, RetailScenario>;
