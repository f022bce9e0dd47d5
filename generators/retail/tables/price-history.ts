import type { TableSpec } from '../../../src/core/dataset.ts';
import { unitRows } from '../../../src/core/rows.ts';
import { col, defineTable } from '../../../src/core/table.ts';
import { PRICE_BLOCK_DAYS, type RetailModel } from '../model.ts';
import { blocksOf, cellId, pairColumns } from './grain.ts';

export const priceHistory = defineTable({
  name: 'price_history',
  role: 'fact',
  columns: [...pairColumns, col.numeric('price', 10, 2), col.date('valid_from'), col.date('valid_to')],
  unique: [['store_id', 'product_id', 'valid_from']],
  checks: { price_nonnegative: 'price >= 0', valid_range: 'valid_to >= valid_from' },
});

/** The shelf price of each pair in each 56-day price period. */
export function priceHistoryTable(model: RetailModel): TableSpec {
  const blocks = blocksOf(model, PRICE_BLOCK_DAYS);
  const row = priceHistory.tuple((b: number, s: number, p: number) => [
    cellId(model, b, s, p),
    s + 1,
    p + 1,
    model.priceCents(s, p, b) / 100,
    b * PRICE_BLOCK_DAYS,
    (b + 1) * PRICE_BLOCK_DAYS - 1,
  ]);
  return priceHistory.spec(unitRows(blocks.units, (from, to, emit) => blocks.each(from, to, (b, s, p) => emit(row(b, s, p)))));
}
