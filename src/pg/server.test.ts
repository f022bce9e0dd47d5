import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import pg from 'pg';
import { ensurePersistentCluster, findPgBin, persistentClusterStatus, pgServerVersion, startTempCluster } from './server.ts';

const canConnect = async (url: string) => {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
};

test('finds the server programs and their version', () => {
  assert.ok(existsSync(join(findPgBin(), 'postgres')));
  assert.match(pgServerVersion(), /^\d+(\.\d+)?$/);
});

test('temp clusters run side by side, answer pg and psql, and vanish on stop', async () => {
  const [a, b] = await Promise.all([startTempCluster(), startTempCluster()]);
  try {
    assert.notEqual(a.port, b.port);
    const c = new pg.Client({ connectionString: a.url() });
    await c.connect();
    assert.equal((await c.query('SELECT 1 AS one')).rows[0].one, 1);
    await c.end();
    assert.match(execFileSync('psql', ['-X', '-At', '-c', 'select version()'], { env: b.env(), encoding: 'utf8' }), /PostgreSQL/);
    const url = await a.createDatabase('made');
    assert.ok(await canConnect(url));
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
  assert.equal(await canConnect(a.url()), false);
  assert.equal(existsSync(a.dataDir), false);
  await a.stop(); // idempotent
});

test('a process that crashes with a running cluster leaves no postmaster behind', () => {
  const script = `
    import { startTempCluster } from ${JSON.stringify(new URL('./server.ts', import.meta.url).pathname)};
    const s = await startTempCluster();
    console.log(s.dataDir);
    process.exit(3);
  `;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 3, r.stderr);
  const dataDir = r.stdout.trim();
  assert.ok(dataDir.length > 0);
  // postgres removes postmaster.pid when it has shut down.
  const deadline = Date.now() + 10_000;
  while (existsSync(join(dataDir, 'postmaster.pid')) && Date.now() < deadline) spawnSync('sleep', ['0.1']);
  assert.equal(existsSync(join(dataDir, 'postmaster.pid')), false, 'the server was stopped');
  rmSync(join(dataDir, '..'), { recursive: true, force: true });
});

test('the persistent cluster is created once, reused, and stopped', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'forge-persist-'));
  chmodSync(dir, 0o755); // mkdtemp makes it private; the server's user must reach it
  try {
    const first = await ensurePersistentCluster(join(dir, 'pg'));
    const again = await ensurePersistentCluster(join(dir, 'pg'));
    assert.equal(again.port, first.port);
    assert.ok(await canConnect(first.url()));
    assert.deepEqual(await persistentClusterStatus(join(dir, 'pg')), { running: true, port: first.port, url: first.url() });
    await first.stop();
    assert.equal((await persistentClusterStatus(join(dir, 'pg'))).running, false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
