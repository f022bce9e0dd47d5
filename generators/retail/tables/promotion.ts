import type { TableSpec } from '../../../src/core/dataset.ts';
import { unitRows } from '../../../src/core/rows.ts';
import { col, defineTable } from '../../../src/core/table.ts';
import { PROMO_BLOCK_DAYS, type Promo, type RetailModel } from '../model.ts';
import { blocksOf, cellId, pairColumns } from './grain.ts';

export const promotion = defineTable({
  name: 'promotion',
  role: 'fact',
  columns: [...pairColumns, col.text('name'), col.numeric('discount_pct', 4, 3), col.date('start_date'), col.date('end_date')],
  checks: { discount_range: 'discount_pct > 0 AND discount_pct <= 1', date_range: 'end_date >= start_date' },
});

/** Promotions: at most one per pair per 28-day block, the ones sales saw. */
export function promotionTable(model: RetailModel): TableSpec {
  const blocks = blocksOf(model, PROMO_BLOCK_DAYS);
  const row = promotion.named((b: number, s: number, p: number, promo: Promo) => ({
    id: cellId(model, b, s, p),
    store_id: s + 1,
    product_id: p + 1,
    name: model.promoName(s, p, b),
    discount_pct: promo.discount,
    start_date: promo.start,
    end_date: promo.end,
  }));
  return promotion.spec(
    unitRows(blocks.units, (from, to, emit) =>
      blocks.each(from, to, (b, s, p) => {
        const promo = model.promo(s, p, b);
        if (promo) emit(row(b, s, p, promo));
      }),
    ),
  );
}
