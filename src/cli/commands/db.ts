import { localClusterDir, localDbStatus, runningLocalDbUrl, startLocalDb } from '../../load/local-db.ts';
import { ensurePersistentCluster, pgServerVersion } from '../../pg/server.ts';
import { ForgeError } from '../../errors.ts';
import type { Command } from '../command.ts';

export const dbCommand: Command = {
  name: 'db',
  summary: 'the local Postgres that forge runs when no --db is given: start (prints its url), stop, status, url (of a running one)',
  usage: 'forge db start|stop|status|url',
  options: {},
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
      case 'url':
        // Only reports: starting a server is forge db start's job.
        io.out(await runningLocalDbUrl(io.env));
        return 0;
      default:
        throw new ForgeError('USAGE', action ? `unknown db action "${action}"` : 'forge db needs an action', 'forge db start|stop|status|url');
    }
  },
};
