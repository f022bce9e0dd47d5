/**
 * Replacing a small artifact's tables (`forge load --confirm`, under 4 MB of
 * CSV: the migration demo's reset) is one transaction on one connection, no
 * staging schema. It stays atomic: a loader SIGKILLed at its last step, with
 * the old tables dropped and the new ones filled and keyed inside its
 * transaction, leaves the previous contents exactly as they were.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { before, test } from 'node:test';
import pg from 'pg';
import { forge, ROOT, tempCluster, tempDir } from '../helpers.ts';

const server = tempCluster();
let seed1: string;
let seed2: string;

before(async () => {
  const out = tempDir();
  const built: string[] = [];
  for (const seed of ['1', '2']) {
    const r = forge(['build', '--dataset', 'migration', '--profile', 'tiny', '--seed', seed, '--out', out, '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    built.push(r.stdout.trim());
  }
  [seed1, seed2] = built;
  await server.createDatabase('target');
  const first = forge(['load', seed1, '--db', server.url('target'), '--quiet']);
  assert.equal(first.code, 0, first.stderr);
});

const verifies = (artifact: string) => forge(['verify', artifact, '--db', server.url('target')]).code === 0;

test('--dry-run of a small replacement plans one transaction that drops the old tables without CASCADE', () => {
  const r = forge(['load', seed2, '--confirm', '--dry-run', '--db', server.url('target')]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /in one transaction\n/);
  assert.match(r.stdout, /DROP TABLE public\.client_account, .* \(no CASCADE; small artifact: replaced in place/);
  assert.doesNotMatch(r.stdout, /staging/);
});

test('SIGKILL at the last step of an in-place replacement leaves the previous contents intact; the next load replaces', async () => {
  assert.ok(verifies(seed1));
  // Holding SHARE on forge's record table lets the loader read it, then
  // stops it at its last step (recording the load), inside its transaction.
  const holder = new pg.Client({ connectionString: server.url('target') });
  // Polled from another session: pg_stat_activity is a snapshot per transaction.
  const poller = new pg.Client({ connectionString: server.url('target') });
  await holder.connect();
  await poller.connect();
  try {
    await holder.query('BEGIN; LOCK TABLE forge.loaded_fixture IN SHARE MODE');
    const child = spawn(process.execPath, [join(ROOT, 'bin/forge.js'), 'load', seed2, '--confirm', '--quiet', '--db', server.url('target')], {
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    let waiting = false;
    for (let i = 0; i < 6000 && child.exitCode === null && !waiting; i++) {
      const rows = (await poller.query("SELECT 1 FROM pg_stat_activity WHERE application_name LIKE 'fixture-forge:%' AND wait_event_type = 'Lock'")).rows;
      waiting = rows.length > 0;
      if (!waiting) await new Promise((r) => setTimeout(r, 20));
    }
    assert.ok(waiting, 'the loader reached its last step and waited there');
    // By then it had dropped the old tables and filled the new ones: its transaction holds them.
    const held = (
      await poller.query(
        "SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE a.application_name LIKE 'fixture-forge:%' AND l.mode = 'AccessExclusiveLock' AND l.granted",
      )
    ).rows[0].n;
    assert.ok(held > 0, 'the loader held exclusive locks (the dropped and created tables)');
    child.kill('SIGKILL');
    assert.equal(await exited, null);
    await holder.query('ROLLBACK');
    // The killed loader's backend ends once the server sees its socket close.
    for (let i = 0; i < 500; i++) {
      if ((await poller.query("SELECT 1 FROM pg_stat_activity WHERE application_name LIKE 'fixture-forge:%'")).rows.length === 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    await holder.end();
    await poller.end();
  }
  assert.ok(verifies(seed1), 'the target still holds exactly seed 1');
  const r = forge(['load', seed2, '--confirm', '--quiet', '--db', server.url('target')]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(verifies(seed2), 'the next load replaced it with seed 2');
  assert.ok(!verifies(seed1));
});
