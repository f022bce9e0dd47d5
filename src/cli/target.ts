/**
 * The database a command writes to: --db, else DATABASE_URL, else the local
 * cluster; always through the production guard (src/load/guard.ts), which
 * judges the connection pg will really make. Every destructive command
 * (load, delete, and any new one) gets its target here.
 */
import { ForgeError } from '../errors.ts';
import { guardTarget, productionEnv } from '../load/guard.ts';
import { resolveTarget } from '../load/local-db.ts';
import type { IO } from './command.ts';
import { type Args, optionGroup } from './options.ts';

export const targetOptions = optionGroup('the database', {
  db: { type: 'string', description: 'the database to write to', value: 'URL', defaultText: 'DATABASE_URL, else the local Postgres' },
  'allow-production': { type: 'boolean', description: 'write even where the production guard refuses (README: Safety)' },
});

/** keepConnection: the command connects to the target next; it takes the guard's checked connection instead of opening another. */
export async function writableTarget(
  { values }: Args<typeof targetOptions>,
  io: IO,
  opts: { keepConnection?: boolean } = {},
): Promise<{ url: string; local: boolean }> {
  const allow = values['allow-production'];
  // The environment is judged before anything starts, the local cluster included.
  const byEnv = productionEnv(io.env);
  if (byEnv && !allow) {
    throw new ForgeError(
      'PRODUCTION_GUARD',
      `refusing to write to any database: the environment says production (${byEnv})`,
      'if this really is a disposable database, add --allow-production',
    );
  }
  const target = await resolveTarget(values.db, io.env);
  await guardTarget(target.url, io.env, allow, opts.keepConnection);
  return target;
}
