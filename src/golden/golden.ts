/**
 * Golden datasets: small (tiny-profile) artifacts of each dataset at fixed
 * seeds, committed under fixtures/ and rebuilt byte for byte by `forge golden
 * check`. A change of generated values must come with a dataset version bump
 * and `forge golden update`; the check tells that deliberate change from an
 * accidental one and shows what changed.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from '../artifact/build.ts';
import type { Manifest } from '../artifact/manifest.ts';
import { artifactDir } from '../artifact/paths.ts';
import type { Dataset } from '../core/dataset.ts';
import { ForgeError } from '../errors.ts';
import { diffCsv, type TableDiff } from './diff.ts';

export const GOLDEN_SEEDS = [42];
export const GOLDEN_PROFILE = 'tiny';
/** No dump in git: it is binary, large next to the rest, and rebuilt from the same bytes. */
export const GOLDEN_FORMATS = { csv: true, json: true, dump: false };

export interface GoldenTarget {
  dataset: Dataset;
  seed: number;
  /** One of the dataset's goldenScenarios, or the plain dataset. */
  scenario?: string;
}

/** Each dataset at each golden seed, plus each scenario it names in goldenScenarios. */
export function goldenTargets(datasets: Dataset[]): GoldenTarget[] {
  return datasets.flatMap((dataset) => [
    ...GOLDEN_SEEDS.map((seed) => ({ dataset, seed })),
    ...(dataset.goldenScenarios ?? []).flatMap((scenario) => GOLDEN_SEEDS.map((seed) => ({ dataset, seed, scenario }))),
  ]);
}

const label = (t: GoldenTarget) => `seed ${t.seed}${t.scenario ? ` scenario ${t.scenario}` : ''}`;

/**
 * Rewrites the goldens. A version whose committed goldens differ from what
 * the generators build now is refused unless `force`: users who pin that
 * version would silently get other data. Bump the version instead (or force
 * when the committed goldens were the mistake). Nothing is written unless
 * every target may be.
 */
export async function goldenUpdate(
  root: string,
  targets: GoldenTarget[],
  options: { force?: boolean; print?: (line: string) => void } = {},
): Promise<string[]> {
  if (!options.force) {
    const drifted = (await goldenCheck(root, targets)).filter((p) => p.kind === 'drift');
    if (drifted.length) {
      for (const p of drifted) for (const line of describeProblem(p)) options.print?.(line);
      // One name per dataset version, however many of its goldens (seeds, scenarios) drifted.
      const names = [...new Set(drifted.map((p) => `${p.dataset} ${p.version}`))].join(', ');
      const datasets = new Set(drifted.map((p) => p.dataset));
      throw new ForgeError(
        'GOLDEN_DRIFT',
        `refusing to rewrite the goldens of ${names}: the generators now build other data for a version users may pin`,
        `bump the version in generators/${datasets.size === 1 ? drifted[0].dataset : '<dataset>'}/index.ts, then forge golden update; or forge golden update --force if the committed goldens were wrong`,
      );
    }
  }
  const written: string[] = [];
  for (const { dataset, seed, scenario } of targets) {
    // Goldens of other versions go: fixtures/ holds the current version only.
    const base = join(root, dataset.name);
    for (const v of existsSync(base) ? readdirSync(base) : []) if (v !== dataset.version) rmSync(join(base, v), { recursive: true, force: true });
    const { dir } = await build({ dataset, seed, profile: GOLDEN_PROFILE, scenario, outRoot: root, formats: GOLDEN_FORMATS });
    written.push(dir);
  }
  return written;
}

export interface GoldenProblem {
  dataset: string;
  version: string;
  /** missing: no goldens for this version (new dataset or bumped version); drift: same version, other bytes. */
  kind: 'missing' | 'drift';
  message: string;
  diffs: TableDiff[];
}

export async function goldenCheck(root: string, targets: GoldenTarget[]): Promise<GoldenProblem[]> {
  const problems: GoldenProblem[] = [];
  for (const target of targets) {
    const { dataset, seed, scenario } = target;
    const golden = artifactDir(root, dataset.name, dataset.version, seed, GOLDEN_PROFILE, {}, scenario);
    if (!existsSync(join(golden, 'manifest.json'))) {
      const others = existsSync(join(root, dataset.name)) ? readdirSync(join(root, dataset.name)) : [];
      problems.push({
        dataset: dataset.name,
        version: dataset.version,
        kind: 'missing',
        message: others.length
          ? `dataset ${dataset.name} is at version ${dataset.version} but fixtures/ has goldens for ${others.join(', ')}: if the change is deliberate, run forge golden update (make golden) and commit fixtures/`
          : `no golden files for ${dataset.name} ${dataset.version} ${label(target)}: run forge golden update (make golden) and commit fixtures/`,
        diffs: [],
      });
      continue;
    }
    const tmp = await mkdtemp(join(tmpdir(), 'forge-golden-'));
    try {
      const { dir, manifest } = await build({ dataset, seed, profile: GOLDEN_PROFILE, scenario, outRoot: tmp, formats: GOLDEN_FORMATS });
      const old: Manifest = JSON.parse(readFileSync(join(golden, 'manifest.json'), 'utf8'));
      const diffs: TableDiff[] = [];
      for (const t of manifest.tables) {
        const before = old.tables.find((o) => o.name === t.name);
        if (!before) {
          diffs.push({ table: t.name, summary: 'new table', examples: [] });
          continue;
        }
        if (before.files.csv?.sha256 !== t.files.csv?.sha256) {
          diffs.push(
            diffCsv(t.name, t.primaryKey, readFileSync(join(golden, before.files.csv!.path), 'utf8'), readFileSync(join(dir, t.files.csv!.path), 'utf8')),
          );
        } else if (before.files.json?.sha256 !== t.files.json?.sha256) {
          diffs.push({ table: t.name, summary: 'the JSON file changed (the CSV did not)', examples: [] });
        }
      }
      for (const o of old.tables) if (!manifest.tables.some((t) => t.name === o.name)) diffs.push({ table: o.name, summary: 'table removed', examples: [] });
      const otherFiles = manifest.files
        .filter((f) => f.path !== 'SHA256SUMS' && old.files.find((o) => o.path === f.path)?.sha256 !== f.sha256)
        .map((f) => f.path);
      // The manifest itself (resolved parameters, generator versions, …) is part of the bytes too.
      if (readFileSync(join(golden, 'manifest.json'), 'utf8') !== readFileSync(join(dir, 'manifest.json'), 'utf8')) otherFiles.push('manifest.json');
      if (diffs.length || otherFiles.length) {
        problems.push({
          dataset: dataset.name,
          version: dataset.version,
          kind: 'drift',
          message: `${dataset.name} ${dataset.version} ${label(target)} no longer builds its golden files${otherFiles.length ? ` (${otherFiles.join(', ')} changed too)` : ''}: if the change is deliberate, bump the version in generators/${dataset.name}/index.ts and run forge golden update; if not, fix the generator`,
          diffs,
        });
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  return problems;
}

function describeProblem(p: GoldenProblem): string[] {
  const lines = [p.message];
  for (const d of p.diffs) {
    lines.push(`  ${d.table}: ${d.summary}`);
    for (const e of d.examples) lines.push(`    ${e}`);
  }
  return lines;
}

export function assertNoProblems(problems: GoldenProblem[], print: (line: string) => void): void {
  for (const p of problems) for (const line of describeProblem(p)) print(line);
  if (problems.length) throw new ForgeError('GOLDEN_DRIFT', `${problems.length} golden dataset(s) differ from what the generators build now`, 'see above');
}
