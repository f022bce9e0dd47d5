/**
 * The retail forecasting warehouse of seed document 004: stores, products, a
 * calendar with holidays, and daily sales, inventory, prices, promotions and
 * demand anomalies that agree with each other because they come from one
 * model. Every knob of the document is a parameter (params.ts); scenarios
 * are named sets of them (scenarios.ts).
 */
import { defineDataset } from '../../src/core/dataset.ts';
import { RetailModel } from './model.ts';
import { checkRetailParams, profiles, retailParameters, type RetailParams } from './params.ts';
import { scenarios } from './scenarios.ts';
import { Corpus } from './documents/corpus.ts';
import { calendarTable } from './tables/calendar.ts';
import { documentsTable, ragQuestionTable } from './tables/documents.ts';
import { inventorySnapshotDailyTable } from './tables/inventory-snapshot-daily.ts';
import { priceHistoryTable } from './tables/price-history.ts';
import { productTable } from './tables/product.ts';
import { promotionTable } from './tables/promotion.ts';
import { salesAnomalyTable } from './tables/sales-anomaly.ts';
import { salesDailyTable } from './tables/sales-daily.ts';
import { storeTable } from './tables/store.ts';

export default defineDataset<RetailParams>({
  name: 'retail',
  version: '1.1.0',
  description: 'Retail forecasting warehouse: stores, products, calendar, daily sales and inventory, prices, promotions, demand anomalies',
  profiles,
  defaultProfile: 'local',
  appendable: ['endDate'],
  parameters: retailParameters,
  checkParams: checkRetailParams,
  scenarios,
  goldenScenarios: ['sparse'],
  stateBytes: (params) => RetailModel.stateBytes(params),
  tables: (ctx, params) => {
    const model = new RetailModel(ctx, params);
    const store = storeTable(ctx, model);
    const product = productTable(ctx, model);
    const corpus = params.documents ? new Corpus(model, store, product) : undefined;
    return [
      store,
      product,
      calendarTable(model),
      priceHistoryTable(model),
      promotionTable(model),
      salesDailyTable(model),
      inventorySnapshotDailyTable(model),
      salesAnomalyTable(model),
      ...(corpus ? [documentsTable(corpus), ragQuestionTable(corpus)] : []),
    ];
  },
});
