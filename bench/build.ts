/**
 * Build throughput and memory: the large profile and a cut of xlarge to CSV
 * with 1 and 2 jobs, and peak RSS at ~2.3M fact rows (all formats) and at the
 * larger size. Throughput is fact rows (sales_daily + inventory_snapshot_daily)
 * over the whole build's time as `forge build` reports it: with jobs > 1 the
 * threads start a table's ranges while the one before is still being
 * written, so a table's own rate (also kept, for sales_daily) flatters them.
 */
import { fmt, fmtInt, forgeArgs, timed } from './lib.ts';

export interface BuildRun {
  label: string;
  /** Wall time of the process, startup included. */
  seconds: number;
  /** The build's own time, as it reports it. */
  buildSeconds: number;
  maxRssMb: number;
  factRows: number;
  factRowsPerSec: number;
  salesRowsPerSec: number;
  dir: string;
}

export function buildRun(label: string, args: string[]): BuildRun {
  const [cmd, a] = forgeArgs('build', ...args);
  const t = timed(cmd, a);
  const sales = /sales_daily: (\d+) rows \((\d+) rows\/s\)/.exec(t.stderr);
  const inventory = /inventory_snapshot_daily: (\d+) rows/.exec(t.stderr);
  const built = /built \d+ rows in ([\d.]+) s/.exec(t.stderr);
  const factRows = Number(sales?.[1] ?? 0) + Number(inventory?.[1] ?? 0);
  const buildSeconds = Number(built?.[1] ?? t.seconds);
  return {
    label,
    seconds: t.seconds,
    buildSeconds,
    maxRssMb: t.maxRssMb,
    factRows,
    factRowsPerSec: factRows / buildSeconds,
    salesRowsPerSec: Number(sales?.[2] ?? 0),
    dir: t.stdout.trim(),
  };
}

export function benchBuild(out: string, bigSet: string[]) {
  const csv = ['--profile', 'large', '--formats', 'csv', '--out', out];
  const jobs1 = buildRun('large, CSV, --jobs 1', [...csv, '--jobs', '1']);
  const jobs2 = buildRun('large, CSV, --jobs 2', [...csv, '--jobs', '2']);
  const full = buildRun('large, CSV+JSON+dump, --jobs 2', ['--profile', 'large', '--out', out, '--jobs', '2']);
  const big = buildRun(`xlarge ${bigSet.join(' ')}, CSV, --jobs 2`, ['--profile', 'xlarge', ...bigSet, '--formats', 'csv', '--out', out, '--jobs', '2']);
  const bigOne = buildRun(`xlarge ${bigSet.join(' ')}, CSV, --jobs 1`, ['--profile', 'xlarge', ...bigSet, '--formats', 'csv', '--out', out, '--jobs', '1']);
  // Speed-up at scale: on the large profile (about a second) the worker's
  // start and JIT warm-up are a fixed cost that the bigger build amortises.
  return { jobs1, jobs2, full, big, bigOne, speedup: big.factRowsPerSec / bigOne.factRowsPerSec, speedupLarge: jobs2.factRowsPerSec / jobs1.factRowsPerSec };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = benchBuild('dist-fixtures', ['--set', 'endDate=2023-04-30']);
  for (const run of [r.jobs1, r.jobs2, r.full, r.big, r.bigOne]) {
    console.log(
      `${run.label.padEnd(48)} ${fmt(run.buildSeconds)} s  ${fmtInt(run.factRows)} fact rows  ${fmtInt(run.factRowsPerSec)} fact rows/s  sales_daily ${fmtInt(run.salesRowsPerSec)} rows/s  peak RSS ${fmt(run.maxRssMb, 0)} MB`,
    );
  }
  console.log(`speed-up with 2 jobs: ${fmt(r.speedup)}× (large: ${fmt(r.speedupLarge)}×)`);
}
