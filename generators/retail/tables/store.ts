import type { GenContext } from '../../../src/core/context.ts';
import type { TableSpec } from '../../../src/core/dataset.ts';
import { draw } from '../../../src/core/hash.ts';
import { intIn, pick, Weighted } from '../../../src/core/random.ts';
import { countedRows } from '../../../src/core/rows.ts';
import { col, defineTable } from '../../../src/core/table.ts';
import type { RetailModel } from '../model.ts';

export const STORE_TYPES = ['supermarket', 'express', 'warehouse'] as const;
const REGIONS = ['North', 'South', 'East', 'West'];

export const store = defineTable({
  name: 'store',
  role: 'dimension',
  columns: [
    col.integer('store_id').primaryKey(),
    col.varchar('code', 10).unique(),
    col.text('name'),
    col.text('region'),
    col.text('city'),
    col.text('store_type'),
    col.date('opened_on'),
  ],
  checks: { store_type_valid: `store_type IN (${STORE_TYPES.map((t) => `'${t}'`).join(', ')})` },
});

export function storeTable(ctx: GenContext, model: RetailModel): TableSpec {
  const region = ctx.stream('store', 'region');
  const city = ctx.stream('store', 'city');
  const type = ctx.stream('store', 'store_type');
  const opened = ctx.stream('store', 'opened_on');
  const types = new Weighted<string>([
    ['supermarket', 6],
    ['express', 3],
    ['warehouse', 1],
  ]);
  return store.spec(
    countedRows(
      model.stores,
      store.named((i) => {
        const cityName = ctx.faker.at(city.at(i)).location.city();
        const storeType = types.pick(type.at(i));
        return {
          store_id: i + 1,
          code: 'S' + String(i + 1).padStart(4, '0'),
          name: `${cityName} ${storeType[0].toUpperCase()}${storeType.slice(1)}`,
          region: pick(region.at(i), REGIONS),
          city: cityName,
          store_type: storeType,
          opened_on: model.start - intIn(draw(opened.at(i), 0), 90, 3650),
        };
      }),
    ),
  );
}
