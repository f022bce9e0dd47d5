import { resolve } from 'node:path';
import { declarations } from '../../artifact/dts.ts';
import { writeFileAtomic } from '../../write-error.ts';
import { str } from '../args.ts';
import { artifactFromArgs, artifactOptions } from '../artifact-arg.ts';
import type { Command } from '../command.ts';

export const typesCommand: Command = {
  name: 'types',
  summary: "TypeScript row types from an artifact's manifest, for loadFixture<Tables>() in tests",
  usage: 'forge types [<artifact-dir> | <artifact.tar.gz> | --dataset retail --seed 42 --profile tiny [--build]] [--output retail.d.ts]',
  options: { ...artifactOptions, output: { type: 'string' } },
  positionals: true,
  async run(args, io) {
    const artifact = await artifactFromArgs(args, io);
    const text = declarations(artifact.manifest);
    const output = str(args, 'output');
    if (output === undefined) {
      io.out(text.trimEnd());
      return 0;
    }
    const path = resolve(io.cwd, output);
    writeFileAtomic(path, text, 'choose another path with --output');
    io.out(path);
    return 0;
  },
};
