/**
 * Example: a node:test suite on a committed fixture. The rows are typed by
 * `forge types` (examples/types/retail.d.ts); the loader validates the
 * manifest and checks each file's sha256 as it opens it.
 *   npx tsx --test examples/node-test/retail.test.ts
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { loadFixture, type Fixture } from 'fixture-forge-reader';
import type { RetailSalesDaily, RetailStore, RetailTables } from '../types/retail.d.ts';
import { goldenDir } from '../golden.ts';

let fx: Fixture<RetailTables>;
let stores: RetailStore[];
let sales: RetailSalesDaily[];

before(async () => {
  fx = await loadFixture<RetailTables>(goldenDir());
  stores = await fx.rows('store');
  sales = await fx.rows('sales_daily');
});

test('row counts are the manifest’s', () => {
  assert.equal(stores.length, fx.table('store').rows);
  assert.equal(sales.length, fx.table('sales_daily').rows);
});

test('every sale belongs to a known store and product', async () => {
  const storeIds = new Set(stores.map((s) => s.store_id));
  const productIds = new Set((await fx.rows('product')).map((p) => p.product_id));
  for (const s of sales) {
    assert.ok(storeIds.has(s.store_id), `store ${s.store_id}`);
    assert.ok(productIds.has(s.product_id), `product ${s.product_id}`);
  }
});

test('total_amount is quantity × unit_price, to the cent', () => {
  for (const s of sales) assert.equal(Math.round(s.quantity * s.unit_price * 100), Math.round(s.total_amount * 100), `sale ${s.id}`);
});

test('the CSV file gives the same typed rows as the JSON file', async () => {
  for (const name of fx.tables) assert.deepEqual(await fx.rows(name, { from: 'csv' }), await fx.rows(name), name);
});
