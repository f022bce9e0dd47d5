/**
 * `forge db psql` (`make psql`): psql on the target without its URL on any
 * command line, where `ps` shows it to every user of the machine. The URL
 * is read by pg's own parser, as every connection forge makes, and handed to
 * psql as PG* variables in psql's environment only (readable by its own
 * user); the password goes in PGPASSWORD there, never in argv.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { join } from 'node:path';
import { ForgeError } from '../errors.ts';
import { findPgBin } from '../pg/server.ts';
import { libpqParams } from './url.ts';

/** Parameters of the URL that libpq reads from the environment, by its variable names. */
const VARIABLES: Record<string, string> = {
  host: 'PGHOST',
  port: 'PGPORT',
  user: 'PGUSER',
  database: 'PGDATABASE',
  password: 'PGPASSWORD',
  sslmode: 'PGSSLMODE',
  sslcert: 'PGSSLCERT',
  sslkey: 'PGSSLKEY',
  sslrootcert: 'PGSSLROOTCERT',
  application_name: 'PGAPPNAME',
  options: 'PGOPTIONS',
  connect_timeout: 'PGCONNECT_TIMEOUT',
};

/** The environment psql gets: `env` without DATABASE_URL, plus the URL's parameters as PG* variables. */
export function psqlEnv(url: string, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const params = libpqParams(url, env);
  const out: NodeJS.ProcessEnv = { ...env };
  delete out.DATABASE_URL;
  for (const [key, name] of Object.entries(VARIABLES)) if (params[key] !== undefined && params[key] !== '') out[name] = String(params[key]);
  return out;
}

/** Runs psql (interactive or with `args`) on the target; its exit code is the command's. */
export async function runPsql(url: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const child = spawn(join(findPgBin(), 'psql'), args, { stdio: 'inherit', env: psqlEnv(url, env) });
  // Ctrl-C belongs to psql (it cancels a query); forge only waits for it to end.
  const ignore = () => {};
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, ignore);
  try {
    return await new Promise<number>((resolve, reject) => {
      child.on('error', (e) =>
        reject(
          new ForgeError(
            'PG_NOT_INSTALLED',
            `cannot run psql: ${(e as NodeJS.ErrnoException).code ?? e.message}`,
            'install the PostgreSQL client (make setup)',
          ),
        ),
      );
      child.on('close', (code, signal) => resolve(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0)));
    });
  } finally {
    for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.off(s, ignore);
  }
}
