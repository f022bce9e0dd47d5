/**
 * Atomicity under SIGKILL: a loader killed while copying, or while adding
 * constraints, leaves the target's previous contents intact, and its staging
 * debris neither blocks the next load nor outlives it.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { startTempCluster, type PgServer } from '../../src/pg/server.ts';
import { forge, ROOT, tempDir } from '../helpers.ts';

let server: PgServer;
let seed1: string;
let seed2: string;

before(async () => {
  server = await startTempCluster();
  const out = tempDir();
  for (const seed of ['1', '2']) {
    // Twice local's stores: a COPY long enough to be caught in the act.
    const r = forge(['build', '--profile', 'local', '--set', 'stores=20', '--seed', seed, '--formats', 'csv', '--out', out, '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    if (seed === '1') seed1 = r.stdout.trim();
    else seed2 = r.stdout.trim();
  }
  await server.createDatabase('target');
  const first = forge(['load', seed1, '--db', server.url('target'), '--quiet']);
  assert.equal(first.code, 0, first.stderr);
  poller = new pg.Client({ connectionString: server.url('target') });
  await poller.connect();
});
after(async () => {
  await poller?.end();
  await server?.stop();
});

/** One connection for polling: a new one per poll is slower than a short COPY. */
let poller: pg.Client;
async function sql<T = Record<string, unknown>>(text: string): Promise<T[]> {
  return (await poller.query(text)).rows as T[];
}

/**
 * Starts a replacing load and SIGKILLs it as soon as `ready` says so. On a
 * busy machine the load may outrun the poll: then seed 1 is put back and the
 * attempt repeated, so the assertion always follows a kill at the point.
 */
async function killLoadWhen(ready: () => Promise<boolean>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const child = spawn(process.execPath, [join(ROOT, 'bin/forge.js'), 'load', seed2, '--confirm', '--db', server.url('target')], { stdio: 'ignore' });
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    let done = false;
    void exited.then(() => (done = true));
    while (!done && !(await ready())) await new Promise((r) => setImmediate(r));
    if (!done) {
      child.kill('SIGKILL');
      await exited;
      return;
    }
    assert.ok(attempt < 5, 'the load finished before the kill point was reached, five times');
    const back = forge(['load', seed1, '--confirm', '--db', server.url('target'), '--quiet']);
    assert.equal(back.code, 0, back.stderr);
  }
}

const copyStarted = async () => (await sql("SELECT 1 FROM pg_stat_progress_copy WHERE relid::regclass::text LIKE 'forge_staging_%'")).length > 0;
const copying = async () =>
  (await sql("SELECT 1 FROM pg_stat_progress_copy WHERE relid::regclass::text LIKE 'forge_staging_%.sales_daily' AND tuples_processed > 1000")).length > 0;
const buildingKeys = async () => (await sql("SELECT 1 FROM pg_stat_activity WHERE query LIKE 'CREATE UNIQUE INDEX%' AND state = 'active'")).length > 0;

function verifies(artifact: string) {
  return forge(['verify', artifact, '--db', server.url('target')]).code === 0;
}

for (const [name, point] of [
  ['as the first COPY starts', copyStarted],
  ['in the middle of a COPY', copying],
  ['while the keys are being built', buildingKeys],
] as const) {
  test(`SIGKILL ${name} leaves the previous contents intact`, async () => {
    await killLoadWhen(point);
    assert.ok(verifies(seed1), 'the target still holds exactly seed 1');
  });
}

test('the next load after the kills succeeds and cleans the staging debris', async () => {
  // Killed loaders' backends end once the server sees their sockets close.
  for (let i = 0; i < 200; i++) {
    if ((await sql("SELECT 1 FROM pg_stat_activity WHERE application_name LIKE 'fixture-forge%'")).length === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const debris = await sql("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'forge_staging_%'");
  assert.ok(debris.length > 0, 'the kills left staging schemas behind (else this test proves nothing)');
  const r = forge(['load', seed2, '--confirm', '--db', server.url('target'), '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(verifies(seed2));
  assert.deepEqual(await sql("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'forge_staging_%'"), []);
});
