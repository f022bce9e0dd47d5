/** Connecting with pg, and turning driver errors into one line a user can act on. */
import { waitForClose } from './close-policy.ts';
import type { Socket } from 'node:net';
import pg from 'pg';
import { ForgeError } from '../errors.ts';
import { effectiveTarget, maskText, maskUrl } from './url.ts';

export type Client = pg.Client;

export function dbError(e: unknown, url: string): ForgeError {
  if (e instanceof ForgeError) return e;
  const err = e as { code?: string; message?: string };
  const where = maskUrl(url);
  const database = effectiveTarget(url).database;
  switch (err.code) {
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EHOSTUNREACH':
    case 'ETIMEDOUT':
    case 'ENOENT':
      return new ForgeError(
        'DB_UNREACHABLE',
        `cannot reach the database at ${where} (${err.code})`,
        'is the server running? check --db or DATABASE_URL, or leave both unset to use the local one',
      );
    case '28P01':
    case '28000':
      return new ForgeError(
        'DB_AUTH',
        `the server refused the credentials for ${where}: ${maskText(err.message ?? '')}`,
        'check the user name and password in --db or DATABASE_URL',
      );
    case '2BP01':
      return new ForgeError(
        'DB_DEPENDENTS',
        `objects forge did not create depend on the fixture's tables: ${maskText((err.message ?? '').split('\n')[0])}${(err as { detail?: string }).detail ? ` (${(err as { detail?: string }).detail!.split('\n').join('; ')})` : ''}`,
        'nothing was changed; drop them yourself or add --drop-dependents',
      );
    case '3D000':
      return new ForgeError('DB_MISSING', `database "${database}" does not exist on ${where}`, `create it first: createdb ${database}`);
    default:
      if (/timeout/i.test(err.message ?? ''))
        return new ForgeError('DB_UNREACHABLE', `cannot reach the database at ${where}: ${maskText(err.message ?? '')}`, 'check --db or DATABASE_URL');
      return new ForgeError('DB_ERROR', `database error on ${where}: ${maskText((err.message ?? String(e)).split('\n')[0])}`, 'the target was left as it was');
  }
}

/** Every connection forge opens says which process it belongs to (signal cleanup finds them by it). */
export const APPLICATION_NAME = `fixture-forge:${process.pid}`;

/**
 * A checked connection kept for the next connect() to the same url: the
 * production guard's, so that a load starts one server backend (and its
 * round trips) less, and the connection the guard judged is the one that
 * writes. While it waits it does not keep the process alive; one never
 * taken is closed when the process has nothing else to do.
 */
let parked: { url: string; client: Client } | undefined;

/** The connection's socket (pg keeps it as connection.stream, which pg-copy-streams writes to as well). */
export const socketOf = (c: Client): Socket | undefined => (c as unknown as { connection?: { stream?: Socket } }).connection?.stream;

export function park(url: string, client: Client): void {
  void unpark()
    ?.end()
    .catch(() => {});
  parked = { url, client };
  socketOf(client)?.unref();
  process.once(
    'beforeExit',
    () =>
      void unpark()
        ?.end()
        .catch(() => {}),
  );
}

function unpark(url?: string): Client | undefined {
  if (!parked || (url !== undefined && parked.url !== url)) return undefined;
  const { client } = parked;
  parked = undefined;
  socketOf(client)?.ref();
  return client;
}

/** Sends the connection's goodbye; waits for the server's close unless the CLI said not to. */
export async function disconnect(client: Client): Promise<void> {
  const ending = client.end().catch(() => {});
  if (waitForClose()) return ending;
  // The goodbye is written at once; the socket closing no longer keeps the process alive.
  socketOf(client)?.unref();
}

export async function connect(url: string): Promise<Client> {
  const kept = unpark(url);
  if (kept) return kept;
  // A URL the driver cannot read is one clear line (BAD_URL), never "Invalid URL" from deep inside pg.
  effectiveTarget(url);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000, application_name: APPLICATION_NAME });
  // An error on an idle connection must not crash the process with a stack trace.
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query("SET TimeZone = 'UTC'");
    return client;
  } catch (e) {
    await client.end().catch(() => {});
    throw dbError(e, url);
  }
}

/** Runs fn with a connected client and always closes it; driver errors become ForgeErrors. */
export async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = await connect(url);
  try {
    return await fn(client);
  } catch (e) {
    throw dbError(e, url);
  } finally {
    await disconnect(client);
  }
}

/**
 * After a signal: end this process's connections (their transactions roll
 * back; a swap in flight leaves the target as it was) and drop its staging
 * schema, from a connection of its own.
 */
export async function abandonLoad(url: string, staging: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000, application_name: 'fixture-forge-cleanup' });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query("SET lock_timeout = '10s'");
    await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()', [APPLICATION_NAME]);
    await client.query(`DROP SCHEMA IF EXISTS "${staging.replace(/"/g, '""')}" CASCADE`);
  } catch {
    // The next load drops what is left (its loader is gone).
  } finally {
    await client.end().catch(() => {});
  }
}
