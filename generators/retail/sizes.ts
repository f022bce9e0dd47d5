/**
 * Row counts of each profile, for the README's profile table
 * (scripts/readme-tables.ts writes it, a test keeps it true). Profiles up to
 * a few million rows are counted by generating them; bigger ones are
 * counted from the model (daily rows exactly, anomalies at their expected
 * rate) and shown rounded.
 */
import { planBuild } from '../../src/artifact/build.ts';
import { GenContext } from '../../src/core/context.ts';
import type { Dataset } from '../../src/core/dataset.ts';
import { RetailModel } from './model.ts';
import type { RetailParams } from './params.ts';

const GENERATE_LIMIT = 5_000_000;

export interface ProfileSize {
  profile: string;
  stores: number;
  products: number;
  days: number;
  salesRows: number;
  allRows: number;
  exact: boolean;
}

/** Days each carried pair has a row (no gaps in profiles), summed: the rows of each daily table. */
function dailyRows(model: RetailModel): number {
  let n = 0;
  for (let s = 0; s < model.stores; s++) {
    const open = model.openingDay(s) ?? -Infinity;
    for (let p = 0; p < model.products; p++) {
      if (!model.carried(s, p)) continue;
      const from = Math.max(model.start, open, model.launchDay(p) ?? -Infinity);
      const to = Math.min(model.end, (model.endOfLifeDay(p) ?? Infinity) - 1);
      if (to >= from) n += to - from + 1;
    }
  }
  return n;
}

export function profileSize(dataset: Dataset, profile: string, seed = 42): ProfileSize {
  const { params, tables } = planBuild(dataset, seed, profile);
  const model = new RetailModel(new GenContext(seed, dataset.name), params as RetailParams);
  const daily = dailyRows(model);
  const base = { profile, stores: model.stores, products: model.products, days: model.days, salesRows: daily };
  if (daily * 2 <= GENERATE_LIMIT) {
    let all = 0;
    for (const t of tables) t.rows.generate(0, t.rows.units, () => all++);
    return { ...base, allRows: all, exact: true };
  }
  let all = 0;
  for (const t of tables) {
    if (t.name === 'sales_daily' || t.name === 'inventory_snapshot_daily') all += daily;
    else if (t.name === 'sales_anomaly') all += Math.round(daily * (params as RetailParams).anomalyProbability);
    else t.rows.generate(0, t.rows.units, () => all++);
  }
  return { ...base, allRows: all, exact: false };
}
