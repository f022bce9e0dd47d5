import type { TableSpec } from '../../../src/core/dataset.ts';
import type { RetailModel } from '../model.ts';
import { cellId, dailyFactTable } from './grain.ts';

/** One row per active store × product × day; the unit is a day. */
export function salesDailyTable(model: RetailModel): TableSpec {
  return dailyFactTable(model, {
    name: 'sales_daily',
    measures: ['quantity integer', 'unit_price numeric(10,2)', 'total_amount numeric(12,2)'],
    checks: {
      quantity_nonnegative: 'quantity >= 0',
      unit_price_nonnegative: 'unit_price >= 0',
      total_amount_nonnegative: 'total_amount >= 0',
    },
    row: (c) => [cellId(model, c.day, c.store, c.product), c.day, c.store + 1, c.product + 1, c.quantity, c.unitPriceCents / 100, (c.quantity * c.unitPriceCents) / 100],
  });
}
