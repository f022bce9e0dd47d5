/**
 * The production guard: forge refuses a target that is not on this machine,
 * or whose URL or environment looks like production, unless told
 * `--allow-production`. Fixtures belong in development and test databases.
 */
import { ForgeError } from '../errors.ts';
import { maskUrl, urlParts } from './url.ts';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);
const PRODUCTION_WORDS = /(^|[^a-z])(prod|production|live|primary)([^a-z]|$)/i;

export function productionReason(url: string, env: NodeJS.ProcessEnv): string | undefined {
  const { host, database } = urlParts(url);
  const local = LOCAL_HOSTS.has(host) || host.startsWith('127.') || host.startsWith('/');
  if (!local) return `its host ${host} is not this machine`;
  if (PRODUCTION_WORDS.test(database) || PRODUCTION_WORDS.test(host)) return `its name looks like production`;
  for (const key of ['APP_ENV', 'NODE_ENV', 'FORGE_ENV']) if (/^prod(uction)?$/i.test(env[key] ?? '')) return `${key}=${env[key]}`;
  return undefined;
}

export function guardProduction(url: string, env: NodeJS.ProcessEnv, allow: boolean): void {
  const reason = productionReason(url, env);
  if (reason && !allow) {
    throw new ForgeError('PRODUCTION_GUARD', `refusing to write to ${maskUrl(url)}: ${reason}`, 'if this really is a disposable database, add --allow-production');
  }
}
