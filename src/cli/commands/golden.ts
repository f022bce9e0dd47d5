import { join } from 'node:path';
import { projectRoot } from '../../artifact/versions.ts';
import { datasets } from '../../../generators/index.ts';
import { assertNoProblems, goldenCheck, goldenTargets, goldenUpdate } from '../../golden/golden.ts';
import { ForgeError } from '../../errors.ts';
import { str } from '../args.ts';
import type { Command } from '../command.ts';

export const goldenCommand: Command = {
  name: 'golden',
  summary: 'golden datasets in fixtures/: check that generators still build them byte for byte, or update them',
  usage: 'forge golden check|update [--root fixtures]',
  options: { root: { type: 'string' } },
  positionals: true,
  async run(args, io) {
    const root = str(args, 'root') ?? join(projectRoot(), 'fixtures');
    const targets = goldenTargets(Object.values(datasets));
    switch (args.positionals[0]) {
      case 'update':
        for (const dir of await goldenUpdate(root, targets)) io.out(dir);
        return 0;
      case 'check':
        assertNoProblems(await goldenCheck(root, targets), io.err);
        io.out(`ok: ${targets.length} golden dataset(s) build byte for byte`);
        return 0;
      default:
        throw new ForgeError('USAGE', 'forge golden needs check or update', 'forge golden check|update');
    }
  },
};
