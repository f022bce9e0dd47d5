import { resolve } from 'node:path';
import { defaultPackPath, pack } from '../../artifact/pack.ts';
import { isArchivePath } from '../../artifact/unpack.ts';
import { ForgeError } from '../../errors.ts';
import { artifactFromArgs, artifactOptions } from '../artifact-arg.ts';
import { defineCommand } from '../command.ts';

export const packCommand = defineCommand({
  name: 'pack',
  summary: 'pack an artifact into one reproducible .tar.gz (same bytes on every run) that load and verify accept',
  positionals: '[<artifact-dir>]',
  forms: ['forge pack --dataset retail --seed 42 --profile local [--build] [options]   (the artifact these choices build)'],
  options: {
    output: { type: 'string', description: 'the archive to write', value: 'FILE.tar.gz', defaultText: 'the artifact directory + .tar.gz' },
    ...artifactOptions,
  },
  async run(args, io) {
    const given = args.positionals[0];
    if (given !== undefined && isArchivePath(resolve(io.cwd, given)))
      throw new ForgeError('USAGE', `${given} is already a packed artifact`, 'forge pack takes an artifact directory');
    const artifact = await artifactFromArgs(args, io);
    const output = resolve(io.cwd, args.values.output ?? defaultPackPath(artifact.dir));
    const r = await pack(artifact.dir, output);
    io.err(`packed ${r.files} files, ${r.bytes} bytes`);
    io.out(r.path);
    return 0;
  },
});
