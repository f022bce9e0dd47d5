/**
 * Example: a fresh database per test with vitest. freshDatabase() copies a
 * template database that holds the artifact (made on the first call), so a
 * test may write freely: the next one starts from the artifact again. The
 * next copies are made ahead while a test runs, so beforeEach rarely waits.
 * Here the server is a throwaway one started for the suite; a project
 * passes its own local server (or sets DATABASE_URL).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { freshDatabase, releaseSpares, type FreshDatabase } from 'fixture-forge/testing';
import { startTempCluster, type PgServer } from '../../src/pg/server.ts';
import { goldenDir } from '../golden.ts';

describe('retail, one fresh database per test', () => {
  let server: PgServer;
  let db: FreshDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    server = await startTempCluster();
  }, 60_000);
  afterAll(async () => {
    await releaseSpares(); // the copies made ahead for tests that did not come
    await server?.stop();
  });
  beforeEach(async () => {
    db = await freshDatabase({ from: goldenDir(), server: server.url() });
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  }, 60_000);
  afterEach(async () => {
    await client.end();
    await db.drop();
  });

  it('may delete every sale', async () => {
    await client.query('DELETE FROM sales_anomaly; DELETE FROM sales_daily'); // anomalies point at sales
    expect((await client.query('SELECT count(*)::int AS n FROM sales_daily')).rows[0].n).toBe(0);
  });

  it('still has every sale in the next test', async () => {
    expect((await client.query('SELECT count(*)::int AS n FROM sales_daily')).rows[0].n).toBeGreaterThan(0);
  });

  it('keeps the foreign keys of the artifact', async () => {
    await expect(
      client.query('INSERT INTO sales_daily SELECT id + 1000000, date, 999999, product_id, quantity, unit_price, total_amount FROM sales_daily LIMIT 1'),
    ).rejects.toThrow(/foreign key/);
  });
});
