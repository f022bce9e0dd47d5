/**
 * Connection URLs: the parameters the driver will really use, and masking
 * passwords for every message.
 *
 * What counts is not the URL's text but what `pg` makes of it: its own
 * parser (pg-connection-string, the last `?host=` wins) filled in from
 * PGHOST, PGPORT, PGUSER, PGDATABASE and its defaults. So the effective
 * target is computed by pg's own ConnectionParameters, the class pg.Client
 * runs on the same string, in the same process, with the same environment.
 */
// pg's own reading of a URL, compiled into the CLI bundle with the rest of the
// driver (resolving it from node_modules at run time cost ~30 ms of a guarded
// command's start). Builds do not import this file.
import ConnectionParameters from 'pg/lib/connection-parameters.js';
import { parse as parseConnectionString } from 'pg-connection-string';
import { ForgeError } from '../errors.ts';

export interface EffectiveTarget {
  host: string;
  port: number;
  database: string;
  user: string;
  /** Where each of host, port, database, user came from when not from the URL (e.g. `database from PGDATABASE`). */
  fromEnv: string[];
}

/** The URL is not one the driver can read: one line, without the URL's secrets. */
function badUrl(url: string, why: string): ForgeError {
  return new ForgeError(
    'BAD_URL',
    `the database URL ${maskUrl(url)} cannot be read: ${why}`,
    'write it as postgres://user:password@host:port/database, with characters such as / @ : # ? % in the password percent-encoded (e.g. / as %2F)',
  );
}

export function effectiveTarget(url: string, env: NodeJS.ProcessEnv = process.env): EffectiveTarget {
  let given: Record<string, unknown>;
  let p: ConnectionParameters;
  try {
    given = parseConnectionString(url);
    p = new ConnectionParameters({ connectionString: url });
  } catch (e) {
    throw badUrl(url, (e as Error).message.split('\n')[0]);
  }
  if (!Number.isInteger(p.port) || p.port <= 0 || p.port > 65535) throw badUrl(url, `port ${String(p.port)} is not a port number`);
  const fromEnv: string[] = [];
  for (const [key, name] of [
    ['host', 'PGHOST'],
    ['port', 'PGPORT'],
    ['database', 'PGDATABASE'],
    ['user', 'PGUSER'],
  ] as const) {
    if (!given[key] && env[name]) fromEnv.push(`${key} from ${name}`);
  }
  return { host: String(p.host), port: p.port, database: String(p.database ?? ''), user: String(p.user ?? ''), fromEnv };
}

/**
 * The connection pg would make, as libpq parameters (for psql): pg's own
 * reading of the URL with host, port, user and database filled in from the
 * environment as pg fills them.
 */
export function libpqParams(url: string, env: NodeJS.ProcessEnv = process.env): Record<string, unknown> {
  let given: Record<string, unknown>;
  try {
    given = parseConnectionString(url);
  } catch (e) {
    throw badUrl(url, (e as Error).message.split('\n')[0]);
  }
  const t = effectiveTarget(url, env);
  const sslmode = given.sslmode ?? (given.ssl === true ? 'require' : undefined);
  return { ...given, host: t.host, port: t.port, user: t.user, database: t.database, ...(sslmode ? { sslmode } : {}) };
}

/** `user@host:port/database` (plus where parts came from): what a message shows of a target. */
export function describeTarget(t: EffectiveTarget): string {
  return `${t.user ? `${t.user}@` : ''}${t.host}:${t.port}/${t.database}${t.fromEnv.length ? ` (${t.fromEnv.join(', ')})` : ''}`;
}

const SECRET_PARAMS = /^(password|sslpassword|sslkey|passfile)$/i;

/** The URL with every password replaced by *** (user-info and query); text that is not a URL gets the same treatment by pattern. */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    for (const key of [...u.searchParams.keys()]) if (SECRET_PARAMS.test(key)) u.searchParams.set(key, '***');
    return u
      .toString()
      .replace(/=\*\*\*/g, '=***')
      .replace(/%2A%2A%2A/g, '***');
  } catch {
    return maskText(url);
  }
}

/** Masks anything in free text that looks like a password in a connection string. */
export function maskText(text: string): string {
  return text
    .replace(/(\/\/[^/?#\s:@]*):[^\s]*@/g, '$1:***@')
    .replace(/([?&](?:password|sslpassword|sslkey|passfile)=)[^&\s#]*/gi, '$1***')
    .replace(/(\bpassword\s*=\s*)('[^']*'|\S+)/gi, '$1***');
}
