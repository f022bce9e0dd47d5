import type { GenContext } from '../../../src/core/context.ts';
import type { TableSpec } from '../../../src/core/dataset.ts';
import { draw } from '../../../src/core/hash.ts';
import { intIn, pick, Weighted } from '../../../src/core/random.ts';
import { countedRows } from '../../../src/core/rows.ts';
import type { RetailModel } from '../model.ts';

export const STORE_TYPES = ['supermarket', 'express', 'warehouse'] as const;
const REGIONS = ['North', 'South', 'East', 'West'];

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
  return {
    name: 'store',
    role: 'dimension',
    columns: ['store_id integer', 'code varchar(10)', 'name text', 'region text', 'city text', 'store_type text', 'opened_on date'],
    primaryKey: ['store_id'],
    unique: [['code']],
    checks: { store_type_valid: `store_type IN (${STORE_TYPES.map((t) => `'${t}'`).join(', ')})` },
    rows: countedRows(model.stores, (i) => {
      const cityName = ctx.faker.at(city.at(i)).location.city();
      const storeType = types.pick(type.at(i));
      return [
        i + 1,
        'S' + String(i + 1).padStart(4, '0'),
        `${cityName} ${storeType[0].toUpperCase()}${storeType.slice(1)}`,
        pick(region.at(i), REGIONS),
        cityName,
        storeType,
        model.start - intIn(draw(opened.at(i), 0), 90, 3650),
      ];
    }),
  };
}
