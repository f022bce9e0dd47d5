import type { TableSpec } from '../../../src/core/dataset.ts';
import type { RetailModel } from '../model.ts';
import { cellId, dailyRows, factForeignKeys } from './grain.ts';

/** One row per active store × product × day; the unit is a day. */
export function salesDailyTable(model: RetailModel): TableSpec {
  const rows = dailyRows(model, (c) => [cellId(model, c.day, c.store, c.product), c.day, c.store + 1, c.product + 1, c.quantity, c.unitPriceCents / 100, (c.quantity * c.unitPriceCents) / 100]);
  return {
    name: 'sales_daily',
    role: 'fact',
    columns: ['id bigint', 'date date', 'store_id integer', 'product_id integer', 'quantity integer', 'unit_price numeric(10,2)', 'total_amount numeric(12,2)'],
    primaryKey: ['id'],
    unique: [['date', 'store_id', 'product_id']],
    foreignKeys: factForeignKeys,
    checks: {
      quantity_nonnegative: 'quantity >= 0',
      unit_price_nonnegative: 'unit_price >= 0',
      total_amount_nonnegative: 'total_amount >= 0',
    },
    indexes: [['store_id'], ['product_id']],
    rows,
  };
}
