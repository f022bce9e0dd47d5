import type { TableSpec } from '../../../src/core/dataset.ts';
import { unitRows } from '../../../src/core/rows.ts';
import { col, defineTable } from '../../../src/core/table.ts';
import type { RetailModel } from '../model.ts';
import { cellId } from './grain.ts';
import { salesDaily } from './sales-daily.ts';

/**
 * The demand anomalies behind sales_daily (time_series.anomaly_probability
 * and anomaly_magnitude): one row per sales row whose demand was multiplied
 * (spike) or divided (dip), so tests and models can find the outliers.
 * Sales may still be capped by stock on those days.
 */
export const salesAnomaly = defineTable({
  name: 'sales_anomaly',
  role: 'fact',
  columns: [
    col.bigint('sales_id').primaryKey().references(salesDaily),
    col.date('date'),
    col.integer('store_id'),
    col.integer('product_id'),
    col.text('kind'),
    col.numeric('demand_multiplier', 8, 4),
  ],
  checks: { kind_valid: "kind IN ('spike', 'dip')", multiplier_positive: 'demand_multiplier > 0' },
});

export function salesAnomalyTable(model: RetailModel): TableSpec {
  return salesAnomaly.spec(
    unitRows(model.days, (from, to, emit) => {
      for (let d = model.start + from; d < model.start + to; d++)
        model.anomaliesOn(d, (s, p, m) => emit([cellId(model, d, s, p), d, s + 1, p + 1, m > 1 ? 'spike' : 'dip', Math.round(m * 10_000) / 10_000]));
    }),
  );
}
