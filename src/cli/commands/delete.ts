import { deleteScope, type Scope } from '../../load/delete.ts';
import { maskUrl } from '../../load/url.ts';
import { ForgeError } from '../../errors.ts';
import { flag, str } from '../args.ts';
import type { Command } from '../command.ts';
import { targetOptions, writableTarget } from '../target.ts';

export const deleteCommand: Command = {
  name: 'delete',
  summary: 'delete loaded fixture data by scope (all, facts, dimensions) or one tenant',
  usage:
    'forge delete --scope all|facts|dimensions [--tenant ID] [--dataset NAME] [--db URL] [--schema public] [--dry-run] [--confirm] [--drop-dependents] [--allow-production]',
  options: {
    scope: { type: 'string' },
    tenant: { type: 'string' },
    dataset: { type: 'string' },
    ...targetOptions,
    schema: { type: 'string' },
    'dry-run': { type: 'boolean' },
    confirm: { type: 'boolean' },
    'drop-dependents': { type: 'boolean' },
  },
  async run(args, io) {
    const scope = str(args, 'scope') ?? 'all';
    if (!['all', 'facts', 'dimensions'].includes(scope)) throw new ForgeError('USAGE', `--scope takes all, facts or dimensions, got "${scope}"`);
    const { url } = await writableTarget(args, io);
    const schema = str(args, 'schema') ?? 'public';
    const dryRun = flag(args, 'dry-run');
    const { plan, dependents } = await deleteScope({
      url,
      schema,
      scope: scope as Scope,
      tenant: str(args, 'tenant'),
      dataset: str(args, 'dataset'),
      dryRun,
      confirm: flag(args, 'confirm'),
      dropDependents: flag(args, 'drop-dependents'),
    });
    io.out(dryRun ? `dry run: nothing was changed. Plan for ${maskUrl(url)}:` : `done on ${maskUrl(url)}:`);
    for (const s of plan) io.out(`  ${s}`);
    if (dependents.length) io.err(`dropped ${dependents.length} object(s) that depended on the fixture's tables (--drop-dependents): ${dependents.join('; ')}`);
    return 0;
  },
};
