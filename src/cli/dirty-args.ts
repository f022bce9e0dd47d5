/** A dirty build (--dirty, --dirty-rate, or the config file's `dirty:` section; rates resolved in src/config/dirty.ts): where it goes, and the build itself. */
import { mkdtemp, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { build, type BuildOptions, type BuildResult } from '../artifact/build.ts';
import { readArtifact } from '../artifact/read.ts';
import { prepareOutputRoot } from '../artifact/staging.ts';
import { artifactDir } from '../artifact/paths.ts';
import { buildDirty, dirtyDir, type Rates } from '../dirty/build.ts';

/** The clean build into a private temp dir beside the target, then its dirty variant; the clean one is removed. */
export async function dirtyBuild(opts: BuildOptions & { rates: Rates }): Promise<BuildResult> {
  const { dataset, seed, profile, scenario, overrides = {}, outRoot } = opts;
  const parent = dirname(artifactDir(outRoot, dataset.name, dataset.version, seed, profile, overrides, scenario));
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
