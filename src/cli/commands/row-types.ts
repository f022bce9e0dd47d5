import { resolve } from 'node:path';
import { declarations } from '../../artifact/dts.ts';
import { writeFileAtomic } from '../../write-error.ts';
import { artifactFromArgs, artifactOptions } from '../artifact-arg.ts';
import { defineCommand } from '../command.ts';

export const typesCommand = defineCommand({
  name: 'types',
  summary: "TypeScript row types from an artifact's manifest, for loadFixture<Tables>() in tests",
  positionals: '[<artifact-dir> | <artifact.tar.gz>]',
  forms: ['forge types --dataset retail --seed 42 --profile tiny [--build] [--output retail.d.ts]   (the artifact these choices build)'],
  options: {
    output: { type: 'string', description: 'the .d.ts file to write', value: 'FILE', defaultText: 'stdout' },
    ...artifactOptions,
  },
  async run(args, io) {
    const artifact = await artifactFromArgs(args, io);
    const text = declarations(artifact.manifest);
    const output = args.values.output;
    if (output === undefined) {
      io.out(text.trimEnd());
      return 0;
    }
    const path = resolve(io.cwd, output);
    writeFileAtomic(path, text, 'choose another path with --output');
    io.out(path);
    return 0;
  },
});
