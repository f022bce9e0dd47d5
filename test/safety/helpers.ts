/** What the safety suites share: a tiny artifact, SQL on a test cluster, one-line failure checks. */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PgServer } from '../../src/pg/server.ts';
import { forge, queryAt, ROOT, tempDir, type RunResult } from '../helpers.ts';

export function buildTiny(out: string, ...extra: string[]): string {
  const b = forge(['build', '--profile', 'tiny', '--out', out, '--quiet', ...extra]);
  assert.equal(b.code, 0, b.stderr);
  return b.stdout.trim();
}

export const sql = <T = Record<string, unknown>>(server: PgServer, db: string, text: string) => queryAt<T>(server.url(db), text);

/** User tables of a database, `schema.table`, sorted. */
export async function tablesIn(server: PgServer, db: string): Promise<string[]> {
  const rows = await sql<{ t: string }>(
    server,
    db,
    "SELECT schemaname || '.' || tablename AS t FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1",
  );
  return rows.map((r) => r.t);
}

/** A failure: non-zero exit, exactly one line on stderr matching `pattern`, no stack trace. */
export function assertOneLine(r: RunResult, pattern: RegExp, code?: number): void {
  assert.notEqual(r.code, 0, `expected failure, got exit 0: ${r.stdout}${r.stderr}`);
  if (code !== undefined) assert.equal(r.code, code, r.stderr);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line, got:\n${r.stderr}`);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at |internal error/, 'no stack trace, no internal error');
}

/** forge as a child process without blocking this one (servers in this process, e.g. a proxy, keep serving). */
export function forgeAsync(args: string[], opts: { env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/forge.js'), ...args], { cwd: ROOT, env: { ...process.env, ...opts.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A real small disk: a tmpfs mounted in a mount namespace of its own (`unshare -m` as root, `unshare -rm` otherwise), private to the commands run on it and gone when they end. */
export interface SmallDisk {
  /** Each forge command's result, in order. */
  runs: RunResult[];
  /** What is left on the small disk afterwards (paths relative to it; the filler file left out). */
  left: string[];
}

/**
 * Runs forge commands one after another with a tmpfs of `size` mounted at
 * `disk` (`full`: filled up first). `DISK` in an argument or an env value is
 * the mount point. Results go to a directory outside the small disk.
 */
export function onSmallDisk(size: string, commands: string[][], opts: { full?: boolean; env?: Record<string, string> } = {}): SmallDisk {
  const disk = tempDir('forge-small-disk-');
  const results = tempDir('forge-small-disk-results-');
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const sub = (s: string) => s.replaceAll('DISK', disk);
  const env = Object.entries(opts.env ?? {})
    .map(([k, v]) => `${k}=${q(sub(v))}`)
    .join(' ');
  const script = [
    'set -u',
    `mount -t tmpfs -o size=${size} tmpfs ${q(disk)}`,
    opts.full ? `cat /dev/zero > ${q(join(disk, 'filler'))} 2>/dev/null || true` : '',
    ...commands.map(
      (args, i) =>
        `${env} ${q(process.execPath)} ${q(join(ROOT, 'bin/forge.js'))} ${args.map((a) => q(sub(a))).join(' ')} >${q(join(results, `${i}.out`))} 2>${q(join(results, `${i}.err`))}; echo $? >${q(join(results, `${i}.rc`))}`,
    ),
    `(cd ${q(disk)} && find . -mindepth 1 ! -name filler) >${q(join(results, 'left'))}`,
  ].join('\n');
  const unshare = process.getuid?.() === 0 ? ['-m'] : ['-r', '-m'];
  const r = spawnSync('unshare', [...unshare, 'bash', '-c', script], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, `the small disk could not be set up: ${r.stderr}`);
  const read = (name: string) => readFileSync(join(results, name), 'utf8');
  return {
    runs: commands.map((_, i) => ({ code: Number(read(`${i}.rc`)), stdout: read(`${i}.out`), stderr: read(`${i}.err`) })),
    left: read('left').split('\n').filter(Boolean),
  };
}
