/** What the safety suites share: a tiny artifact, SQL on a test cluster, one-line failure checks. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import type { PgServer } from '../../src/pg/server.ts';
import { forge, ROOT, type RunResult } from '../helpers.ts';

export function buildTiny(out: string, ...extra: string[]): string {
  const b = forge(['build', '--profile', 'tiny', '--out', out, '--quiet', ...extra]);
  assert.equal(b.code, 0, b.stderr);
  return b.stdout.trim();
}

export async function sql<T = Record<string, unknown>>(server: PgServer, db: string, text: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: server.url(db) });
  await c.connect();
  try {
    return (await c.query(text)).rows as T[];
  } finally {
    await c.end();
  }
}

/** User tables of a database, `schema.table`, sorted. */
export async function tablesIn(server: PgServer, db: string): Promise<string[]> {
  const rows = await sql<{ t: string }>(server, db, "SELECT schemaname || '.' || tablename AS t FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1");
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
