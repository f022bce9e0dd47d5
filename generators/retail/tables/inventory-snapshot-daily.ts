import type { TableSpec } from '../../../src/core/dataset.ts';
import { col } from '../../../src/core/table.ts';
import type { RetailModel } from '../model.ts';
import { cellId, dailyFactTable, dailyRows } from './grain.ts';

export const inventorySnapshotDaily = dailyFactTable(
  'inventory_snapshot_daily',
  [col.integer('on_hand_qty'), col.integer('on_order_qty'), col.boolean('is_stockout'), col.integer('backlog_qty')],
  {
    on_hand_nonnegative: 'on_hand_qty >= 0',
    on_order_nonnegative: 'on_order_qty >= 0',
    backlog_nonnegative: 'backlog_qty >= 0',
  },
);

/**
 * End-of-day stock of every active pair: consistent with sales by
 * construction. backlog_qty is the unmet demand waiting for the next
 * delivery (always 0 with stockout_behavior zero, where it is lost).
 */
export function inventorySnapshotDailyTable(model: RetailModel): TableSpec {
  return inventorySnapshotDaily.spec(
    dailyRows(
      model,
      inventorySnapshotDaily.tuple((c) => [
        cellId(model, c.day, c.store, c.product),
        c.day,
        c.store + 1,
        c.product + 1,
        c.onHandEnd,
        c.onOrder,
        c.stockout,
        c.backlog,
      ]),
    ),
  );
}
