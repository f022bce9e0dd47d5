/**
 * The dump against a real PostgreSQL started by this test: it restores with
 * `psql -v ON_ERROR_STOP=1 -f`, every declared constraint exists and is
 * valid, row counts equal the manifest, and Postgres' own CSV of each table
 * equals the artifact's CSV byte for byte (types round-trip exactly).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { before, test } from 'node:test';
import pg from 'pg';
import { build } from '../../src/artifact/build.ts';
import type { Manifest } from '../../src/artifact/manifest.ts';
import { ident } from '../../src/emit/sql.ts';
import { datasets } from '../../generators/index.ts';
import { typesDataset } from '../datasets/types.ts';
import { tempCluster, tempDir } from '../helpers.ts';

const server = tempCluster();
let out: string;
before(async () => {
  out = tempDir();
});

function psql(db: string, args: string[]): string {
  return execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', server.url(db), ...args], {
    encoding: 'utf8',
    env: { ...process.env, PGTZ: 'UTC' },
    maxBuffer: 1 << 28,
  });
}

async function restoreAndCompare(dir: string, manifest: Manifest, db: string) {
  await server.createDatabase(db);
  const sqlFile = join(out, `${db}.sql`);
  writeFileSync(sqlFile, gunzipSync(readFileSync(join(dir, 'dump.sql.gz'))));
  psql(db, ['-f', sqlFile]);

  const client = new pg.Client({ connectionString: server.url(db) });
  await client.connect();
  try {
    for (const t of manifest.tables) {
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM ${ident(t.name)}`);
      assert.equal(rows[0].n, t.rows, `${t.name} row count`);
      for (const c of t.constraints) {
        const found =
          c.kind === 'index'
            ? await client.query('SELECT 1 FROM pg_indexes WHERE indexname = $1 AND tablename = $2', [c.name, t.name])
            : await client.query('SELECT 1 FROM pg_constraint WHERE conname = $1 AND conrelid = $2::regclass AND convalidated', [c.name, t.name]);
        assert.equal(found.rowCount, 1, `${t.name}: constraint ${c.name} present and valid`);
      }
      const cols = t.columns.map((c) => ident(c.name)).join(', ');
      const copied = psql(db, ['-c', `COPY (SELECT ${cols} FROM ${ident(t.name)} ORDER BY ${t.orderBy.map(ident).join(', ')}) TO STDOUT (FORMAT csv, HEADER)`]);
      const file = readFileSync(join(dir, t.files.csv!.path), 'utf8');
      assert.ok(copied === file, `${t.name}: Postgres' CSV differs from the artifact's (first difference at byte ${firstDifference(copied, file)})`);
    }
  } finally {
    await client.end();
  }
}

function firstDifference(a: string, b: string): number {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i;
}

test('the retail dump restores with psql -f, with every constraint, and Postgres prints the same CSV', async () => {
  const { dir, manifest } = await build({ dataset: datasets.retail, seed: 42, profile: 'tiny', outRoot: join(out, 'retail') });
  await restoreAndCompare(dir, manifest, 'retail');
});

test('every type and nasty text round-trip through Postgres byte for byte', async () => {
  const { dir, manifest } = await build({ dataset: typesDataset, seed: 9, profile: 'tiny', outRoot: join(out, 'types') });
  await restoreAndCompare(dir, manifest, 'types');
});

test('constraints are real: a row that breaks the grain is refused', async () => {
  const client = new pg.Client({ connectionString: server.url('retail') });
  await client.connect();
  try {
    await assert.rejects(
      client.query('INSERT INTO sales_daily SELECT id + 1, date, store_id, product_id, quantity, unit_price, total_amount FROM sales_daily LIMIT 1'),
      /sales_daily_date_store_id_product_id_key/,
    );
    await assert.rejects(client.query('UPDATE sales_daily SET quantity = -1 WHERE id = (SELECT min(id) FROM sales_daily)'), /quantity_nonnegative/);
    await assert.rejects(client.query('UPDATE sales_daily SET store_id = 9999 WHERE id = (SELECT min(id) FROM sales_daily)'), /sales_daily_store_id_fkey/);
  } finally {
    await client.end();
  }
});
