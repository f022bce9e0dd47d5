/**
 * API keys per tenant, from a JSON file ({"TENANT_ID": "key", "*": "key"})
 * or the environment (FORGE_PUSH_KEY_<TENANT>, then FORGE_PUSH_KEY). Keys
 * are secrets: they go into request headers and nowhere else; reports name
 * only where a key came from.
 */
import { readFileSync } from 'node:fs';
import { ForgeError } from '../errors.ts';

export interface KeySource {
  key: string;
  /** "env FORGE_PUSH_KEY_X" or "keys.json": never the key itself. */
  from: string;
}

export const envNameFor = (tenant: string): string => `FORGE_PUSH_KEY_${tenant.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;

export function readKeyFile(path: string): Record<string, string> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code ?? 'not JSON';
    throw new ForgeError('BAD_CONFIG', `cannot read API keys from ${path}: ${why}`, 'a JSON object {"TENANT_ID": "key"}, "*" for every tenant');
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw) || Object.values(raw).some((v) => typeof v !== 'string')) {
    throw new ForgeError('BAD_CONFIG', `API key file ${path} is not an object of strings`, 'a JSON object {"TENANT_ID": "key"}, "*" for every tenant');
  }
  return raw as Record<string, string>;
}

export function keyResolver(file: { path: string; keys: Record<string, string> } | undefined, env: NodeJS.ProcessEnv) {
  const cache = new Map<string, KeySource | undefined>();
  return (tenant: string | undefined): KeySource | undefined => {
    const id = tenant ?? '*';
    if (cache.has(id)) return cache.get(id);
    let found: KeySource | undefined;
    if (tenant && file && Object.hasOwn(file.keys, tenant)) found = { key: file.keys[tenant], from: file.path };
    else if (tenant && env[envNameFor(tenant)]) found = { key: env[envNameFor(tenant)]!, from: `env ${envNameFor(tenant)}` };
    else if (file && Object.hasOwn(file.keys, '*')) found = { key: file.keys['*'], from: `${file.path} "*"` };
    else if (env.FORGE_PUSH_KEY) found = { key: env.FORGE_PUSH_KEY, from: 'env FORGE_PUSH_KEY' };
    cache.set(id, found);
    return found;
  };
}
