/**
 * Safety: a signal leaves nothing behind. SIGTERM exits 143 and SIGINT 130;
 * a load's staging schema is dropped on the way out, an archive's unpacked
 * folder removed (and stale ones of dead processes swept), a pack's partial
 * file removed.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { forge, ROOT, tempCluster, tempDir } from '../helpers.ts';
import { sql, tablesIn } from './helpers.ts';

const server = tempCluster();
let out: string;
let artifact: string;

before(async () => {
  out = tempDir();
  const b = forge(['build', '--profile', 'local', '--out', out, '--quiet']);
  assert.equal(b.code, 0, b.stderr);
  artifact = b.stdout.trim();
});

/** Starts forge, sends `signal` once `ready()` holds, and resolves with the exit code. */
async function interrupt(args: string[], signal: NodeJS.Signals, ready: () => Promise<boolean> | boolean, env: NodeJS.ProcessEnv = {}): Promise<number | null> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/forge.js'), ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: 'ignore' });
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  let sent = false;
  for (let i = 0; i < 4000 && child.exitCode === null; i++) {
    if (await ready()) {
      child.kill(signal);
      sent = true;
      break;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  const code = await exited;
  assert.ok(sent, 'the signal was sent while the command was running');
  return code;
}

const staging = (db: string) => sql<{ nspname: string }>(server, db, "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'forge_staging_%'");

/** The load recorded in forge.loaded_fixture, and the rows of a table: what "unchanged" compares. */
const state = async (db: string) => ({
  loads: await sql(server, db, 'SELECT manifest_sha256, loaded_at FROM forge.loaded_fixture ORDER BY loaded_at'),
  rows: await sql(server, db, 'SELECT count(*)::int AS n FROM public.sales_daily'),
});

// Replacing the local profile (over the in-place limit) goes through a staging schema: the signal arrives while it exists.
for (const [signal, code] of [
  ['SIGTERM', 143],
  ['SIGINT', 130],
] as const) {
  test(`${signal} during a replacing load drops its staging schema on the way out and exits ${code}; the target is unchanged`, async () => {
    const db = `sig_${signal.toLowerCase()}`;
    await server.createDatabase(db);
    assert.equal(forge(['load', artifact, '--quiet', '--db', server.url(db)]).code, 0);
    const before = await state(db);
    const exit = await interrupt(['load', artifact, '--confirm', '--quiet', '--db', server.url(db)], signal, async () => (await staging(db)).length > 0);
    assert.equal(exit, code);
    assert.deepEqual(await staging(db), [], 'no staging schema left, without waiting for the next load');
    assert.deepEqual(await state(db), before);
  });
}

// Into an empty target the load is one transaction (no staging schema): the signal arrives during its COPY, which dies with the connection.
test('SIGTERM during the one-transaction load of an empty target exits 143 and leaves no table', async () => {
  const db = 'sig_direct';
  await server.createDatabase(db);
  const copying = async () => (await sql(server, db, "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'COPY %'")).length > 0;
  const exit = await interrupt(['load', artifact, '--quiet', '--db', server.url(db)], 'SIGTERM', copying);
  assert.equal(exit, 143);
  assert.deepEqual(await tablesIn(server, db), []);
});

test('a load from a .tar.gz interrupted by a signal removes its unpacked folder, and stale folders of dead processes are swept', async () => {
  const tmp = tempDir('forge-tmp-');
  const archive = join(out, 'local.tar.gz');
  assert.equal(forge(['pack', artifact, '--output', archive]).code, 0);
  await server.createDatabase('sig_archive');
  const unpacked = () => readdirSync(tmp).some((n) => n.startsWith('forge-unpacked-'));
  const exit = await interrupt(['load', archive, '--quiet', '--db', server.url('sig_archive')], 'SIGTERM', unpacked, { TMPDIR: tmp });
  assert.equal(exit, 143);
  assert.deepEqual(readdirSync(tmp), []);
  mkdirSync(join(tmp, 'forge-unpacked-2147483646-abc123'));
  mkdirSync(join(tmp, `forge-unpacked-${process.pid}-alive`));
  const v = forge(['verify', archive, '--db', server.url('sig_archive')], { env: { TMPDIR: tmp } });
  assert.notEqual(v.code, 0, 'nothing is loaded there');
  assert.deepEqual(readdirSync(tmp), [`forge-unpacked-${process.pid}-alive`], "the dead process's folder is swept, a live one's kept");
});

test('forge pack interrupted leaves no partial archive and exits 130', async () => {
  const dest = join(tempDir(), 'out');
  mkdirSync(dest);
  const partial = () => readdirSync(dest).some((n) => n.includes('.partial-'));
  const exit = await interrupt(['pack', artifact, '--output', join(dest, 'a.tar.gz')], 'SIGINT', partial);
  assert.equal(exit, 130);
  assert.deepEqual(readdirSync(dest), []);
});

test('a build interrupted by SIGTERM exits 143 and leaves no partial artifact', async () => {
  const dest = tempDir();
  const started = () => existsSync(join(dest, 'retail')) && readdirSync(join(dest, 'retail'), { recursive: true }).some((n) => String(n).includes('.partial-'));
  const exit = await interrupt(['build', '--profile', 'large', '--jobs', '1', '--out', dest, '--quiet'], 'SIGTERM', started);
  assert.equal(exit, 143);
  assert.ok(!readdirSync(dest, { recursive: true }).some((n) => String(n).includes('.partial-')));
});
