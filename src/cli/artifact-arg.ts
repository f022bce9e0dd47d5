/** Which artifact a command works on: a directory, or dataset + seed + profile. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { artifactDir } from '../artifact/paths.ts';
import { readArtifact, verifyChecksums, type Artifact } from '../artifact/read.ts';
import { isArchivePath, unpackArtifact } from '../artifact/unpack.ts';
import { ForgeError } from '../errors.ts';
import { flag, integer, str } from './args.ts';
import { atExit } from './cleanup.ts';
import type { IO, Options, ParsedArgs } from './command.ts';

export const artifactOptions: Options = {
  dataset: { type: 'string' },
  seed: { type: 'string' },
  profile: { type: 'string' },
  out: { type: 'string' },
  build: { type: 'boolean' },
};

/**
 * Reads the artifact named by the arguments (a directory or a `forge pack`
 * archive) and checks the checksums of the files `verify` selects (all by
 * default) before anything else.
 */
export async function artifactFromArgs(args: ParsedArgs, io: IO, verify: (path: string) => boolean = () => true): Promise<Artifact> {
  let dir = args.positionals[0];
  if (args.positionals.length > 1) throw new ForgeError('USAGE', `expected one artifact directory, got ${args.positionals.length}`, 'forge load <artifact-dir>');
  if (dir && isArchivePath(resolve(io.cwd, dir))) {
    const u = await unpackArtifact(resolve(io.cwd, dir));
    atExit(u.cleanup); // the temp dir goes when the command ends
    return u.artifact;
  }
  if (!dir) {
    // The generators (and faker) load only on this path: naming a directory or an archive does not need them.
    const { DEFAULT_DATASET, DEFAULT_OUT, DEFAULT_SEED, datasetNamed } = await import('./datasets.ts');
    const dataset = datasetNamed(str(args, 'dataset') ?? DEFAULT_DATASET);
    const seed = integer(args, 'seed', DEFAULT_SEED);
    const profile = str(args, 'profile') ?? dataset.defaultProfile;
    const outRoot = resolve(io.cwd, str(args, 'out') ?? DEFAULT_OUT);
    dir = artifactDir(outRoot, dataset.name, dataset.version, seed, profile);
    if (!existsSync(join(dir, 'manifest.json')) && flag(args, 'build')) {
      io.err(`building ${dataset.name} seed ${seed} profile ${profile} first`);
      const { build } = await import('../artifact/build.ts');
      await build({ dataset, seed, profile, outRoot });
    }
  }
  const artifact = readArtifact(resolve(io.cwd, dir));
  await verifyChecksums(artifact, verify);
  return artifact;
}
