/**
 * The production guard: forge refuses to write to a target that is not on
 * this machine, whose host or database name looks like production, or when
 * the environment says production, unless told `--allow-production`.
 * Fixtures belong in development and test databases.
 *
 * It judges the connection the driver will really make (effectiveTarget:
 * pg's own parser and environment defaults), then, once connected, what the
 * server says it is (inet_server_addr(), current_database()).
 */
import { isIP } from 'node:net';
import { ForgeError } from '../errors.ts';
import { connect, dbError, disconnect, park } from './connect.ts';
import { describeTarget, effectiveTarget, type EffectiveTarget } from './url.ts';

// A name part that starts like production: prod, production, proddb, prod2,
// live, liveapp, primary; not "products" or "delivery".
const PRODUCTION_WORDS = /(^|[^a-z])(prod(?!uct(?!ion))|live|primary)/i;
const ENV_KEYS = ['APP_ENV', 'NODE_ENV', 'FORGE_ENV'] as const;

/** A host is this machine only when it is a Unix socket path, `localhost`, or an IP address in the loopback range. */
export function isLocalHost(host: string): boolean {
  if (host.startsWith('/')) return true;
  const h = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (h === 'localhost') return true;
  return isLoopbackIp(h);
}

export function isLoopbackIp(ip: string): boolean {
  const kind = isIP(ip);
  if (kind === 4) return ip.split('.')[0] === '127';
  if (kind === 6) {
    const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
    if (v4) return isLoopbackIp(v4[1]);
    return /^(0{0,4}:){2,7}0{0,3}1$/.test(ip) || ip === '::1';
  }
  return false;
}

/** APP_ENV / NODE_ENV / FORGE_ENV saying production (trimmed, any case), e.g. `APP_ENV=production`. */
export function productionEnv(env: NodeJS.ProcessEnv): string | undefined {
  for (const key of ENV_KEYS) {
    const v = env[key];
    if (v !== undefined && /^prod(uction)?$/i.test(v.trim())) return `${key}=${v.trim()}`;
  }
  return undefined;
}

export function productionReason(t: EffectiveTarget, env: NodeJS.ProcessEnv): string | undefined {
  const byEnv = productionEnv(env);
  if (byEnv) return `the environment says production (${byEnv})`;
  if (!isLocalHost(t.host)) return `its host ${t.host} is not this machine`;
  if (PRODUCTION_WORDS.test(t.database)) return `its database name ${t.database} looks like production`;
  if (!t.host.startsWith('/') && PRODUCTION_WORDS.test(t.host)) return `its host name ${t.host} looks like production`;
  return undefined;
}

function refuse(what: string, reason: string): ForgeError {
  return new ForgeError('PRODUCTION_GUARD', `refusing to write to ${what}: ${reason}`, 'if this really is a disposable database, add --allow-production');
}

/**
 * Every destructive command calls this before it writes: the environment,
 * then the effective target, then (connected) the server's own address and
 * database name. Throws a PRODUCTION_GUARD ForgeError unless allowed.
 * With `keep`, the checked connection is parked for the command's next
 * connect() to the same url (connect.ts) instead of closed.
 */
export async function guardTarget(url: string, env: NodeJS.ProcessEnv, allow: boolean, keep = false): Promise<EffectiveTarget> {
  const target = effectiveTarget(url, env);
  if (allow) return target;
  const reason = productionReason(target, env);
  if (reason) throw refuse(describeTarget(target), reason);
  const client = await connect(url);
  try {
    const r = await client.query('SELECT host(inet_server_addr()) AS addr, current_database() AS db');
    const { addr, db } = r.rows[0] as { addr: string | null; db: string };
    // NULL: a Unix-socket connection, which is this machine.
    if (addr !== null && !isLoopbackIp(addr)) throw refuse(describeTarget(target), `the server says its address is ${addr}, which is not this machine`);
    if (PRODUCTION_WORDS.test(db)) throw refuse(describeTarget(target), `the server says its database is ${db}, which looks like production`);
  } catch (e) {
    await client.end().catch(() => {});
    throw dbError(e, url);
  }
  // keep: the command connects to this url next, and takes this checked connection (connect.ts).
  if (keep) park(url, client);
  else await disconnect(client);
  return target;
}
