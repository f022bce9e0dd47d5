/**
 * Fresh databases per test (forge db fresh, freshDatabase()), the
 * one-transaction load into an empty target (killed mid-COPY it leaves
 * nothing), and the no-op second load of an unchanged artifact. Against a
 * real PostgreSQL started here; the CLI runs as a child process.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import pg from 'pg';
import { DEFAULT_SPARES } from '../../src/load/fresh.ts';
import { freshDatabase, releaseSpares } from '../../src/testing/index.ts';
import { forge, queryAt, retailVersionPattern, ROOT, tableCount, tempCluster, tempDir, type RunResult } from '../helpers.ts';

const server = tempCluster();
let tiny: string;
let other: string;
/** Retail `local` cut to two months: 1.1 MB of CSV, loaded in one transaction (below the staging plan's 3 MB). */
let twoMonths: string;

before(async () => {
  const out = tempDir();
  const build = (...args: string[]) => {
    const r = forge(['build', ...args, '--formats', 'csv', '--out', out, '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    return r.stdout.trim();
  };
  tiny = build('--profile', 'tiny');
  other = build('--profile', 'tiny', '--seed', '7');
  twoMonths = build('--profile', 'local', '--set', 'endDate=2024-02-29');
});

const query = queryAt;
const databases = async (prefix: string) =>
  (await query<{ datname: string }>(server.url(), `SELECT datname FROM pg_database WHERE datname LIKE '${prefix}%' ORDER BY 1`)).map((r) => r.datname);

function assertOneLine(r: RunResult, pattern: RegExp) {
  assert.notEqual(r.code, 0, `expected failure, got: ${r.stdout}`);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line, got:\n${r.stderr}`);
  assert.match(lines[0], pattern);
}

test('forge db fresh prints the URL of a database holding the artifact; the template is made once', async () => {
  const a = forge(['db', 'fresh', '--from', tiny, '--db', server.url()]);
  assert.equal(a.code, 0, a.stderr);
  const url = a.stdout.trim();
  assert.match(url, /^postgres:\/\/postgres@127\.0\.0\.1:\d+\/forge_fresh_/);
  const v = forge(['verify', tiny, '--db', url]);
  assert.equal(v.code, 0, v.stderr);
  const templates = await databases('forge_tpl_');
  assert.equal(templates.length, 1);
  const [{ oid }] = await query<{ oid: number }>(server.url(), `SELECT oid FROM pg_database WHERE datname = '${templates[0]}'`);
  const b = forge(['db', 'fresh', '--from', tiny, '--db', server.url()]);
  assert.equal(b.code, 0, b.stderr);
  assert.notEqual(b.stdout.trim(), url);
  assert.deepEqual(await query(server.url(), `SELECT oid FROM pg_database WHERE datname = '${templates[0]}'`), [{ oid }], 'the same template, not rebuilt');
});

test('freshDatabase(): a write in one test is not seen by the next; drop() removes it', async () => {
  const first = await freshDatabase({ from: tiny, server: server.url() });
  await query(first.url, 'DELETE FROM inventory_snapshot_daily');
  await query(first.url, "UPDATE store SET name = 'changed by test 1'");
  assert.equal((await query<{ n: string }>(first.url, 'SELECT count(*) AS n FROM inventory_snapshot_daily'))[0].n, '0');
  await first.drop();
  const second = await freshDatabase({ from: tiny, server: server.url() });
  assert.notEqual(second.name, first.name);
  assert.equal(forge(['verify', tiny, '--db', second.url]).code, 0, 'the next test sees the artifact exactly');
  assert.deepEqual(await query(second.url, "SELECT 1 FROM store WHERE name = 'changed by test 1'"), []);
  assert.ok(!(await databases('forge_fresh_')).includes(first.name), 'dropped');
  await second.drop();
});

test('copies are made ahead: the next call hands one over untouched; releaseSpares() drops those nobody took', async () => {
  await releaseSpares(); // those the test before left: this one counts its own
  // The databases that `forge db fresh` made for this process in the first test stay; the rest are this test's.
  const before = new Set(await databases('forge_fresh_'));
  const mine = async () => (await databases('forge_fresh_')).filter((n) => n.includes(`_${process.pid}_`) && !before.has(n));
  const first = await freshDatabase({ from: tiny, server: server.url() });
  await query(first.url, 'DELETE FROM sales_anomaly; DELETE FROM sales_daily');
  // Two copies are under way for the next calls; the next call waits for the first of them at most.
  const second = await freshDatabase({ from: tiny, server: server.url() });
  // They are made in the background (a database shows once its CREATE DATABASE commits): wait for them, up to 30 s.
  let ahead: string[] = [];
  for (let i = 0; i < 600 && ahead.length < DEFAULT_SPARES; i++) {
    if (i) await new Promise((r) => setTimeout(r, 50));
    ahead = (await mine()).filter((n) => n !== first.name && n !== second.name);
  }
  assert.equal(ahead.length, DEFAULT_SPARES, `copies made ahead: ${ahead.join(', ')}`);
  const third = await freshDatabase({ from: tiny, server: server.url() });
  assert.ok(ahead.includes(third.name), `the third call hands over a copy made before it was called (${third.name})`);
  assert.equal(forge(['verify', tiny, '--db', third.url]).code, 0, 'a copy made ahead holds the artifact exactly, whatever the earlier tests wrote');
  for (const db of [first, second, third]) await db.drop();
  await releaseSpares();
  assert.deepEqual(await mine(), [], 'no copy of this process is left');
  const again = await freshDatabase({ from: tiny, server: server.url(), spares: 0 });
  assert.deepEqual(await mine(), [again.name], 'spares: 0 makes each copy when asked, and none ahead');
  await again.drop();
});

test('a process that ends normally drops the copies it made ahead', async () => {
  const dir = tempDir();
  const script = join(dir, 'suite.mts');
  writeFileSync(
    script,
    `import { freshDatabase } from ${JSON.stringify(join(ROOT, 'src/testing/index.ts'))};\n` +
      `const db = await freshDatabase({ from: ${JSON.stringify(tiny)}, server: ${JSON.stringify(server.url())} });\n` +
      'await db.drop();\nconsole.log(process.pid);\n',
  );
  const r = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const pid = r.stdout.trim();
  assert.deepEqual(
    (await databases('forge_fresh_')).filter((n) => n.includes(`_${pid}_`)),
    [],
    'its spares were dropped before it exited',
  );
});

test('fresh databases of an ended process are dropped by the next call; forge db clean drops them all', async () => {
  // Owned by the shell that ran forge, which ends right after.
  const sh = spawnSync('/bin/sh', ['-c', `"${process.execPath}" "${join(ROOT, 'bin/forge.js')}" db fresh --from "${tiny}" --db "${server.url()}"`], {
    encoding: 'utf8',
  });
  assert.equal(sh.status, 0, sh.stderr);
  const orphan = new URL(sh.stdout.trim()).pathname.slice(1);
  assert.ok((await databases('forge_fresh_')).includes(orphan));
  const next = forge(['db', 'fresh', '--from', tiny, '--db', server.url()]);
  assert.equal(next.code, 0, next.stderr);
  assert.ok(!(await databases('forge_fresh_')).includes(orphan), 'the orphan was dropped');
  const clean = forge(['db', 'clean', '--db', server.url()]);
  assert.equal(clean.code, 0, clean.stderr);
  assert.deepEqual(await databases('forge_fresh_'), []);
  assert.deepEqual(await databases('forge_tpl'), []);
});

test('fresh databases are refused on a remote or production-looking server, CLI and helper alike', async () => {
  assertOneLine(
    forge(['db', 'fresh', '--from', tiny, '--db', 'postgres://app@db.example.com:5432/app']),
    /refusing to write to .*db\.example\.com is not this machine/,
  );
  assertOneLine(forge(['db', 'fresh', '--from', tiny, '--db', server.url('prod')]), /refusing to write to .*looks like production/);
  assertOneLine(forge(['db', 'fresh', '--from', tiny, '--db', server.url()], { env: { APP_ENV: 'production' } }), /refusing to write to .*APP_ENV=production/);
  assertOneLine(forge(['db', 'clean', '--db', 'postgres://app@10.1.2.3/app']), /refusing to write to .*not this machine/);
  await assert.rejects(freshDatabase({ from: tiny, server: 'postgres://app@db.example.com/app' }), /refusing to write to/);
  assert.deepEqual(await databases('forge_fresh_'), []);
});

test('a second load of the same, untouched artifact is a no-op; a write, another artifact or --confirm loads', async () => {
  await server.createDatabase('again');
  const db = server.url('again');
  assert.equal(forge(['load', tiny, '--db', db, '--quiet']).code, 0);
  const same = forge(['load', tiny, '--db', db]);
  assert.equal(same.code, 0, same.stderr);
  assert.match(same.stderr, new RegExp(`^already loaded: retail ${retailVersionPattern()} seed 42 profile tiny .*nothing to do`, 'm'));
  assertOneLine(forge(['load', other, '--db', db, '--quiet']), new RegExp(`would replace ${tableCount(tiny)} existing table\\(s\\)`));
  await query(db, 'UPDATE promotion SET name = name WHERE id = (SELECT min(id) FROM promotion)');
  assertOneLine(forge(['load', tiny, '--db', db, '--quiet']), new RegExp(`would replace ${tableCount(tiny)} existing table\\(s\\)`));
  const reload = forge(['load', tiny, '--db', db, '--confirm', '--quiet']);
  assert.equal(reload.code, 0, reload.stderr);
  const again = forge(['load', tiny, '--db', db]);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /^already loaded/m, 'the replacing load is itself recognised');
});

test('SIGKILL during the one-transaction load of an empty target leaves it empty; the next load succeeds', async () => {
  await server.createDatabase('empty_kill');
  const db = server.url('empty_kill');
  const poller = new pg.Client({ connectionString: db });
  await poller.connect();
  try {
    const plan = forge(['load', twoMonths, '--db', db, '--dry-run']);
    assert.match(plan.stdout, /in one transaction \(none of its tables exist there\)/, 'the one-transaction plan is the one killed');
    const child = spawn(process.execPath, [join(ROOT, 'bin/forge.js'), 'load', twoMonths, '--db', db, '--quiet'], { stdio: 'ignore' });
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    let done = false;
    void exited.then(() => (done = true));
    const copying = async () => (await poller.query('SELECT 1 FROM pg_stat_progress_copy WHERE tuples_processed > 1000')).rowCount! > 0;
    while (!done && !(await copying())) await new Promise((r) => setImmediate(r));
    assert.ok(!done, 'the load finished before the kill (its COPYs of 24,000-row tables take tens of ms: should not happen)');
    child.kill('SIGKILL');
    await exited;
    for (let i = 0; i < 200 && (await poller.query("SELECT 1 FROM pg_stat_activity WHERE application_name = 'fixture-forge'")).rowCount! > 0; i++)
      await new Promise((r) => setTimeout(r, 50));
    const left = await poller.query(
      "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')",
    );
    assert.deepEqual(left.rows, [], 'no table, no schema, no record');
  } finally {
    await poller.end();
  }
  const r = forge(['load', twoMonths, '--db', db, '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(forge(['verify', twoMonths, '--db', db]).code, 0);
});
