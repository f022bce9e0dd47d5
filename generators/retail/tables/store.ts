import type { GenContext } from '../../../src/core/context.ts';
import type { TableSpec } from '../../../src/core/dataset.ts';
import { draw } from '../../../src/core/hash.ts';
import { intIn, pick, Weighted } from '../../../src/core/random.ts';
import { countedRows } from '../../../src/core/rows.ts';
import { col, defineTable } from '../../../src/core/table.ts';
import type { RetailModel } from '../model.ts';

/** Relative shares of the usual store formats; formats a config adds get 2. */
const TYPE_WEIGHTS: Record<string, number> = { supermarket: 6, express: 3, warehouse: 1 };

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
});

/** The store_type check: the configured formats (validated as lower-case words, so safe to quote). */
export function storeTypeCheck(types: readonly string[]): string {
  return `store_type IN (${types.map((t) => `'${t}'`).join(', ')})`;
}

export function storeTable(ctx: GenContext, model: RetailModel): TableSpec {
  const region = ctx.stream('store', 'region');
  const city = ctx.stream('store', 'city');
  const type = ctx.stream('store', 'store_type');
  const opened = ctx.stream('store', 'opened_on');
  const { regions, storeTypes } = model.params;
  const types = new Weighted<string>(storeTypes.map((t) => [t, TYPE_WEIGHTS[t] ?? 2]));
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
          region: pick(region.at(i), regions),
          city: cityName,
          store_type: storeType,
          // New stores open inside the range (no rows before); the others years before it.
          opened_on: model.openingDay(i) ?? model.start - intIn(draw(opened.at(i), 0), 90, 3650),
        };
      }),
    ),
    { checks: { store_type_valid: storeTypeCheck(storeTypes) } },
  );
}
