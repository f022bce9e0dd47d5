import { resolve } from 'node:path';
import { merge } from '../../artifact/merge.ts';
import { defineCommand } from '../command.ts';
import { outDir, outOption } from '../out-dir.ts';
import { progressReporter } from '../progress.ts';

export const mergeCommand = defineCommand({
  name: 'merge',
  summary: 'combine the shards of a build (forge build --shard i/N) into the whole artifact',
  positionals: '<shard-dir> ...',
  options: { out: outOption, quiet: { type: 'boolean', description: 'print only the artifact directory' } },
  async run(args, io) {
    const progress = args.values.quiet ? undefined : progressReporter(io);
    const { dir, manifest } = await merge(
      args.positionals.map((p) => resolve(io.cwd, p)),
      outDir(args.values.out, io.cwd),
      progress?.update,
    );
    if (!args.values.quiet) io.err(`merged ${args.positionals.length} shards: ${manifest.tables.reduce((n, t) => n + t.rows, 0)} rows`);
    io.out(dir);
    return 0;
  },
});
