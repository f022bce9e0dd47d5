import assert from 'node:assert/strict';
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensurePersistentCluster, findPgBin, persistentClusterStatus, pgServerVersion, startTempCluster } from '../../src/pg/server.ts';
import { queryAt } from '../helpers.ts';

const SERVER_MODULE = new URL('../../src/pg/server.ts', import.meta.url).pathname;

const query = queryAt;

function portRefuses(port: number): Promise<boolean> {
  return new Promise((done) => {
    const s = new Socket();
    s.once('connect', () => (s.destroy(), done(false)));
    s.once('error', (e: NodeJS.ErrnoException) => done(e.code === 'ECONNREFUSED'));
    s.connect(port, '127.0.0.1');
  });
}

/** Postgres processes whose command line names `dataDir` (only the postmaster does). */
function postgresProcesses(dataDir: string): string[] {
  const r = spawnSync('pgrep', ['-f', '--', `-D ${dataDir}`], { encoding: 'utf8' });
  return r.stdout.trim().split('\n').filter(Boolean);
}

async function eventually(what: string, check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`not within ${ms} ms: ${what}`);
    await sleep(50);
  }
}

/** Runs a TS snippet in a fresh node process (with tsx) and returns its exit status, signal and stdout. */
function runChild(source: string): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', source], { encoding: 'utf8' }, (_err, stdout, stderr) =>
      done({ code: child.exitCode, signal: child.signalCode, stdout, stderr }),
    );
  });
}

test('finds the server programs and their version', () => {
  assert.ok(existsSync(join(findPgBin(), 'postgres')));
  assert.ok(existsSync(join(findPgBin(), 'initdb')));
  assert.match(pgServerVersion(), /^\d+\.\d+$/);
  const saved = process.env.PG_BIN;
  process.env.PG_BIN = '/nonexistent/bin';
  try {
    assert.throws(() => findPgBin(), { code: 'PG_NOT_INSTALLED' });
  } finally {
    if (saved === undefined) delete process.env.PG_BIN;
    else process.env.PG_BIN = saved;
  }
});

test('temp clusters run side by side, answer pg and psql, and vanish on stop', async () => {
  const t0 = performance.now();
  const [a, b] = await Promise.all([startTempCluster(), startTempCluster({ settings: { work_mem: '7MB' } })]);
  const started = performance.now() - t0;
  try {
    assert.notEqual(a.port, b.port);
    assert.equal(a.url(), `postgres://postgres@127.0.0.1:${a.port}/postgres`);
    assert.deepEqual(await query(a.url(), 'SELECT 1 AS one'), [{ one: 1 }]);
    assert.deepEqual(await query(a.url(), 'SHOW fsync'), [{ fsync: 'off' }]);
    assert.deepEqual(await query(b.url(), 'SHOW work_mem'), [{ work_mem: '7MB' }]);
    assert.match(execFileSync('psql', ['-X', '-At', '-c', 'select version()'], { env: b.env(), encoding: 'utf8' }), /^PostgreSQL \d+/);
    const url = await a.createDatabase('made here');
    assert.deepEqual(await query(url, 'SELECT current_database() AS db'), [{ db: 'made here' }]);
    assert.equal(execFileSync('psql', ['-X', '-At', '-c', 'select current_database()'], { env: a.env('made here'), encoding: 'utf8' }).trim(), 'made here');
  } finally {
    const t1 = performance.now();
    await Promise.all([a.stop(), b.stop()]);
    console.log(`# two temp clusters: start ${Math.round(started)} ms, stop ${Math.round(performance.now() - t1)} ms`);
  }
  for (const s of [a, b]) {
    assert.ok(await portRefuses(s.port), 'the port refuses connections');
    assert.deepEqual(postgresProcesses(s.dataDir), []);
    assert.equal(existsSync(dirname(s.dataDir)), false, 'the temp dir is removed');
  }
  await a.stop(); // idempotent
});

test('a process that dies with a running temp cluster leaves no postmaster and no dir behind', async () => {
  const deaths: Record<string, string> = {
    exit: 'process.exit(1);',
    throw: "throw new Error('crash');",
    sigterm: "process.kill(process.pid, 'SIGTERM'); await new Promise((r) => setTimeout(r, 10_000));",
    sigkill: "process.kill(process.pid, 'SIGKILL');",
  };
  await Promise.all(
    Object.entries(deaths).map(async ([how, die]) => {
      const r = await runChild(`
        import { startTempCluster } from ${JSON.stringify(SERVER_MODULE)};
        const s = await startTempCluster();
        console.log(JSON.stringify({ dataDir: s.dataDir, port: s.port }));
        ${die}
      `);
      const line = r.stdout.trim().split('\n')[0];
      assert.ok(line?.startsWith('{'), `${how}: the child started a cluster: ${r.stderr}`);
      assert.ok(r.code !== 0 || r.signal, `${how}: the child died`);
      const { dataDir, port } = JSON.parse(line) as { dataDir: string; port: number };
      await eventually(`${how}: no postgres left for ${dataDir}`, () => postgresProcesses(dataDir).length === 0);
      await eventually(`${how}: ${dirname(dataDir)} removed`, () => !existsSync(dirname(dataDir)));
      assert.ok(await portRefuses(port), `${how}: the port refuses connections`);
    }),
  );
});

test('the persistent cluster outlives its starter, is reused, stopped and started again on the same port', async () => {
  const base = mkdtempSync(join(tmpdir(), 'forge-persist-'));
  chmodSync(base, 0o755); // mkdtemp makes it private; the server's user must reach it
  const dir = join(base, 'pg');
  try {
    // Started by another process that then exits: the server must stay up.
    const r = await runChild(`
      import { ensurePersistentCluster } from ${JSON.stringify(SERVER_MODULE)};
      const s = await ensurePersistentCluster(${JSON.stringify(dir)});
      console.log(s.port);
    `);
    assert.equal(r.code, 0, r.stderr);
    const port = Number(r.stdout.trim());
    assert.equal(readFileSync(join(dir, 'forge-port'), 'utf8').trim(), String(port));
    const pid = readFileSync(join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0];

    const t0 = performance.now();
    const again = await ensurePersistentCluster(dir);
    const reuse = performance.now() - t0;
    assert.equal(again.port, port);
    assert.equal(readFileSync(join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0], pid, 'the same postmaster');
    assert.deepEqual(await query(again.url(), 'SELECT 1 AS one'), [{ one: 1 }]);
    assert.deepEqual(await persistentClusterStatus(dir), { running: true, port, url: again.url() });
    await assert.rejects(ensurePersistentCluster(dir, { port: port + 1 }), { code: 'PG_SERVER' });

    const t1 = performance.now();
    await again.stop();
    const stop = performance.now() - t1;
    assert.deepEqual(await persistentClusterStatus(dir), { running: false, port });
    assert.ok(await portRefuses(port));
    await again.stop(); // idempotent

    const t2 = performance.now();
    const restarted = await ensurePersistentCluster(dir);
    const restart = performance.now() - t2;
    assert.equal(restarted.port, port, 'the port is stable');
    await restarted.createDatabase('forge');
    assert.deepEqual(await query(restarted.url('forge'), 'SELECT 2 AS two'), [{ two: 2 }]);
    await restarted.stop();
    console.log(`# persistent cluster: reuse ${Math.round(reuse)} ms, stop ${Math.round(stop)} ms, restart ${Math.round(restart)} ms`);
  } finally {
    // In case an assertion failed while it ran (pg_ctl refuses to run as root).
    const asPostgres =
      process.getuid?.() === 0 ? { uid: Number(execFileSync('id', ['-u', 'postgres'])), gid: Number(execFileSync('id', ['-g', 'postgres'])) } : {};
    spawnSync(join(findPgBin(), 'pg_ctl'), ['-D', join(dir, 'data'), '-m', 'immediate', 'stop'], { ...asPostgres, cwd: '/', stdio: 'ignore' });
    rmSync(base, { recursive: true, force: true });
  }
});

test('a persistent cluster under a private directory: refused with a fix as root, started as anyone else', async () => {
  const closed = mkdtempSync(join(tmpdir(), 'forge-closed-')); // 0700, ours
  try {
    mkdirSync(join(closed, 'repo'));
    if (process.getuid?.() === 0) {
      // As root the server runs as `postgres`, who cannot enter the directory.
      await assert.rejects(ensurePersistentCluster(join(closed, 'repo', 'pg')), (e: Error & { code?: string; hint?: string }) => {
        assert.equal(e.code, 'PG_SERVER');
        assert.match(e.hint ?? '', /chmod o\+x/);
        return true;
      });
    } else {
      // Otherwise the server runs as us, and our private directory is fine.
      const s = await ensurePersistentCluster(join(closed, 'repo', 'pg'));
      await s.stop();
    }
  } finally {
    rmSync(closed, { recursive: true, force: true });
  }
});
