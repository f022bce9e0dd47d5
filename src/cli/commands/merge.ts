import { resolve } from 'node:path';
import { merge } from '../../artifact/merge.ts';
import { flag } from '../args.ts';
import { outDir } from '../args.ts';
import type { Command } from '../command.ts';
import { DEFAULT_OUT } from '../datasets.ts';
import { progressReporter } from '../progress.ts';

export const mergeCommand: Command = {
  name: 'merge',
  summary: 'combine the shards of a build (forge build --shard i/N) into the whole artifact',
  usage: 'forge merge <shard-dir> ... [--out dist-fixtures] [--quiet]',
  options: { out: { type: 'string' }, quiet: { type: 'boolean' } },
  positionals: true,
  async run(args, io) {
    const progress = flag(args, 'quiet') ? undefined : progressReporter(io);
    const { dir, manifest } = await merge(
      args.positionals.map((p) => resolve(io.cwd, p)),
      outDir(args, io.cwd, DEFAULT_OUT),
      progress?.update,
    );
    if (!flag(args, 'quiet')) io.err(`merged ${args.positionals.length} shards: ${manifest.tables.reduce((n, t) => n + t.rows, 0)} rows`);
    io.out(dir);
    return 0;
  },
};
