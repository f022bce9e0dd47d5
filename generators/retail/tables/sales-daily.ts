import type { TableSpec } from '../../../src/core/dataset.ts';
import { col } from '../../../src/core/table.ts';
import type { RetailModel } from '../model.ts';
import { cellId, dailyFactTable, dailyRows } from './grain.ts';

export const salesDaily = dailyFactTable('sales_daily', [col.integer('quantity'), col.numeric('unit_price', 10, 2), col.numeric('total_amount', 12, 2)], {
  quantity_nonnegative: 'quantity >= 0',
  unit_price_nonnegative: 'unit_price >= 0',
  total_amount_nonnegative: 'total_amount >= 0',
});

/** One row per active store × product × day; the unit is a day. */
export function salesDailyTable(model: RetailModel): TableSpec {
  return salesDaily.spec(
    dailyRows(
      model,
      salesDaily.tuple((c) => [
        cellId(model, c.day, c.store, c.product),
        c.day,
        c.store + 1,
        c.product + 1,
        c.quantity,
        c.unitPriceCents / 100,
        (c.quantity * c.unitPriceCents) / 100,
      ]),
    ),
  );
}
