/** `--dirty` and `--dirty-rate KIND=RATE`: which defects a dirty build injects, and the build itself. */
import { mkdtemp, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { build, type BuildOptions, type BuildResult } from '../artifact/build.ts';
import { readArtifact } from '../artifact/read.ts';
import { prepareOutputRoot } from '../artifact/staging.ts';
import { artifactDir } from '../artifact/paths.ts';
import { buildDirty, defaultRates, dirtyDir, type Rates } from '../dirty/build.ts';
import { DEFECT_KINDS, type DefectKind } from '../dirty/kinds.ts';
import { ForgeError } from '../errors.ts';
import { flag, list } from './args.ts';
import type { ParsedArgs } from './command.ts';

/** The rates asked for, or undefined for a clean build. */
export function dirtyRates(args: ParsedArgs): Rates | undefined {
  const given = list(args, 'dirty-rate');
  if (!flag(args, 'dirty') && given.length === 0) return undefined;
  const rates = defaultRates();
  for (const item of given) {
    const [kind, raw] = item.split('=');
    if (!(DEFECT_KINDS as readonly string[]).includes(kind)) throw new ForgeError('USAGE', `unknown defect kind "${kind}"`, `kinds: ${DEFECT_KINDS.join(', ')}`);
    const rate = Number(raw);
    if (raw === undefined || raw.trim() === '' || !(rate >= 0 && rate <= 1)) throw new ForgeError('USAGE', `--dirty-rate ${kind} must be a number from 0 to 1, got "${raw ?? ''}"`, `for example --dirty-rate ${kind}=0.02`);
    rates[kind as DefectKind] = rate;
  }
  return rates;
}

/** The clean build into a private temp dir beside the target, then its dirty variant; the clean one is removed. */
export async function dirtyBuild(opts: BuildOptions & { rates: Rates }): Promise<BuildResult> {
  const { dataset, seed, profile, overrides = {}, outRoot } = opts;
  const parent = dirname(artifactDir(outRoot, dataset.name, dataset.version, seed, profile, overrides));
  await prepareOutputRoot(outRoot, parent);
  const tmpRoot = await mkdtemp(`${parent}/.dirty-source-`);
  try {
    const clean = await build({ ...opts, outRoot: tmpRoot, formats: { csv: true, json: false, dump: false } });
    const artifact = readArtifact(clean.dir);
    const target = dirtyDir(outRoot, artifact.manifest, overrides, opts.rates);
    const manifest = await buildDirty(artifact, target, opts.rates);
    return { dir: target, manifest };
  } finally {
    await rm(tmpRoot, { recursive: true, force: true });
  }
}
