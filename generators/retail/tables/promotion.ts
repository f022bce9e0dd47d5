import type { TableSpec } from '../../../src/core/dataset.ts';
import { unitRows } from '../../../src/core/rows.ts';
import { PROMO_BLOCK_DAYS, type RetailModel } from '../model.ts';
import { blocksOf, cellId, pairForeignKeys } from './grain.ts';

/** Promotions: at most one per pair per 28-day block, the ones sales saw. */
export function promotionTable(model: RetailModel): TableSpec {
  const blocks = blocksOf(model, PROMO_BLOCK_DAYS);
  return {
    name: 'promotion',
    role: 'fact',
    columns: ['id bigint', 'store_id integer', 'product_id integer', 'name text', 'discount_pct numeric(4,3)', 'start_date date', 'end_date date'],
    primaryKey: ['id'],
    foreignKeys: pairForeignKeys,
    checks: { discount_range: 'discount_pct > 0 AND discount_pct <= 1', date_range: 'end_date >= start_date' },
    rows: unitRows(blocks.units, (from, to, emit) =>
      blocks.each(from, to, (b, s, p) => {
        const promo = model.promo(s, p, b);
        if (promo) emit([cellId(model, b, s, p), s + 1, p + 1, model.promoName(s, p, b), promo.discount, promo.start, promo.end]);
      }),
    ),
  };
}
