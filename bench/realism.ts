/**
 * What the retail realism knobs (issue 14) cost a build: this tree against
 * the tree before them (BENCH_BEFORE, default the commit before the
 * realism work), extracted with `git archive` into a temp dir that shares
 * this node_modules. The two take turns, pair by pair, so a busy machine
 * weighs on both alike: CPU of the whole process (user + system, start-up
 * included) and the build's own time as it reports it, medians with
 * min–max and the ratio pair by pair. Goal: within 10 % at the default
 * profile.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmt, ROOT } from './lib.ts';

/** The last commit before the realism knobs (retail 1.0.0 with the RAG corpus). */
export const REALISM_BEFORE = process.env.BENCH_BEFORE ?? '9b65fa9';

export interface Stats {
  median: number;
  min: number;
  max: number;
}
const stats = (xs: number[]): Stats => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return { median: s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2, min: s[0], max: s.at(-1)! };
};
export const span = (s: Stats, d = 2) => `${fmt(s.median, d)} (${fmt(s.min, d)}–${fmt(s.max, d)})`;

interface Run {
  cpu: number;
  build: number;
}

function run(tree: string, out: string, args: string[]): Run {
  rmSync(out, { recursive: true, force: true });
  const r = spawnSync('/usr/bin/time', ['-f', 'CPU %U %S', process.execPath, join(tree, 'bin/forge.js'), 'build', ...args, '--out', out], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`build in ${tree} failed: ${r.stderr.slice(-1000)}`);
  const cpu = /CPU ([\d.]+) ([\d.]+)/.exec(r.stderr);
  const built = /built \d+ rows in ([\d.]+) s/.exec(r.stderr);
  if (!cpu || !built) throw new Error(`no timing in: ${r.stderr.slice(-500)}`);
  return { cpu: Number(cpu[1]) + Number(cpu[2]), build: Number(built[1]) };
}

export interface RealismCost {
  label: string;
  before: { cpu: Stats; build: Stats };
  now: { cpu: Stats; build: Stats };
  /** now / before, pair by pair. */
  cpuRatio: Stats;
  buildRatio: Stats;
  pairs: number;
}

/** The tree at `ref`, ready to run (its CLI bundles itself on first use). */
export function treeAt(ref: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'forge-before-'));
  const tar = spawnSync('sh', ['-c', `git -C "${ROOT}" archive "${ref}" | tar -x -C "${dir}"`], { encoding: 'utf8' });
  if (tar.status !== 0)
    throw new Error(`git archive ${ref}: ${tar.stderr.trim()} (BENCH_BEFORE names the commit to compare with; a shallow clone may lack it)`);
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Each case is `profile` or `profile:formats` (`large:csv`, `large:csv+json`): all formats
 * measure what `make fixtures` does; CSV alone leaves out the JSON and
 * gzip work that the extra column and table add bytes to; CSV + JSON shows
 * the JSON path alone (where the cost was, see the README).
 */
export function benchRealism(
  cases = (process.env.BENCH_REALISM_PROFILES ?? 'local,large,large:csv,large:csv+json').split(','),
  pairs = Number(process.env.BENCH_PAIRS ?? 5),
): RealismCost[] {
  const before = treeAt(REALISM_BEFORE);
  const out = mkdtempSync(join(tmpdir(), 'forge-realism-out-'));
  try {
    const results: RealismCost[] = [];
    for (const c of cases) {
      const [profile, formats] = c.split(':');
      const args = ['--profile', profile, '--jobs', '1', ...(formats ? ['--formats', formats.replace(/\+/g, ',')] : [])];
      // Warm-up: each tree bundles its CLI and fills the page cache.
      run(before.dir, join(out, 'b'), args);
      run(ROOT, join(out, 'n'), args);
      const b: Run[] = [];
      const n: Run[] = [];
      for (let i = 0; i < pairs; i++) {
        // Alternate who goes first, so neither always runs on a cache the other warmed.
        if (i % 2) n.push(run(ROOT, join(out, 'n'), args)), b.push(run(before.dir, join(out, 'b'), args));
        else b.push(run(before.dir, join(out, 'b'), args)), n.push(run(ROOT, join(out, 'n'), args));
      }
      results.push({
        label: `${profile}, ${formats ?? 'all formats'}, --jobs 1`,
        before: { cpu: stats(b.map((r) => r.cpu)), build: stats(b.map((r) => r.build)) },
        now: { cpu: stats(n.map((r) => r.cpu)), build: stats(n.map((r) => r.build)) },
        cpuRatio: stats(n.map((r, i) => r.cpu / b[i].cpu)),
        buildRatio: stats(n.map((r, i) => r.build / b[i].build)),
        pairs,
      });
    }
    return results;
  } finally {
    rmSync(out, { recursive: true, force: true });
    before.remove();
  }
}

export function describeRealism(r: RealismCost): string {
  return (
    `${r.pairs} pairs vs ${REALISM_BEFORE}: process CPU ${span(r.now.cpu)} s vs ${span(r.before.cpu)} s, now/before ${span(r.cpuRatio)}×; ` +
    `build time ${span(r.now.build)} s vs ${span(r.before.build)} s, ${span(r.buildRatio)}× (goal ≤ 1.10×: ${r.cpuRatio.median <= 1.1 ? 'met' : 'not met'})`
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of benchRealism()) console.log(`${r.label}: ${describeRealism(r)}`);
}
