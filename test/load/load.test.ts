/**
 * forge load against a real PostgreSQL started here, driven as a user drives
 * it (the CLI in a child process): full load and verify, confirm, dry run,
 * checksums, append, delete scopes, tenant reset, shape and guard errors.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { build } from '../../src/artifact/build.ts';
import { startTempCluster } from '../../src/pg/server.ts';
import { forge, queryAt, retailVersionPattern, tableCount, tempCluster, tempDir, type RunResult } from '../helpers.ts';
import { tenantsDataset, TENANTS } from '../datasets/tenants.ts';

const server = tempCluster();
let out: string;
let base: string;
let bigger: string;

before(async () => {
  out = tempDir();
  const b = forge(['build', '--profile', 'tiny', '--out', out, '--quiet']);
  assert.equal(b.code, 0, b.stderr);
  base = b.stdout.trim();
  const big = forge(['build', '--profile', 'tiny', '--set', 'endDate=2024-02-15', '--out', out, '--quiet']);
  assert.equal(big.code, 0, big.stderr);
  bigger = big.stdout.trim();
});

const query = <T = Record<string, unknown>>(db: string, sql: string) => queryAt<T>(server.url(db), sql);

/** Everything a load could change: tables, row counts and a hash of each table's rows, plus the metadata. */
async function snapshot(db: string): Promise<string> {
  const tables = await query<{ t: string }>(
    db,
    "SELECT schemaname || '.' || tablename AS t FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1",
  );
  const parts: string[] = [];
  for (const { t } of tables) {
    const [r] = await query<{ n: string; h: string }>(
      db,
      `SELECT count(*) AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM ${t} x`,
    );
    parts.push(`${t}:${r.n}:${r.h}`);
  }
  return parts.join('\n');
}

function assertOneLine(r: RunResult, pattern: RegExp) {
  assert.notEqual(r.code, 0, `expected failure, got: ${r.stdout}`);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line, got:\n${r.stderr}`);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at |Error:/, 'no stack trace');
}

const load = (db: string, ...args: string[]) => forge(['load', ...args, '--db', server.url(db), '--quiet']);

test('full load, then verify passes; a tampered value makes verify fail and name the table', async () => {
  await server.createDatabase('full');
  const r = load('full', base);
  assert.equal(r.code, 0, r.stderr);
  const v = forge(['verify', base, '--db', server.url('full')]);
  assert.equal(v.code, 0, v.stderr);
  assert.match(v.stdout, new RegExp(`ok: ${tableCount(base)} tables`));
  const st = forge(['status', '--db', server.url('full')]);
  assert.match(st.stdout, new RegExp(`public: retail ${retailVersionPattern()} seed 42 profile tiny`));
  await query('full', "UPDATE promotion SET name = name || '!' WHERE id = (SELECT min(id) FROM promotion)");
  const bad = forge(['verify', base, '--db', server.url('full')]);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /^promotion: its data differs from data\/promotion\.csv/m);
  assert.match(bad.stderr, /differs from the artifact in 1 table/);
});

test('replacing needs --confirm; without it nothing changes; with it the load replaces', async () => {
  await server.createDatabase('confirm');
  assert.equal(load('confirm', base).code, 0);
  await query('confirm', 'DELETE FROM inventory_snapshot_daily WHERE id = (SELECT min(id) FROM inventory_snapshot_daily)');
  const before = await snapshot('confirm');
  assertOneLine(load('confirm', base), new RegExp(`would replace ${tableCount(base)} existing table\\(s\\).*--confirm`));
  assert.equal(await snapshot('confirm'), before);
  assert.equal(load('confirm', base, '--confirm').code, 0);
  assert.equal(forge(['verify', base, '--db', server.url('confirm')]).code, 0);
});

test('--dry-run prints the plan and changes nothing', async () => {
  await server.createDatabase('dry');
  const empty = await snapshot('dry');
  const r = forge(['load', base, '--db', server.url('dry'), '--dry-run']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /dry run: nothing was changed/);
  assert.match(r.stdout, /COPY \d+ rows into sales_daily/);
  assert.match(r.stdout, /ADD CONSTRAINT sales_daily_date_store_id_product_id_key UNIQUE/);
  assert.equal(await snapshot('dry'), empty);
  assert.equal(load('dry', base).code, 0);
  const loaded = await snapshot('dry');
  for (const args of [
    ['load', base, '--confirm', '--dry-run'],
    ['delete', '--scope', 'all', '--dry-run'],
  ]) {
    const d = forge([...args, '--db', server.url('dry')]);
    assert.equal(d.code, 0, d.stderr);
    assert.equal(await snapshot('dry'), loaded, args.join(' '));
  }
});

test('a corrupted file the load reads aborts it before anything is committed, that file named, target unchanged', async () => {
  await server.createDatabase('corrupt');
  assert.equal(load('corrupt', base).code, 0);
  const before = await snapshot('corrupt');
  const copy = join(out, 'corrupted');
  cpSync(base, copy, { recursive: true });
  const csv = join(copy, 'data/sales_daily.csv');
  writeFileSync(
    csv,
    readFileSync(csv, 'utf8').replace(/,(\d+),(\d+\.\d\d),/, (_m, q, p) => `,${Number(q) + 1},${p},`),
  );
  assertOneLine(load('corrupt', copy, '--confirm'), /data\/sales_daily\.csv does not match its sha256/);
  assert.equal(await snapshot('corrupt'), before);
});

test('a CSV corrupted into a row Postgres rejects: the checksum mismatch is the error reported, nothing is left behind', async () => {
  // The sha256 check runs while the load copies: Postgres may reject the bad row before it completes.
  const copy = join(out, 'corrupted-copy');
  cpSync(base, copy, { recursive: true });
  const csv = join(copy, 'data/store.csv');
  writeFileSync(csv, readFileSync(csv, 'utf8').replace(/\n(\d+),/, '\nnot-a-number,'));
  await server.createDatabase('corrupt_copy');
  assertOneLine(load('corrupt_copy', copy), /data\/store\.csv does not match its sha256/);
  assert.deepEqual(
    await query(
      'corrupt_copy',
      "SELECT n.nspname FROM pg_namespace n WHERE nspname IN ('public', 'forge') AND EXISTS (SELECT 1 FROM pg_class WHERE relnamespace = n.oid)",
    ),
    [],
  );
  assert.equal(load('corrupt_copy', base).code, 0);
  const before = await snapshot('corrupt_copy');
  assertOneLine(load('corrupt_copy', copy, '--confirm'), /data\/store\.csv does not match its sha256/);
  assert.equal(await snapshot('corrupt_copy'), before);
});

test('a corrupted file the load does not read (JSON) still aborts it before the swap, target unchanged', async () => {
  await server.createDatabase('corrupt_json');
  assert.equal(load('corrupt_json', base).code, 0);
  const before = await snapshot('corrupt_json');
  const copy = join(out, 'corrupted-json');
  cpSync(base, copy, { recursive: true });
  writeFileSync(join(copy, 'data/store.json'), readFileSync(join(copy, 'data/store.json'), 'utf8').replace('"S0001"', '"S0002"'));
  assertOneLine(load('corrupt_json', copy, '--confirm'), /data\/store\.json does not match its sha256/);
  assert.equal(await snapshot('corrupt_json'), before);
  assert.deepEqual(await query('corrupt_json', "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'forge_staging_%'"), []);
});

test('append: base + append equals the bigger build, and re-running adds nothing', async () => {
  await server.createDatabase('append');
  assert.equal(load('append', base).code, 0);
  const a = forge(['build', '--append-from', base, '--set', 'endDate=2024-02-15', '--quiet']);
  assert.equal(a.code, 0, a.stderr);
  const appendDir = a.stdout.trim();
  assert.equal(load('append', appendDir, '--append').code, 0);
  assert.equal(forge(['verify', bigger, '--db', server.url('append')]).code, 0, 'the database holds exactly the bigger build');
  const once = await snapshot('append');
  const again = load('append', appendDir, '--append');
  assert.equal(again.code, 0, again.stderr);
  const st = forge(['status', '--db', server.url('append')]);
  assert.match(st.stdout, /1 append\(s\)/);
  assert.equal((await snapshot('append')).replace(/forge\.loaded_fixture:.*/, ''), once.replace(/forge\.loaded_fixture:.*/, ''));
  assert.equal(forge(['verify', bigger, '--db', server.url('append')]).code, 0);
  assertOneLine(forge(['build', '--append-from', base, '--set', 'stores=9']), /may only change endDate.*not stores/);
});

test('delete scopes: facts, then dimensions, then all; dimensions first is refused', async () => {
  await server.createDatabase('scopes');
  assert.equal(load('scopes', base).code, 0);
  const db = server.url('scopes');
  const count = async (t: string) => Number((await query<{ n: string }>('scopes', `SELECT count(*) AS n FROM ${t}`))[0].n);
  assertOneLine(forge(['delete', '--scope', 'facts', '--db', db]), /needs confirmation/);
  assert.ok((await count('sales_daily')) > 0);
  assertOneLine(forge(['delete', '--scope', 'dimensions', '--confirm', '--db', db]), /fact table \w+ still references the dimensions/);
  assert.equal(forge(['delete', '--scope', 'facts', '--confirm', '--db', db]).code, 0);
  for (const t of ['sales_daily', 'inventory_snapshot_daily', 'price_history', 'promotion']) assert.equal(await count(t), 0, t);
  assert.equal(await count('store'), 6);
  assert.equal(forge(['delete', '--scope', 'dimensions', '--confirm', '--db', db]).code, 0);
  assert.equal(await count('store'), 0);
  assert.equal(forge(['delete', '--scope', 'all', '--confirm', '--db', db]).code, 0);
  assert.deepEqual(await query('scopes', "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"), []);
  assert.match(forge(['status', '--db', db]).stdout, /no fixtures loaded/);
});

test('a tenant reset restores one tenant and leaves the other alone', async () => {
  await server.createDatabase('tenants');
  const { dir } = await build({ dataset: tenantsDataset, seed: 5, profile: 'tiny', outRoot: join(out, 'tenants') });
  assert.equal(load('tenants', dir).code, 0);
  await query('tenants', `UPDATE client SET name = 'changed' WHERE tenant_id IN ('${TENANTS[0]}', '${TENANTS[1]}')`);
  await query('tenants', `DELETE FROM appointment WHERE tenant_id = '${TENANTS[0]}'`);
  const dry = forge(['load', dir, '--tenant', TENANTS[0], '--dry-run', '--db', server.url('tenants')]);
  assert.match(dry.stdout, /DELETE FROM public\.appointment WHERE tenant_id = 'TENANT_FINANCE_001'/);
  assertOneLine(load('tenants', dir, '--tenant', TENANTS[0]), /resetting tenant TENANT_FINANCE_001.*--confirm/);
  const r = load('tenants', dir, '--tenant', TENANTS[0], '--confirm');
  assert.equal(r.code, 0, r.stderr);
  const names = await query<{ tenant_id: string; changed: string }>(
    'tenants',
    "SELECT tenant_id, count(*) FILTER (WHERE name = 'changed') AS changed FROM client GROUP BY 1 ORDER BY 1",
  );
  assert.deepEqual(
    names.map((n) => [n.tenant_id, Number(n.changed)]),
    [
      [TENANTS[0], 0],
      [TENANTS[1], 20],
    ],
  );
  const [appts] = await query<{ n: string }>('tenants', `SELECT count(*) AS n FROM appointment WHERE tenant_id = '${TENANTS[0]}'`);
  assert.ok(Number(appts.n) > 0, "the tenant's appointments are back");
  assertOneLine(forge(['delete', '--scope', 'all', '--tenant', TENANTS[1], '--db', server.url('tenants')]), /needs confirmation/);
  assert.equal(forge(['delete', '--scope', 'all', '--tenant', TENANTS[1], '--confirm', '--db', server.url('tenants')]).code, 0);
  const left = await query<{ tenant_id: string }>('tenants', 'SELECT DISTINCT tenant_id FROM client');
  assert.deepEqual(
    left.map((l) => l.tenant_id),
    [TENANTS[0]],
  );
});

test('a table that exists with another shape is refused and left alone', async () => {
  await server.createDatabase('shape');
  await query('shape', "CREATE TABLE store (store_id integer, label text); INSERT INTO store VALUES (1, 'mine')");
  assertOneLine(
    load('shape', base, '--confirm'),
    /table public\.store exists with another shape: column 1 is "store_id integer null", the artifact has "store_id integer"/,
  );
  assert.deepEqual(await query('shape', 'SELECT * FROM store'), [{ store_id: 1, label: 'mine' }]);
});

test('production guard: remote hosts, production names and APP_ENV=production are refused; passwords never printed', () => {
  assertOneLine(
    forge(['load', base, '--db', 'postgres://app:s3cret@db.internal.example:5432/app']),
    /refusing to write to app@db\.internal\.example:5432\/app: its host/,
  );
  assertOneLine(
    forge(['load', base, '--db', `postgres://postgres:s3cret@127.0.0.1:${server.port}/app_production`]),
    /looks like production.*--allow-production/,
  );
  assertOneLine(forge(['load', base, '--db', server.url('full')], { env: { APP_ENV: 'production' } }), /APP_ENV=production/);
  assertOneLine(forge(['delete', '--scope', 'all', '--confirm', '--db', 'postgres://app:s3cret@10.0.0.5/app']), /refusing/);
  for (const r of [forge(['load', base, '--db', 'postgres://app:s3cret@db.internal.example/app'])]) assert.doesNotMatch(r.stderr + r.stdout, /s3cret/);
});

test('unreachable server, missing database, missing artifact: one line each', () => {
  assertOneLine(forge(['load', base, '--db', 'postgres://u:pw@127.0.0.1:1/x']), /cannot reach the database at postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/x/);
  assertOneLine(load('no_such_db', base), /database "no_such_db" does not exist/);
  assertOneLine(load('full', join(out, 'nothing-here')), /no artifact at .*nothing-here.*make fixtures/);
  mkdirSync(join(out, 'junk'));
  writeFileSync(join(out, 'junk', 'manifest.json'), '{"format": "something else"}');
  assertOneLine(load('full', join(out, 'junk')), /not a fixture-forge manifest/);
});

test('a wrong password is one line, with the password masked', async () => {
  const locked = await startTempCluster({ password: 'right-one' });
  try {
    const url = locked.url().replace('right-one', 'wrong-one');
    const r = forge(['load', base, '--db', url]);
    assertOneLine(r, /refused the credentials for postgres:\/\/postgres:\*\*\*@127\.0\.0\.1/);
    assert.doesNotMatch(r.stderr, /wrong-one/);
    const ok = forge(['load', base, '--db', locked.url(), '--quiet']);
    assert.equal(ok.code, 0, ok.stderr);
  } finally {
    await locked.stop();
  }
});
