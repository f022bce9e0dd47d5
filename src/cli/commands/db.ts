import { localClusterDir, localDbStatus, resolveTarget, runningLocalDbUrl, startLocalDb } from '../../load/local-db.ts';
import { ensurePersistentCluster, pgServerVersion } from '../../pg/server.ts';
import { ForgeError } from '../../errors.ts';
import { artifactFromArgs, artifactOptions } from '../artifact-arg.ts';
import { defineCommand } from '../command.ts';
import { targetOptions, writableTarget } from '../target.ts';

export const dbCommand = defineCommand({
  name: 'db',
  summary: 'the local Postgres that forge runs when no --db is given: start (prints its url), stop, status, url (of a running one); fresh databases for tests',
  positionals: 'start|stop|status|url|psql|fresh|clean',
  forms: [
    'forge db start|stop|status|url',
    'forge db psql [-- psql arguments]   psql on DATABASE_URL (or --db, or the local Postgres), the URL passed in PG* variables, never on a command line',
    'forge db fresh [--from <artifact-dir|archive> | --dataset retail --seed 42 --profile local [--build]] [--db URL] [--allow-production]',
    '    a new database holding the artifact, copied from a template database (loaded once per artifact); prints its URL.',
    '    It is dropped by the next fresh call once the process that ran forge has ended, or by forge db clean.',
    'forge db clean [--db URL] [--allow-production]   drops every fresh and template database forge made there',
  ],
  options: {
    from: { type: 'string', description: 'fresh: the artifact (a directory or a forge pack archive)', value: 'DIR|ARCHIVE' },
    ...targetOptions,
    ...artifactOptions,
  },
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
      case 'psql': {
        // DATABASE_URL (or --db), else the local cluster, started if needed; the URL goes to psql in its environment, never its argv.
        const { runPsql } = await import('../../load/psql.ts');
        const { url } = await resolveTarget(args.values.db, io.env);
        return runPsql(url, args.positionals.slice(1), io.env);
      }
      case 'url':
        // Only reports: starting a server is forge db start's job.
        io.out(await runningLocalDbUrl(io.env));
        return 0;
      case 'fresh': {
        // Guarded like every destructive command: on this machine's servers only.
        const { url: server } = await writableTarget(args, io);
        const from = args.values.from;
        const artifact = await artifactFromArgs({ values: args.values, positionals: from ? [from] : [] }, io);
        const { freshDatabase } = await import('../../load/fresh.ts');
        // Owned by the process that ran forge (a shell, a test runner): forge itself ends now.
        const db = await freshDatabase({ server, artifact, owner: process.ppid, spares: 0 });
        io.out(db.url);
        return 0;
      }
      case 'clean': {
        const { url: server } = await writableTarget(args, io);
        const { withClient } = await import('../../load/connect.ts');
        const { dropAllFresh } = await import('../../load/fresh-db.ts');
        const dropped = await withClient(server, dropAllFresh);
        io.err(dropped.length ? `dropped ${dropped.length} database(s): ${dropped.join(', ')}` : 'no fresh or template databases to drop');
        return 0;
      }
      default:
        throw new ForgeError('USAGE', action ? `unknown db action "${action}"` : 'forge db needs an action', 'forge db start|stop|status|url|psql|fresh|clean');
    }
  },
});
