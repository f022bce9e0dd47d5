/** Shared test helpers: temp dirs, running the CLI as a user would, reading artifacts back. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import pg from 'pg';
import { datasets } from '../generators/index.ts';
import { startTempCluster, type PgServer } from '../src/pg/server.ts';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

const tempDirs: string[] = [];

/**
 * A fresh temp dir, removed when the test file's process exits (node --test
 * runs each file in a process of its own), whatever the tests did.
 * FORGE_KEEP_TEST_DIRS=1 keeps them for a look afterwards.
 */
export function tempDir(prefix = 'forge-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (tempDirs.push(dir) === 1 && !process.env.FORGE_KEEP_TEST_DIRS) {
    process.on('exit', () => {
      for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
    });
  }
  return dir;
}

/**
 * The temporary Postgres cluster of a test file: a before hook starts it and
 * an after hook stops it. node:test (Node 20) starts a file's top-level
 * before hooks one after the other without waiting for the previous one to
 * settle, so createDatabase() waits for the start; url(), env() and the
 * fields are there once it has settled (in a before hook: after an awaited
 * createDatabase()). Hooks run in the order they are registered, the after
 * hooks too: one that must run while the server is up needs a cluster of its
 * own making.
 */
export function tempCluster(opts?: Parameters<typeof startTempCluster>[0]): PgServer {
  let starting: Promise<PgServer> | undefined;
  let server: PgServer | undefined;
  let failed: unknown;
  before(async () => {
    starting = startTempCluster(opts);
    try {
      server = await starting;
    } catch (e) {
      failed = e;
      throw e;
    }
  });
  after(async () => {
    await starting?.catch(() => {});
    await server?.stop();
  });
  const ready = () => {
    if (!starting) throw new Error('the temporary cluster is used before its before hook ran');
    return starting;
  };
  const started = () => {
    if (failed) throw failed;
    if (!server) throw new Error('the temporary cluster is used before it has started (await server.createDatabase() first)');
    return server;
  };
  return {
    get dataDir() {
      return started().dataDir;
    },
    get socketDir() {
      return started().socketDir;
    },
    get port() {
      return started().port;
    },
    get host() {
      return started().host;
    },
    get user() {
      return started().user;
    },
    url: (db) => started().url(db),
    env: (db) => started().env(db),
    createDatabase: async (name) => (await ready()).createDatabase(name),
    stop: async () => server?.stop(),
  };
}

/**
 * A temporary Postgres cluster for the one test of a file that needs it (the
 * file's other tests run without starting one): the returned function starts
 * it on first call, an after hook stops it.
 */
export function clusterOnDemand(): () => Promise<PgServer> {
  let starting: Promise<PgServer> | undefined;
  after(async () => {
    await (await starting?.catch(() => undefined))?.stop();
  });
  return () => (starting ??= startTempCluster());
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `forge` as a separate process, exactly as the bin does. */
export function forge(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): RunResult {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/forge.js'), ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, ...opts.env },
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** sha256 of every file under a directory, by relative path. */
export function hashTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

/** Parses Postgres CSV: an unquoted empty field is NULL, a quoted one is ''. */
export function readCsv(path: string): { header: string[]; rows: (string | null)[][] } {
  const records: (string | null)[][] = parse(readFileSync(path), {
    cast: (value, context) => (context.quoting || value !== '' ? value : null),
    relax_column_count: false,
  });
  const [header, ...rows] = records;
  return { header: header as string[], rows };
}

export function readJson(path: string): Record<string, unknown>[] {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** retail's version as a regular expression, from the generators: no test hard-codes a dataset version. */
export function retailVersionPattern(): string {
  return datasets.retail.version.replaceAll('.', '\\.');
}

/** The number of tables an artifact's manifest lists. */
export function tableCount(artifactDir: string): number {
  return (JSON.parse(readFileSync(join(artifactDir, 'manifest.json'), 'utf8')) as { tables: unknown[] }).tables.length;
}

/** Runs SQL on its own connection to `url` and returns the rows. */
export async function queryAt<T = Record<string, unknown>>(url: string, text: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await c.connect();
  try {
    return (await c.query(text)).rows as T[];
  } finally {
    await c.end();
  }
}

/** The manifest of an artifact folder, parsed. */
export const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));

/** A forge run that must succeed: its stdout, trimmed. */
export function ok(r: RunResult): string {
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.trim();
}

/** A forge run that must fail with one line matching `re`. */
export function oneLine(r: RunResult, re: RegExp): void {
  assert.notEqual(r.code, 0);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, re);
}
