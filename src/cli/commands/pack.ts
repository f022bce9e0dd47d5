import { resolve } from 'node:path';
import { defaultPackPath, pack } from '../../artifact/pack.ts';
import { isArchivePath } from '../../artifact/unpack.ts';
import { ForgeError } from '../../errors.ts';
import { str } from '../args.ts';
import { artifactFromArgs, artifactOptions } from '../artifact-arg.ts';
import type { Command } from '../command.ts';

export const packCommand: Command = {
  name: 'pack',
  summary: 'pack an artifact into one reproducible .tar.gz (same bytes on every run) that load and verify accept',
  usage: 'forge pack [<artifact-dir> | --dataset retail --seed 42 --profile local [--build]] [--output <file.tar.gz>]',
  options: { ...artifactOptions, output: { type: 'string' } },
  positionals: true,
  async run(args, io) {
    const given = args.positionals[0];
    if (given !== undefined && isArchivePath(resolve(io.cwd, given)))
      throw new ForgeError('USAGE', `${given} is already a packed artifact`, 'forge pack takes an artifact directory');
    const artifact = await artifactFromArgs(args, io);
    const output = resolve(io.cwd, str(args, 'output') ?? defaultPackPath(artifact.dir));
    const r = await pack(artifact.dir, output);
    io.err(`packed ${r.files} files, ${r.bytes} bytes`);
    io.out(r.path);
    return 0;
  },
};
