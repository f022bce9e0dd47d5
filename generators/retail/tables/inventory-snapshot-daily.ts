import type { TableSpec } from '../../../src/core/dataset.ts';
import type { RetailModel } from '../model.ts';
import { cellId, dailyFactTable } from './grain.ts';

/** End-of-day stock of every active pair: consistent with sales by construction. */
export function inventorySnapshotDailyTable(model: RetailModel): TableSpec {
  return dailyFactTable(model, {
    name: 'inventory_snapshot_daily',
    measures: ['on_hand_qty integer', 'on_order_qty integer', 'is_stockout boolean'],
    checks: { on_hand_nonnegative: 'on_hand_qty >= 0', on_order_nonnegative: 'on_order_qty >= 0' },
    row: (c) => [cellId(model, c.day, c.store, c.product), c.day, c.store + 1, c.product + 1, c.onHandEnd, c.onOrder, c.stockout],
  });
}
