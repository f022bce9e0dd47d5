/**
 * make bench: every benchmark in one run on this machine, printed as one
 * table and written to bench/results/bench.{json,md}. Goals come from
 * DESIGN.md and issues 6 and 10; each row says whether it is met.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { startTempCluster } from '../src/pg/server.ts';
import { benchBuild, buildRun } from './build.ts';
import { benchRealism, describeRealism } from './realism.ts';
import { benchInit, describeInit } from './init.ts';
import { benchMigrationLoad } from './migration.ts';
import { benchPush, describePush } from './push.ts';
import { fmt, fmtInt, forgeArgs, ROOT, timed } from './lib.ts';
import { benchLoads, range, startupRows } from './load.ts';

const out = join(ROOT, 'dist-fixtures');
const results: { section: string; what: string; seconds?: number; rowsPerSec?: number; peakRssMb?: number; note?: string }[] = [];
const add = (r: (typeof results)[number]) => {
  results.push(r);
  console.error(
    `  ${r.section} | ${r.what} | ${r.seconds !== undefined ? fmt(r.seconds) + ' s' : ''} | ${r.rowsPerSec ? fmtInt(r.rowsPerSec) + ' rows/s' : ''} | ${r.peakRssMb ? fmt(r.peakRssMb, 0) + ' MB' : ''} | ${r.note ?? ''}`,
  );
};
const NAIVE_ROWS = Number(process.env.BENCH_NAIVE_ROWS ?? 200_000);
const DRIZZLE_ROWS = Number(process.env.BENCH_DRIZZLE_ROWS ?? 100_000);
const BIG_END = process.env.BENCH_BIG_END ?? '2023-04-30';

console.error(
  `fixture-forge bench on ${cpus().length} cores (${cpus()[0]?.model ?? 'cpu'}), PostgreSQL from ${spawnSync('pg_config', ['--version'], { encoding: 'utf8' }).stdout.trim()}`,
);

// Build
const b = benchBuild(out, ['--set', `endDate=${BIG_END}`]);
for (const r of [b.jobs1, b.jobs2, b.bigOne, b.big]) {
  add({
    section: 'build',
    what: `${r.label}: fact rows`,
    seconds: r.buildSeconds,
    rowsPerSec: r.factRowsPerSec,
    peakRssMb: r.maxRssMb,
    note: `${fmtInt(r.factRows)} fact rows; sales_daily table alone ${fmtInt(r.salesRowsPerSec)} rows/s`,
  });
}
add({
  section: 'build',
  what: 'speed-up of --jobs 2 over --jobs 1 (fact rows/s, xlarge cut)',
  note: `${fmt(b.speedup)}× (goal ≥ 1.8×: ${b.speedup >= 1.8 ? 'met' : 'not met'}; ${fmt(b.speedupLarge)}× on large); ${fmtInt(b.big.factRowsPerSec)} fact rows/s with 2 jobs (goal ≥ 2.5M: ${b.big.factRowsPerSec >= 2.5e6 ? 'met' : 'not met'})`,
});
add({
  section: 'memory',
  what: b.full.label,
  seconds: b.full.buildSeconds,
  peakRssMb: b.full.maxRssMb,
  note: `${fmtInt(b.full.factRows)} fact rows; goal < 150 MB: ${b.full.maxRssMb < 150 ? 'met' : 'not met'}`,
});
add({
  section: 'memory',
  what: `${b.big.label} (see the build rows)`,
  peakRssMb: Math.max(b.big.maxRssMb, b.bigOne.maxRssMb),
  note: `${fmtInt(b.big.factRows)} fact rows; goal < 150 MB: ${Math.max(b.big.maxRssMb, b.bigOne.maxRssMb) < 150 ? 'met' : 'not met'}`,
});
if (process.env.BENCH_XLARGE === '1') {
  // The whole xlarge profile: ~194M fact rows, 7.3 GB of CSV, about a minute and a half here.
  const x = buildRun('xlarge (whole), CSV, --jobs 2', ['--profile', 'xlarge', '--formats', 'csv', '--out', out, '--jobs', '2']);
  add({
    section: 'memory',
    what: `${x.label}: fact rows`,
    seconds: x.buildSeconds,
    rowsPerSec: x.factRowsPerSec,
    peakRssMb: x.maxRssMb,
    note: `${fmtInt(x.factRows)} fact rows; goal < 150 MB: ${x.maxRssMb < 150 ? 'met' : 'not met'}`,
  });
  rmSync(x.dir, { recursive: true, force: true });
}

// What the retail realism knobs cost (issue 14): this tree against the one before them, pair by pair.
if (process.env.BENCH_REALISM !== '0') {
  for (const r of benchRealism())
    add({ section: 'build', what: `realism knobs: ${r.label}, now / before`, seconds: r.now.cpu.median, note: describeRealism(r) });
}

// Load: forge against psql -f (tiny, local, large) and pg_restore -j 2 (large), fresh databases; fresh-database latency; start-up.
const { loads, fresh, floor } = await benchLoads();
for (const r of loads) {
  add({
    section: 'load',
    what: `forge load, ${r.profile} (${fmtInt(r.rows)} rows): median (min–max) of ${r.forge.runs}`,
    seconds: r.forge.median,
    rowsPerSec: r.rows / r.forge.median,
    peakRssMb: r.forgeRssMb,
    note: `${range(r.forge)} s`,
  });
  add({
    section: 'load',
    what: `psql -f dump.sql, ${r.profile}`,
    seconds: r.psql.median,
    rowsPerSec: r.rows / r.psql.median,
    note: `${range(r.psql)} s; forge is ${range(r.vsPsql)}× pair by pair (goal ≥ 1.0×: ${r.vsPsql.median >= 1 ? 'met' : 'not met'})`,
  });
  if (r.restore && r.vsRestore)
    add({
      section: 'load',
      what: `pg_restore -j 2, ${r.profile} (custom format, same data)`,
      seconds: r.restore.median,
      rowsPerSec: r.rows / r.restore.median,
      note: `${range(r.restore)} s; forge is ${range(r.vsRestore)}× pair by pair (goal ≥ 1.0×: ${r.vsRestore.median >= 1 ? 'met' : 'not met'})`,
    });
}
for (const f of fresh) {
  const goal = f.profile === 'tiny' ? 50 : 250;
  add({
    section: 'fresh db',
    what: `freshDatabase() at ${f.profile}: median (min–max) of ${f.ms.runs}`,
    note: `${range(f.ms, 1, ' ms')} (goal ≤ ${goal} ms: ${f.ms.median <= goal ? 'met' : 'not met'}) with copies made ahead; fresh + drop per test ${range(f.perTest, 1, ' ms')}; one copy made when asked ${range(f.copyMs, 1, ' ms')}; the first call, which loads the template: ${fmt(f.firstMs, 0)} ms`,
  });
}
for (const s of [...floor, ...startupRows()]) add({ section: 'start-up', what: s.what, seconds: s.s.median, note: `${range(s.s, 3)} s` });

// End to end, baselines and reference: one more cluster.
const large = JSON.parse(readFileSync(join(b.full.dir, 'manifest.json'), 'utf8'));
const allRows = large.tables.reduce((n: number, t: { rows: number }) => n + t.rows, 0);
const server = await startTempCluster();
try {
  for (const db of ['naive', 'drizzle', 'drizzle_plain', 'e2e', 'pgbench']) await server.createDatabase(db);
  // End to end: 1M+ sales rows built and loaded, against the baselines.
  const e2eBuild = buildRun('e2e build', ['--profile', 'large', '--formats', 'csv', '--out', join(out, 'e2e'), '--jobs', '2']);
  const [ec, ea] = forgeArgs('load', e2eBuild.dir, '--db', server.url('e2e'), '--quiet');
  const e2eLoad = timed(ec, ea);
  const e2eSeconds = e2eBuild.seconds + e2eLoad.seconds;
  const salesRows = large.tables.find((t: { name: string }) => t.name === 'sales_daily').rows;
  // Baselines make one table; forge makes all seven (and their keys): rates count every row made.
  const forgeRate = allRows / e2eSeconds;
  add({
    section: 'end to end',
    what: `forge build + load (large: ${fmtInt(allRows)} rows in 7 tables, ${fmtInt(salesRows)} of them sales_daily)`,
    seconds: e2eSeconds,
    rowsPerSec: forgeRate,
    peakRssMb: Math.max(e2eBuild.maxRssMb, e2eLoad.maxRssMb),
    note: `UNIQUE(date, store_id, product_id) honoured by construction; sales_daily alone: ${fmtInt(salesRows / e2eSeconds)} rows/s`,
  });
  const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
  const naive = timed(tsx, [join(ROOT, 'bench/baselines/naive-seeder.ts'), server.url('naive'), String(NAIVE_ROWS)]);
  const naiveResult = JSON.parse(naive.stdout.trim().split('\n').pop()!);
  add({
    section: 'end to end',
    what: `naive seeder: faker per value + 1000-row INSERTs (${fmtInt(NAIVE_ROWS)} rows, sales_daily only)`,
    seconds: naive.seconds,
    rowsPerSec: naiveResult.rows / naive.seconds,
    peakRssMb: naive.maxRssMb,
    note: `${fmtInt(naiveResult.rows)} rows in; ${naiveResult.failedBatches} failed batches; forge is ${fmt(forgeRate / (naiveResult.rows / naive.seconds))}×`,
  });
  const drizzlePlain = timed(tsx, [join(ROOT, 'bench/baselines/drizzle-seed.ts'), server.url('drizzle_plain'), String(DRIZZLE_ROWS), 'plain']);
  const dzp = JSON.parse(drizzlePlain.stdout.trim().split('\n').pop()!);
  const dzRate = dzp.rows / drizzlePlain.seconds;
  add({
    section: 'end to end',
    what: `drizzle-seed without the composite key (${fmtInt(DRIZZLE_ROWS)} rows asked)`,
    seconds: drizzlePlain.seconds,
    rowsPerSec: dzRate,
    peakRssMb: drizzlePlain.maxRssMb,
    note: dzp.error ? `FAILED: ${dzp.error}` : `${fmtInt(dzp.rows)} rows in; forge is ${fmt(forgeRate / dzRate)}× (goal ≥ 10×)`,
  });
  const drizzle = timed(tsx, [join(ROOT, 'bench/baselines/drizzle-seed.ts'), server.url('drizzle'), String(DRIZZLE_ROWS)]);
  const dz = JSON.parse(drizzle.stdout.trim().split('\n').pop()!);
  add({
    section: 'end to end',
    what: `drizzle-seed with UNIQUE(date, store_id, product_id) (${fmtInt(DRIZZLE_ROWS)} rows asked)`,
    seconds: drizzle.seconds,
    rowsPerSec: dz.rows / drizzle.seconds,
    peakRssMb: drizzle.maxRssMb,
    note: dz.error ? `FAILED with ${fmtInt(dz.rows)} rows in: ${dz.error} (the composite key was not honoured)` : `${fmtInt(dz.rows)} rows in`,
  });
  // pgbench_accounts has 100,000 rows per scale unit: about as many rows as forge's end to end.
  const scale = Math.max(1, Math.round(allRows / 100_000));
  const pgb = timed(join(spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' }).stdout.trim(), 'pgbench'), [
    '-i',
    '-s',
    String(scale),
    '-q',
    server.url('pgbench'),
  ]);
  const done = /done in ([\d.]+) s \(([^)]*)\)/.exec(pgb.stderr);
  add({
    section: 'reference',
    what: `pgbench -i -s ${scale} (${fmtInt(scale * 100_000)} pgbench_accounts rows)`,
    seconds: pgb.seconds,
    rowsPerSec: (scale * 100_000) / pgb.seconds,
    note: done ? `pgbench: ${done[0]}` : '',
  });
} finally {
  await server.stop();
}

// Push: an artifact into an HTTP API on 127.0.0.1 that answers at once (bounded request count).
const p = await benchPush(out);
const pMin = Math.min(...p.runs);
const pMax = Math.max(...p.runs);
add({
  section: 'push',
  what: `forge push --concurrency 32 (${fmtInt(p.rows)} rows, instant local API), ${p.runs.length} runs`,
  seconds: p.seconds,
  rowsPerSec: pMin,
  peakRssMb: p.maxRssMb,
  note: `${fmtInt(pMin)}-${fmtInt(pMax)} req/s (goal ≥ 5,000: ${pMin >= 5000 ? 'met' : pMax >= 5000 ? 'met in some runs' : 'not met'}); ${fmtInt(p.keys)} distinct idempotency keys received; load average ${fmt(p.loadAvg.before, 1)}-${fmt(p.loadAvg.after, 1)}`,
});
add({ section: 'push', what: 'HTTP clients alone, 32 in flight, interleaved rounds', note: describePush(p)[1] });

// The migration dataset's reset: forge load --confirm over a loaded copy (goal under 5 s).
const mig = await benchMigrationLoad(out);
const migMax = Math.max(...mig.runs);
add({
  section: 'load',
  what: `forge load --confirm, migration demo (${fmtInt(mig.rows)} rows, 19 tables)`,
  seconds: migMax,
  peakRssMb: mig.maxRssMb,
  note: `${fmt(Math.min(...mig.runs))}-${fmt(migMax)} s over ${mig.runs.length} runs, CLI start-up included (goal < 5 s: ${migMax < 5 ? 'met' : 'not met'}); load average ${fmt(mig.loadAvg.before, 1)}-${fmt(mig.loadAvg.after, 1)}`,
});

// forge init's dataset for a sample schema against drizzle-seed on the same schema.
const ini = await benchInit();
add({
  section: 'end to end',
  what: `forge init → build → load, Chinook-like schema (${fmtInt(ini.rows)} rows, 11 tables)`,
  seconds: ini.forgeSeconds,
  rowsPerSec: ini.rows / ini.forgeSeconds,
  note: describeInit(ini),
});

const md = [
  '| section | what | seconds | rows/s | peak RSS | note |',
  '|---|---|---:|---:|---:|---|',
  ...results.map(
    (r) =>
      `| ${r.section} | ${r.what} | ${r.seconds !== undefined ? fmt(r.seconds) : ''} | ${r.rowsPerSec ? fmtInt(r.rowsPerSec) : ''} | ${r.peakRssMb ? fmt(r.peakRssMb, 0) + ' MB' : ''} | ${r.note ?? ''} |`,
  ),
].join('\n');
mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
writeFileSync(join(ROOT, 'bench/results/bench.json'), JSON.stringify({ cores: cpus().length, results }, null, 2) + '\n');
writeFileSync(join(ROOT, 'bench/results/bench.md'), md + '\n');
console.log(md);
