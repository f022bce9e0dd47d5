/**
 * make bench-load (and the load rows of make bench): `forge load` against
 * `psql -v ON_ERROR_STOP=1 -f dump.sql` of the same artifact at tiny, local
 * and large, and against `pg_restore -j 2` at large; each run into a new
 * empty database (made untimed just before), wall clock including process
 * start, the tools taking turns (A B, then B A) so that drift in a shared
 * machine's speed hits both; medians and ranges of BENCH_RUNS runs (5).
 * Then the time to a fresh database per test (freshDatabase(), a template
 * copy) at tiny and local, and the CLI's start-up. One cluster, started with
 * the settings of forge's own cluster (LOADING_SETTINGS), for every tool.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readArtifact } from '../src/artifact/read.ts';
import pg from 'pg';
import { DEFAULT_SPARES, freshDatabase, releaseSpares } from '../src/load/fresh.ts';
import { LOADING_SETTINGS, startTempCluster, type PgServer } from '../src/pg/server.ts';
import { artifact, fmt, fmtInt, forgeArgs, ROOT, timed } from './lib.ts';

export interface Spread {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function spread(xs: number[]): Spread {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { median: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2, min: s[0], max: s[s.length - 1], runs: s.length };
}

/** Per-pair ratios (other / forge): > 1 means forge was faster in that pair. */
export interface LoadRow {
  profile: string;
  rows: number;
  forge: Spread;
  psql: Spread;
  vsPsql: Spread;
  restore?: Spread;
  vsRestore?: Spread;
  forgeRssMb: number;
}

export interface FreshRow {
  profile: string;
  firstMs: number;
  /** What freshDatabase() made the test wait, with copies made ahead (the default). */
  ms: Spread;
  /** Fresh and drop together, per test, with copies made ahead. */
  perTest: Spread;
  /** One copy made when asked (spares: 0): the floor without copies made ahead. */
  copyMs: Spread;
}

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const FRESH_RUNS = Number(process.env.BENCH_FRESH_RUNS ?? 15);

let dbNo = 0;
async function emptyDb(server: PgServer): Promise<string> {
  const name = `bench_${++dbNo}`;
  await server.createDatabase(name);
  return name;
}

async function dropDb(server: PgServer, name: string): Promise<void> {
  spawnSync('psql', ['-X', '-q', '-d', server.url(), '-c', `DROP DATABASE IF EXISTS ${name}`]);
}

async function loadRow(server: PgServer, profile: string, withRestore: boolean): Promise<LoadRow> {
  const { dir, manifest } = artifact(profile);
  const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
  const sqlFile = join(dir, '..', `bench-${profile}-dump.sql`);
  writeFileSync(sqlFile, gunzipSync(readFileSync(join(dir, 'dump.sql.gz'))));
  let custom: string | undefined;
  if (withRestore) {
    const src = await emptyDb(server);
    timed('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', server.url(src), '-f', sqlFile]);
    custom = join(dir, '..', `bench-${profile}.dump`);
    timed('pg_dump', ['-Fc', '-Z', '0', '-d', server.url(src), '-f', custom]);
    await dropDb(server, src);
  }
  const tools: Record<string, (db: string) => number> = {
    forge: (db) => {
      const [c, a] = forgeArgs('load', dir, '--db', server.url(db), '--quiet');
      const t = timed(c, a);
      rss = Math.max(rss, t.maxRssMb);
      return t.seconds;
    },
    psql: (db) => timed('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', server.url(db), '-f', sqlFile]).seconds,
    ...(custom ? { restore: (db: string) => timed('pg_restore', ['-j', '2', '-d', server.url(db), custom!]).seconds } : {}),
  };
  let rss = 0;
  const times: Record<string, number[]> = { forge: [], psql: [], restore: [] };
  const names = Object.keys(tools);
  for (let i = 0; i < RUNS; i++) {
    // Turns: forge first on even runs, last on odd ones.
    for (const tool of i % 2 ? [...names].reverse() : names) {
      const db = await emptyDb(server);
      times[tool].push(tools[tool](db));
      await dropDb(server, db);
    }
  }
  const pairs = (other: string) => times[other].map((s, i) => s / times.forge[i]);
  return {
    profile,
    rows,
    forge: spread(times.forge),
    psql: spread(times.psql),
    vsPsql: spread(pairs('psql')),
    ...(custom ? { restore: spread(times.restore), vsRestore: spread(pairs('restore')) } : {}),
    forgeRssMb: rss,
  };
}

/**
 * What a test pays before it runs: freshDatabase() (copies made ahead while
 * the previous test ran), then the copy itself when nothing is made ahead
 * (spares: 0), and the whole overhead per test (fresh + drop). Each test body
 * connects, writes and reads, as a short database test does; the first call
 * makes the template.
 */
async function freshRow(server: PgServer, profile: string): Promise<FreshRow> {
  const { dir } = artifact(profile);
  const a = readArtifact(dir);
  const t0 = performance.now();
  const first = await freshDatabase({ server: server.url(), artifact: a, spares: 0 });
  const firstMs = performance.now() - t0;
  await first.drop();
  const suite = async (spares: number) => {
    const wait: number[] = [];
    const overhead: number[] = [];
    for (let i = 0; i < FRESH_RUNS; i++) {
      const t = performance.now();
      const db = await freshDatabase({ server: server.url(), artifact: a, spares });
      const got = performance.now();
      await testBody(db.url);
      const body = performance.now() - got;
      await db.drop();
      wait.push(got - t);
      overhead.push(performance.now() - t - body);
    }
    await releaseSpares();
    return { wait: spread(wait), overhead: spread(overhead) };
  };
  const copy = await suite(0);
  const ahead = await suite(DEFAULT_SPARES);
  return { profile, firstMs, ms: ahead.wait, perTest: ahead.overhead, copyMs: copy.wait };
}

/** A short database test: connect, write, read, disconnect. */
async function testBody(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query("UPDATE store SET name = name || ' (renamed)' WHERE store_id = 1");
    await c.query('SELECT count(*) FROM sales_daily');
  } finally {
    await c.end();
  }
}

export function startupRows(): { what: string; s: Spread }[] {
  const runs = (args: string[]) => {
    const [c, a] = forgeArgs(...args);
    timed(c, a); // the bundle is fresh before anything is counted
    return spread(Array.from({ length: RUNS }, () => timed(c, a).seconds));
  };
  const node = (env?: NodeJS.ProcessEnv) => spread(Array.from({ length: RUNS }, () => timed(process.execPath, ['-e', '0'], { env }).seconds));
  return [
    { what: 'forge --help', s: runs(['--help']) },
    { what: 'forge load --help (the load command and its modules loaded)', s: runs(['load', '--help']) },
    { what: 'node -e 0 (Node itself, for reference)', s: node() },
    // Node 20 reads every certificate of NODE_EXTRA_CA_CERTS (and builds its own root store) as it starts, before any JavaScript runs.
    ...(process.env.NODE_EXTRA_CA_CERTS
      ? [{ what: 'node -e 0 with NODE_EXTRA_CA_CERTS unset (this environment sets it)', s: node({ NODE_EXTRA_CA_CERTS: '' }) }]
      : []),
  ];
}

/**
 * The least any Node client pays before its first statement's answer, against
 * psql's: node, the pg driver, a connection and SELECT 1, then exit (turn
 * about, each against the cluster the loads use). What `forge load` of a
 * tiny artifact cannot go below.
 */
function clientFloor(server: PgServer): { what: string; s: Spread }[] {
  const url = server.url();
  const script = `import pg from 'pg'; const c = new pg.Client(${JSON.stringify(url)}); await c.connect(); await c.query('SELECT 1'); await c.end();`;
  const tools: Record<string, () => number> = {
    node: () => timed(process.execPath, ['--input-type=module', '-e', script]).seconds,
    psql: () => timed('psql', ['-X', '-q', '-d', url, '-c', 'SELECT 1']).seconds,
  };
  const times: Record<string, number[]> = { node: [], psql: [] };
  for (let i = 0; i < RUNS; i++) for (const t of i % 2 ? ['psql', 'node'] : ['node', 'psql']) times[t].push(tools[t]());
  return [
    { what: 'a minimal Node client: node, pg, connect, SELECT 1, exit', s: spread(times.node) },
    { what: 'psql -c "SELECT 1", the same', s: spread(times.psql) },
  ];
}

export async function benchLoads(
  profiles = ['tiny', 'local', 'large'],
): Promise<{ loads: LoadRow[]; fresh: FreshRow[]; floor: { what: string; s: Spread }[] }> {
  const server = await startTempCluster({ settings: LOADING_SETTINGS });
  try {
    const loads: LoadRow[] = [];
    for (const p of profiles) loads.push(await loadRow(server, p, p === 'large'));
    const fresh: FreshRow[] = [];
    for (const p of profiles.filter((x) => x !== 'large')) fresh.push(await freshRow(server, p));
    return { loads, fresh, floor: clientFloor(server) };
  } finally {
    await server.stop();
  }
}

export const range = (s: Spread, digits = 2, unit = '') => `${fmt(s.median, digits)}${unit} (${fmt(s.min, digits)}–${fmt(s.max, digits)})`;

if (import.meta.url === `file://${process.argv[1]}`) {
  void ROOT;
  const { loads, fresh, floor } = await benchLoads((process.env.BENCH_PROFILES ?? 'tiny,local,large').split(','));
  console.log(`load: median seconds (min–max) of ${RUNS} runs, each into a new database; ratio = the other tool's time / forge's, pair by pair`);
  for (const r of loads) {
    console.log(`  ${r.profile} (${fmtInt(r.rows)} rows): forge ${range(r.forge)} s, psql -f ${range(r.psql)} s, ratio ${range(r.vsPsql)}×`);
    if (r.restore && r.vsRestore) console.log(`  ${r.profile}: pg_restore -j 2 ${range(r.restore)} s, ratio ${range(r.vsRestore)}×`);
  }
  for (const f of fresh)
    console.log(
      `fresh database, ${f.profile}: ${range(f.ms, 1, ' ms')} over ${f.ms.runs} tests, ${range(f.perTest, 1, ' ms')} with the drop; one copy made when asked: ${range(f.copyMs, 1, ' ms')}; the first call, which makes the template: ${fmt(f.firstMs, 0)} ms`,
    );
  for (const s of [...floor, ...startupRows()]) console.log(`start-up, ${s.what}: ${range(s.s, 3)} s`);
}
