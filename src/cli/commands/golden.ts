import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { datasets } from '../../../generators/index.ts';
import { assertNoProblems, goldenCheck, goldenTargets, goldenUpdate } from '../../golden/golden.ts';
import { ForgeError } from '../../errors.ts';
import { projectDir } from '../../project.ts';
import { defineCommand } from '../command.ts';

export const goldenCommand = defineCommand({
  name: 'golden',
  summary: 'golden datasets in fixtures/: check that generators still build them byte for byte, or update them',
  positionals: 'check|update',
  forms: ['update refuses to rewrite a version whose goldens differ (bump the dataset version first); --force says the committed goldens were wrong'],
  options: {
    root: { type: 'string', description: 'the goldens folder', value: 'DIR', defaultText: 'fixtures/ of the project' },
    force: { type: 'boolean', description: 'update: rewrite goldens that differ within a version (they were wrong)' },
  },
  async run(args, io) {
    const project = projectDir(io.cwd);
    const root = args.values.root ?? join(project, 'fixtures');
    const targets = goldenTargets(Object.values(datasets));
    switch (args.positionals[0]) {
      case 'update': {
        const written = await goldenUpdate(root, targets, { force: args.values.force, print: io.err });
        for (const dir of written) io.out(dir);
        // Row types generated from a golden's manifest (forge types) name its version: they go stale with it.
        for (const dir of written) {
          const name = relative(root, dir).split(/[\\/]/)[0];
          const dts = join(project, 'examples', 'types', `${name}.d.ts`);
          const output = existsSync(dts) ? relative(io.cwd, dts) : `<your ${name}.d.ts>`;
          io.err(`regenerate what is generated from it too: forge types ${relative(io.cwd, dir)} --output ${output}`);
        }
        return 0;
      }
      case 'check':
        assertNoProblems(await goldenCheck(root, targets), io.err);
        io.out(`ok: ${targets.length} golden dataset(s) build byte for byte`);
        return 0;
      default:
        throw new ForgeError('USAGE', 'forge golden needs check or update', 'forge golden check|update [--force]');
    }
  },
});
