import { deleteScope, type Scope } from '../../load/delete.ts';
import { guardProduction } from '../../load/guard.ts';
import { resolveTarget } from '../../load/local-db.ts';
import { maskUrl } from '../../load/url.ts';
import { ForgeError } from '../../errors.ts';
import { flag, str } from '../args.ts';
import type { Command } from '../command.ts';

export const deleteCommand: Command = {
  name: 'delete',
  summary: 'delete loaded fixture data by scope (all, facts, dimensions) or one tenant',
  usage: 'forge delete --scope all|facts|dimensions [--tenant ID] [--dataset NAME] [--db URL] [--schema public] [--dry-run] [--confirm] [--allow-production]',
  options: {
    scope: { type: 'string' },
    tenant: { type: 'string' },
    dataset: { type: 'string' },
    db: { type: 'string' },
    schema: { type: 'string' },
    'dry-run': { type: 'boolean' },
    confirm: { type: 'boolean' },
    'allow-production': { type: 'boolean' },
  },
  async run(args, io) {
    const scope = str(args, 'scope') ?? 'all';
    if (!['all', 'facts', 'dimensions'].includes(scope)) throw new ForgeError('USAGE', `--scope takes all, facts or dimensions, got "${scope}"`);
    const db = str(args, 'db');
    if (db ?? io.env.DATABASE_URL) guardProduction((db ?? io.env.DATABASE_URL)!, io.env, flag(args, 'allow-production'));
    const { url } = await resolveTarget(db, io.env);
    const schema = str(args, 'schema') ?? 'public';
    const dryRun = flag(args, 'dry-run');
    const { plan } = await deleteScope({ url, schema, scope: scope as Scope, tenant: str(args, 'tenant'), dataset: str(args, 'dataset'), dryRun, confirm: flag(args, 'confirm') });
    io.out(dryRun ? `dry run: nothing was changed. Plan for ${maskUrl(url)}:` : `done on ${maskUrl(url)}:`);
    for (const s of plan) io.out(`  ${s}`);
    return 0;
  },
};
