import { localClusterDir, localDbStatus, resolveTarget, startLocalDb } from '../../load/local-db.ts';
import { ensurePersistentCluster, pgServerVersion } from '../../pg/server.ts';
import { ForgeError } from '../../errors.ts';
import { flag, str } from '../args.ts';
import { artifactFromArgs, artifactOptions } from '../artifact-arg.ts';
import type { Command } from '../command.ts';

export const dbCommand: Command = {
  name: 'db',
  summary: 'the local Postgres that forge runs when no --db is given: start, stop, status, url, fresh',
  usage:
    'forge db start|stop|status|url\n' +
    'forge db fresh [--from <artifact-dir|archive> | --dataset retail --seed 42 --profile local [--build]] [--db URL] [--allow-production]\n' +
    '    a new database holding the artifact, copied from a template database (made once per artifact); prints its URL.\n' +
    '    It is dropped by the next fresh call once the process that ran forge has ended, or by forge db clean.\n' +
    'forge db clean [--db URL] [--allow-production]   drop every fresh and template database forge made there',
  options: { ...artifactOptions, from: { type: 'string' }, db: { type: 'string' }, 'allow-production': { type: 'boolean' } },
  positionals: true,
  async run(args, io) {
    const action = args.positionals[0];
    switch (action) {
      case 'start': {
        const { url } = await startLocalDb(io.env);
        io.out(url);
        io.err(`local PostgreSQL ${pgServerVersion()} running (data in ${localClusterDir(io.env)})`);
        return 0;
      }
      case 'stop': {
        const s = await localDbStatus(io.env);
        if (s.running) await (await ensurePersistentCluster(localClusterDir(io.env))).stop();
        io.err(s.running ? 'local PostgreSQL stopped' : 'local PostgreSQL was not running');
        return 0;
      }
      case 'status': {
        const s = await localDbStatus(io.env);
        io.out(s.running ? `running: ${s.url}` : 'stopped');
        return s.running ? 0 : 3;
      }
      case 'url': {
        const { url } = await startLocalDb(io.env);
        io.out(url);
        return 0;
      }
      case 'fresh': {
        const from = str(args, 'from');
        const server = await guardedServer(args, io);
        const artifact = await artifactFromArgs({ values: args.values, positionals: from ? [from] : [] }, io);
        const { freshDatabase } = await import('../../load/fresh.ts');
        // Owned by the process that ran forge (a shell, a test runner): forge itself ends now.
        const db = await freshDatabase({ server, artifact, env: io.env, allowProduction: flag(args, 'allow-production'), owner: process.ppid });
        io.out(db.url);
        return 0;
      }
      case 'clean': {
        const server = await guardedServer(args, io);
        const { withClient } = await import('../../load/connect.ts');
        const { dropAllFresh } = await import('../../load/fresh-db.ts');
        const dropped = await withClient(server, dropAllFresh);
        io.err(dropped.length ? `dropped ${dropped.length} database(s): ${dropped.join(', ')}` : 'no fresh or template databases to drop');
        return 0;
      }
      default:
        throw new ForgeError('USAGE', action ? `unknown db action "${action}"` : 'forge db needs an action', 'forge db start|stop|status|url|fresh|clean');
    }
  },
};

/** --db or DATABASE_URL (refused when remote or production-like), else the local cluster. */
async function guardedServer(args: Parameters<Command['run']>[0], io: Parameters<Command['run']>[1]): Promise<string> {
  const given = str(args, 'db') ?? io.env.DATABASE_URL;
  if (given) {
    const { guardProduction } = await import('../../load/guard.ts');
    guardProduction(given, io.env, flag(args, 'allow-production'));
  }
  return (await resolveTarget(given, io.env)).url;
}
