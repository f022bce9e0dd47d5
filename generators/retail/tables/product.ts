import type { GenContext } from '../../../src/core/context.ts';
import type { TableSpec } from '../../../src/core/dataset.ts';
import { pick, Permutation, Weighted } from '../../../src/core/random.ts';
import { countedRows } from '../../../src/core/rows.ts';
import { col, defineTable } from '../../../src/core/table.ts';
import type { RetailModel } from '../model.ts';

const BRANDS = ['BrandA', 'BrandB', 'Generic', 'Everyday', 'Premium Select'];
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

export function productTable(ctx: GenContext, model: RetailModel): TableSpec {
  const name = ctx.stream('product', 'name');
  const category = ctx.stream('product', 'category');
  const brand = ctx.stream('product', 'brand');
  // SKUs are a keyed permutation of a fixed space: unique by construction, and
  // the same for product i whatever the number of products.
  const sku = new Permutation(SKU_SPACE, ctx.stream('product', 'sku').key);
  const categories = new Weighted<string>([
    ['Beverage', 4],
    ['Snack', 3],
    ['Dairy', 2],
    ['Frozen', 2],
    ['Household', 1],
  ]);
  return product.spec(
    countedRows(
      model.products,
      product.named((i) => {
        if (i >= SKU_SPACE) throw new RangeError(`at most ${SKU_SPACE} products`);
        return {
          product_id: i + 1,
          sku: 'SKU-' + String(100_000 + sku.at(i)),
          name: ctx.faker.at(name.at(i)).commerce.productName(),
          category: categories.pick(category.at(i)),
          brand: pick(brand.at(i), BRANDS),
          base_price: model.basePriceCents(i) / 100,
          launch_date: model.launchDay(i),
          discontinued_on: model.endOfLifeDay(i),
        };
      }),
    ),
  );
}
