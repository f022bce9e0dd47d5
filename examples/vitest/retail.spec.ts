/**
 * Example: a vitest suite on a committed fixture, with rows typed by
 * `forge types` (examples/types/retail.d.ts).
 *   npx vitest run --config examples/vitest/vitest.config.ts
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFixture, type Fixture } from 'fixture-forge-reader';
import type { RetailTables } from '../types/retail.d.ts';
import { goldenDir } from '../golden.ts';

describe('retail golden fixture', () => {
  let fx: Fixture<RetailTables>;
  beforeAll(async () => {
    fx = await loadFixture<RetailTables>(goldenDir());
  });

  it('has a calendar day for every sales date', async () => {
    const days = new Set((await fx.rows('calendar')).map((d) => d.date));
    const sales = await fx.rows('sales_daily');
    expect(sales.length).toBeGreaterThan(0);
    for (const s of sales) expect(days.has(s.date)).toBe(true);
  });

  it('ends a stockout day with nothing on hand', async () => {
    const stockouts = (await fx.rows('inventory_snapshot_daily')).filter((i) => i.is_stockout);
    for (const i of stockouts) expect(i.on_hand_qty).toBe(0);
  });

  it('keeps promotions inside their dates and discounts below 100%', async () => {
    for (const p of await fx.rows('promotion')) {
      expect(p.start_date <= p.end_date).toBe(true);
      expect(p.discount_pct).toBeGreaterThan(0);
      expect(p.discount_pct).toBeLessThan(1);
    }
  });

  it('gives every product a unique SKU', async () => {
    const skus = (await fx.rows('product')).map((p) => p.sku);
    expect(new Set(skus).size).toBe(skus.length);
  });
});
