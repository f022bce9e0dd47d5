import type { GenContext } from '../../../src/core/context.ts';
import type { TableSpec } from '../../../src/core/dataset.ts';
import { pick, Permutation, Weighted } from '../../../src/core/random.ts';
import { countedRows } from '../../../src/core/rows.ts';
import type { RetailModel } from '../model.ts';

const BRANDS = ['BrandA', 'BrandB', 'Generic', 'Everyday', 'Premium Select'];
const SKU_SPACE = 900_000;

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
  return {
    name: 'product',
    role: 'dimension',
    columns: [
      'product_id integer',
      'sku varchar(16)',
      'name text',
      'category text',
      'brand text',
      'base_price numeric(10,2)',
      'launch_date date null',
      'discontinued_on date null',
    ],
    primaryKey: ['product_id'],
    unique: [['sku']],
    checks: {
      base_price_nonnegative: 'base_price >= 0',
      lifecycle_ordered: 'discontinued_on IS NULL OR launch_date IS NULL OR discontinued_on > launch_date',
    },
    rows: countedRows(model.products, (i) => {
      if (i >= SKU_SPACE) throw new RangeError(`at most ${SKU_SPACE} products`);
      return [
        i + 1,
        'SKU-' + String(100_000 + sku.at(i)),
        ctx.faker.at(name.at(i)).commerce.productName(),
        categories.pick(category.at(i)),
        pick(brand.at(i), BRANDS),
        model.basePriceCents(i) / 100,
        model.launchDay(i),
        model.endOfLifeDay(i),
      ];
    }),
  };
}
