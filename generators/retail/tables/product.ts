import type { GenContext } from '../../../src/core/context.ts';
import type { TableSpec } from '../../../src/core/dataset.ts';
import { draw } from '../../../src/core/hash.ts';
import { pick, Permutation } from '../../../src/core/random.ts';
import { countedRows } from '../../../src/core/rows.ts';
import { col, defineTable } from '../../../src/core/table.ts';
import { catalogOf } from '../catalog.ts';
import type { RetailModel } from '../model.ts';

const SKU_SPACE = 900_000;

export const product = defineTable({
  name: 'product',
  role: 'dimension',
  columns: [
    col.integer('product_id').primaryKey(),
    col.varchar('sku', 16).unique(),
    col.text('name'),
    col.text('category'),
    col.text('brand'),
    col.numeric('base_price', 10, 2),
    col.date('launch_date').nullable(),
    col.date('discontinued_on').nullable(),
  ],
  checks: {
    base_price_nonnegative: 'base_price >= 0',
    lifecycle_ordered: 'discontinued_on IS NULL OR launch_date IS NULL OR discontinued_on > launch_date',
  },
});

/** Products: the category comes from the model (demand depends on it); name and brand follow the category. */
export function productTable(ctx: GenContext, model: RetailModel): TableSpec {
  const name = ctx.stream('product', 'name');
  const brand = ctx.stream('product', 'brand');
  const brands = model.params.brands;
  // SKUs are a keyed permutation of a fixed space: unique by construction, and
  // the same for product i whatever the number of products.
  const sku = new Permutation(SKU_SPACE, ctx.stream('product', 'sku').key);
  return product.spec(
    countedRows(
      model.products,
      product.named((i) => {
        if (i >= SKU_SPACE) throw new RangeError(`at most ${SKU_SPACE} products`);
        const category = model.categoryOf(i);
        const catalog = catalogOf(category);
        const maker = pick(brand.at(i), brands.length ? brands : catalog.brands);
        const h = name.at(i);
        return {
          product_id: i + 1,
          sku: 'SKU-' + String(100_000 + sku.at(i)),
          name: `${maker} ${pick(h, catalog.items)} ${pick(draw(h, 1), catalog.sizes)}`,
          category,
          brand: maker,
          base_price: model.basePriceCents(i) / 100,
          launch_date: model.launchDay(i),
          discontinued_on: model.endOfLifeDay(i),
        };
      }),
    ),
  );
}
