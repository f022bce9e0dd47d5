/** Which artifact a command works on: a directory, or dataset + seed + profile [+ scenario, config, --set]. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readArtifact, verifyChecksums, type Artifact } from '../artifact/read.ts';
import { ForgeError } from '../errors.ts';
import { atExit } from './cleanup.ts';
import type { IO } from './command.ts';
import { configOptions } from './config-options.ts';
import { type Args, optionGroup } from './options.ts';
import { outDir, outOption } from './out-dir.ts';

/** Without an artifact argument, the artifact is the one these choices build (configOptions), looked for under --out. */
export const artifactOptions = {
  ...configOptions,
  ...optionGroup('the artifact, when none is given as an argument', {
    out: outOption,
    build: { type: 'boolean', description: 'build the artifact first if it is not there' },
    'allow-large': { type: 'boolean', description: 'with --build: allow a build beyond the size budget (README: Safety)' },
    'manifest-sha256': {
      type: 'string',
      description: "refuse any other artifact: its manifest's sha256 (what forge status and verify print) must be this",
      value: 'HEX',
    },
  }),
};

function checkPin({ values }: Args<typeof artifactOptions>, artifact: Artifact): Artifact {
  const pin = values['manifest-sha256'];
  if (pin !== undefined && pin.trim().toLowerCase() !== artifact.manifestSha256) {
    throw new ForgeError(
      'CHECKSUM_MISMATCH',
      `the artifact's manifest sha256 is ${artifact.manifestSha256}, not the pinned ${pin.trim()}`,
      'this is another artifact (or an edited one); nothing was changed',
    );
  }
  return artifact;
}

/**
 * Reads the artifact named by the arguments (a directory or a `forge pack`
 * archive) and checks the checksums of the files `verify` selects (all by
 * default) before anything else.
 */
export async function artifactFromArgs(args: Args<typeof artifactOptions>, io: IO, verify: (path: string) => boolean = () => true): Promise<Artifact> {
  let dir = args.positionals[0];
  if (args.positionals.length > 1)
    throw new ForgeError('USAGE', `expected one artifact directory, got ${args.positionals.length}`, 'forge load <artifact-dir>');
  // A pre-built artifact directory needs none of the modules below (the generators, the config files' parser, tar): imported when used.
  const unpack = dir && /\.(tar\.gz|tgz)$/.test(dir) ? await import('../artifact/unpack.ts') : undefined;
  if (dir && unpack?.isArchivePath(resolve(io.cwd, dir))) {
    const u = await unpack.unpackArtifact(resolve(io.cwd, dir));
    atExit(u.cleanup); // the temp dir goes when the command ends
    return checkPin(args, u.artifact);
  }
  if (!dir) {
    const [{ configFromArgs }, { artifactDir }] = await Promise.all([import('./config-args.ts'), import('../artifact/paths.ts')]);
    const { dataset, seed, profile, scenario, overrides, dirty } = configFromArgs(args, io);
    const outRoot = outDir(args.values.out, io.cwd);
    // A dirty choice (--dirty, --dirty-rate, a config file's dirty: section) names the dirty variant.
    dir = dirty
      ? (await import('../dirty/build.ts')).dirtyDir(
          outRoot,
          { dataset: { name: dataset.name, version: dataset.version }, seed, profile, scenario },
          overrides,
          dirty.rates,
        )
      : artifactDir(outRoot, dataset.name, dataset.version, seed, profile, overrides, scenario);
    if (!existsSync(join(dir, 'manifest.json')) && args.values.build) {
      io.err(`building ${dataset.name} seed ${seed} profile ${profile}${scenario ? ` scenario ${scenario}` : ''}${dirty ? ' (dirty)' : ''} first`);
      const allowLarge = args.values['allow-large'];
      if (dirty) await (await import('./dirty-args.ts')).dirtyBuild({ dataset, seed, profile, scenario, overrides, outRoot, rates: dirty.rates, allowLarge });
      else await (await import('../artifact/build.ts')).build({ dataset, seed, profile, scenario, overrides, outRoot, allowLarge });
    }
  }
  const artifact = checkPin(args, readArtifact(resolve(io.cwd, dir)));
  await verifyChecksums(artifact, verify);
  return artifact;
}
