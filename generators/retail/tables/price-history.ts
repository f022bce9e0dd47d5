import type { TableSpec } from '../../../src/core/dataset.ts';
import { unitRows } from '../../../src/core/rows.ts';
import { PRICE_BLOCK_DAYS, type RetailModel } from '../model.ts';
import { blocksOf, cellId, pairForeignKeys } from './grain.ts';

/** The shelf price of each pair in each 56-day price period. */
export function priceHistoryTable(model: RetailModel): TableSpec {
  const blocks = blocksOf(model, PRICE_BLOCK_DAYS);
  return {
    name: 'price_history',
    role: 'fact',
    columns: ['id bigint', 'store_id integer', 'product_id integer', 'price numeric(10,2)', 'valid_from date', 'valid_to date'],
    primaryKey: ['id'],
    unique: [['store_id', 'product_id', 'valid_from']],
    foreignKeys: pairForeignKeys,
    checks: { price_nonnegative: 'price >= 0', valid_range: 'valid_to >= valid_from' },
    rows: unitRows(blocks.units, (from, to, emit) =>
      blocks.each(from, to, (b, s, p) =>
        emit([cellId(model, b, s, p), s + 1, p + 1, model.priceCents(s, p, b) / 100, b * PRICE_BLOCK_DAYS, (b + 1) * PRICE_BLOCK_DAYS - 1]),
      ),
    ),
  };
}
