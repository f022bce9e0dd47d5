/**
 * The migration dataset's reset (document 002 allows 5 minutes; issue 13
 * asks under 5 s): `forge load --confirm` of the demo artifact over an
 * already loaded copy, into a fresh PostgreSQL cluster, timed as a user
 * runs it (the CLI process, start-up included). Several runs: min and max.
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { startTempCluster } from '../src/pg/server.ts';
import { fmt, forgeArgs, ROOT, timed } from './lib.ts';

export interface MigrationBench {
  rows: number;
  runs: number[];
  maxRssMb: number;
  /** The 1-minute load average before and after: on a shared machine the times move with it. */
  loadAvg: { before: number; after: number };
}

export async function benchMigrationLoad(outRoot: string, runs = Number(process.env.BENCH_MIGRATION_RUNS ?? 5)): Promise<MigrationBench> {
  const before = loadavg()[0];
  const [bc, ba] = forgeArgs('build', '--dataset', 'migration', '--profile', 'demo', '--out', outRoot, '--quiet');
  const dir = timed(bc, ba).stdout.trim();
  const server = await startTempCluster();
  try {
    await server.createDatabase('migration');
    const [lc, la] = forgeArgs('load', dir, '--db', server.url('migration'), '--confirm', '--quiet');
    timed(lc, la);
    const times: number[] = [];
    let rss = 0;
    for (let i = 0; i < runs; i++) {
      const t = timed(lc, la);
      times.push(t.seconds);
      rss = Math.max(rss, t.maxRssMb);
    }
    const [vc, va] = forgeArgs('verify', dir, '--db', server.url('migration'));
    const v = timed(vc, va);
    const rows = Number(/(\d+) rows/.exec(v.stdout)?.[1] ?? 0);
    return { rows, runs: times, maxRssMb: rss, loadAvg: { before, after: loadavg()[0] } };
  } finally {
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchMigrationLoad(join(ROOT, 'dist-fixtures'));
  const max = Math.max(...r.runs);
  console.log(
    `forge load --confirm, migration demo (${r.rows} rows, 19 tables): ${fmt(Math.min(...r.runs))}-${fmt(max)} s over ${r.runs.length} runs (goal < 5 s: ${max < 5 ? 'met' : 'not met'}), peak RSS ${fmt(r.maxRssMb, 0)} MB; load average ${fmt(r.loadAvg.before, 1)} before, ${fmt(r.loadAvg.after, 1)} after`,
  );
}
