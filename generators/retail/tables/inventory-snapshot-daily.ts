import type { TableSpec } from '../../../src/core/dataset.ts';
import type { RetailModel } from '../model.ts';
import { cellId, dailyRows, factForeignKeys } from './grain.ts';

/** End-of-day stock of every active pair: consistent with sales by construction. */
export function inventorySnapshotDailyTable(model: RetailModel): TableSpec {
  const rows = dailyRows(model, (c) => [cellId(model, c.day, c.store, c.product), c.day, c.store + 1, c.product + 1, c.onHandEnd, c.onOrder, c.stockout]);
  return {
    name: 'inventory_snapshot_daily',
    role: 'fact',
    columns: ['id bigint', 'date date', 'store_id integer', 'product_id integer', 'on_hand_qty integer', 'on_order_qty integer', 'is_stockout boolean'],
    primaryKey: ['id'],
    unique: [['date', 'store_id', 'product_id']],
    foreignKeys: factForeignKeys,
    checks: { on_hand_nonnegative: 'on_hand_qty >= 0', on_order_nonnegative: 'on_order_qty >= 0' },
    indexes: [['store_id'], ['product_id']],
    rows,
  };
}
