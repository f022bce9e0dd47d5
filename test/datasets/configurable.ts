/** A small dataset with a parameter table and scenarios: the config machinery tested apart from retail. */
import { z } from 'zod';
import { defineParams, type ParamValues } from '../../src/config/params.ts';
import { defineDataset } from '../../src/core/dataset.ts';
import { countedRows } from '../../src/core/rows.ts';

export const widgetParameters = defineParams({
  count: { path: 'size.count', schema: z.number().int().min(1).max(1000), default: 5, doc: 'rows', envAliases: ['WIDGET_COUNT'] },
  colour: { path: 'look.colour', schema: z.enum(['red', 'green', 'blue']), default: 'red', doc: 'colour of every widget' },
  weights: { path: 'look.weights', schema: z.array(z.number().positive()).length(3), default: [1, 1, 1], doc: 'three weights' },
  low: { path: 'range.low', schema: z.number(), default: 0, doc: 'low end' },
  high: { path: 'range.high', schema: z.number(), default: 10, doc: 'high end' },
});

export const widgetsDataset = defineDataset<ParamValues<typeof widgetParameters>>({
  name: 'widgets',
  version: '0.0.1',
  description: 'config test dataset',
  parameters: widgetParameters,
  checkParams: (p) => (p.high < p.low ? `range.high (${p.high}) is below range.low (${p.low})` : undefined),
  profiles: { small: { count: 3 }, big: { count: 100, colour: 'green' } },
  defaultProfile: 'small',
  scenarios: {
    blue: { description: 'blue widgets', params: { colour: 'blue', low: 1 } },
    heavy: { description: 'heavy widgets', params: { weights: [5, 5, 5] } },
  },
  tables: (_ctx, p) => [
    { name: 'widget', role: 'dimension', columns: ['id integer', 'colour text'], primaryKey: ['id'], rows: countedRows(p.count, (i) => [i + 1, p.colour]) },
  ],
});
