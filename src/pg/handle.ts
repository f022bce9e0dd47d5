/** What a caller holds of a running server: its address, urls, env for psql, and stop(). */
import { HOST, SUPERUSER } from './programs.ts';

export interface PgServer {
  dataDir: string;
  socketDir: string;
  port: number;
  /** Always 127.0.0.1: the servers listen on loopback only. */
  host: string;
  /** The superuser, 'postgres'. */
  user: string;
  /** postgres://postgres@127.0.0.1:PORT/DB (trust auth unless started with a password). */
  url(db?: string): string;
  /** process.env plus PGHOST, PGPORT, PGUSER, PGDATABASE (and PGPASSWORD) for psql, pg_dump, pg_restore. */
  env(db?: string): NodeJS.ProcessEnv;
  /** Creates the database and returns its url. */
  createDatabase(name: string): Promise<string>;
  /** Fast shutdown, waits until the server has exited; calling it again is a no-op. */
  stop(): Promise<void>;
}

export function serverHandle(dataDir: string, socketDir: string, port: number, password: string | undefined, stop: () => Promise<void>): PgServer {
  const auth = password === undefined ? SUPERUSER : `${SUPERUSER}:${encodeURIComponent(password)}`;
  const url = (db = 'postgres') => `postgres://${auth}@${HOST}:${port}/${encodeURIComponent(db)}`;
  return {
    dataDir,
    socketDir,
    port,
    host: HOST,
    user: SUPERUSER,
    url,
    env: (db = 'postgres') => ({
      ...process.env,
      PGHOST: HOST,
      PGPORT: String(port),
      PGUSER: SUPERUSER,
      PGDATABASE: db,
      ...(password === undefined ? {} : { PGPASSWORD: password }),
    }),
    async createDatabase(name: string) {
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    stop,
  };
}
