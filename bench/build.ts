/**
 * Build throughput and memory: the large profile to CSV with 1 and 2
 * workers (sales_daily rows/s as the build reports it), and peak RSS at
 * ~1M and at a much larger size.
 */
import { fmt, fmtInt, forgeArgs, timed } from './lib.ts';

export interface BuildRun {
  label: string;
  seconds: number;
  maxRssMb: number;
  factRows: number;
  salesRowsPerSec: number;
  dir: string;
}

export function buildRun(label: string, args: string[]): BuildRun {
  const [cmd, a] = forgeArgs('build', ...args);
  const t = timed(cmd, a);
  const sales = /sales_daily: (\d+) rows \((\d+) rows\/s\)/.exec(t.stderr);
  const inventory = /inventory_snapshot_daily: (\d+) rows/.exec(t.stderr);
  return {
    label,
    seconds: t.seconds,
    maxRssMb: t.maxRssMb,
    factRows: Number(sales?.[1] ?? 0) + Number(inventory?.[1] ?? 0),
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
  // Speed-up at scale: on the large profile a worker's first ranges are run
  // before its JIT has warmed up, a fixed cost that the bigger build amortises.
  return { jobs1, jobs2, full, big, bigOne, speedup: big.salesRowsPerSec / bigOne.salesRowsPerSec, speedupLarge: jobs2.salesRowsPerSec / jobs1.salesRowsPerSec };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = benchBuild('dist-fixtures', ['--set', 'endDate=2023-03-31']);
  for (const run of [r.jobs1, r.jobs2, r.full, r.big, r.bigOne]) {
    console.log(`${run.label.padEnd(48)} ${fmt(run.seconds)} s  ${fmtInt(run.factRows)} fact rows  sales ${fmtInt(run.salesRowsPerSec)} rows/s  peak RSS ${fmt(run.maxRssMb, 0)} MB`);
  }
  console.log(`speed-up with 2 workers: ${fmt(r.speedup)}×`);
}
