/**
 * Environment defaults. Every dataset parameter `key` is read from
 * FORGE_<KEY> (startDate → FORGE_START_DATE) and from the aliases its table
 * declares (the seed document's SEEDER_DEFAULT_STORES …); FORGE_SEED,
 * FORGE_PROFILE, FORGE_SCENARIO, FORGE_CONFIG and FORGE_DATASET choose the
 * rest. Values are read as YAML scalars or flow collections, as --set's are
 * (a list: FORGE_<KEY>='[a, b]'). A FORGE_* or SEEDER_* name that means
 * nothing here is an error naming the closest one that does.
 */
import { ForgeError } from '../errors.ts';
import { checkValue, unknownKey } from './check.ts';
import { envName, type ParamTable, type ParamValue } from './params.ts';
import { parseValue } from './value.ts';
import { CHOICE_ENV, first } from './choice-env.ts';

export { CHOICE_ENV, first };

/** FORGE_* variables the tool itself reads (not parameters). A test keeps this list complete. */
export const TOOL_ENV = [
  'FORGE_ARTIFACT',
  'FORGE_ARTIFACT_DIR',
  'FORGE_DEBUG',
  'FORGE_ENV',
  'FORGE_MAIN',
  'FORGE_PG_DIR',
  'FORGE_TSX',
  'FORGE_PUSH_KEY',
  'FORGE_KEEP',
  'FORGE_MANIFEST',
  'FORGE_DB_SERVER',
  'FORGE_KEEP_TEST_DIRS',
];
/** Families of tool variables: FORGE_PUSH_KEY_<TENANT> (forge push's per-tenant API keys). */
export const TOOL_ENV_PREFIXES = ['FORGE_PUSH_KEY_'];

export function isToolEnv(name: string): boolean {
  return TOOL_ENV.includes(name) || TOOL_ENV_PREFIXES.some((p) => name.startsWith(p));
}

/**
 * The seed document's other SEEDER_* settings: accepted when they ask for
 * what forge does anyway, refused with what to do instead otherwise.
 */
const SEEDER_FIXED: Record<string, { ok: string; otherwise: string }> = {
  SEEDER_ALLOW_PRODUCTION: { ok: 'false', otherwise: 'forge refuses production databases unless `forge load --allow-production` is given on the command line' },
  SEEDER_REQUIRE_CONFIRM: { ok: 'true', otherwise: 'forge always needs --confirm to replace or delete data' },
  SEEDER_BATCH_SIZE: { ok: '', otherwise: 'forge streams each table with COPY and has no batch size: unset SEEDER_BATCH_SIZE' },
};

export interface EnvChoices {
  dataset?: string;
  seed?: string;
  profile?: string;
  scenario?: string;
  config?: string;
  progress?: boolean;
}

export function envChoices(env: NodeJS.ProcessEnv): EnvChoices {
  const out: EnvChoices = {};
  for (const k of ['dataset', 'seed', 'profile', 'scenario', 'config'] as const) {
    const v = first(env, CHOICE_ENV[k]);
    if (v) out[k] = v.value;
  }
  const progress = first(env, CHOICE_ENV.progress);
  if (progress) {
    if (!/^(true|false|1|0)$/i.test(progress.value))
      throw new ForgeError('BAD_CONFIG', `${progress.name}=${progress.value} is not allowed`, 'allowed: true, false');
    out.progress = /^(true|1)$/i.test(progress.value);
  }
  for (const [name, rule] of Object.entries(SEEDER_FIXED)) {
    const v = env[name];
    if (v !== undefined && v !== '' && v.toLowerCase() !== rule.ok) throw new ForgeError('BAD_CONFIG', `${name}=${v} is not supported`, rule.otherwise);
  }
  return out;
}

/** Every environment name a parameter table reads, by name → key. */
export function paramEnvNames(table: ParamTable): Map<string, string> {
  const names = new Map<string, string>();
  for (const [key, def] of Object.entries(table)) {
    names.set(envName(key), key);
    for (const a of def.envAliases ?? []) names.set(a, key);
  }
  return names;
}

/** The parameters the environment sets, checked; unknown FORGE_* / SEEDER_* names are errors. */
export function envParams(env: NodeJS.ProcessEnv, table: ParamTable): Record<string, ParamValue> {
  const names = paramEnvNames(table);
  const known = new Set<string>([...TOOL_ENV, ...Object.values(CHOICE_ENV).flat(), ...Object.keys(SEEDER_FIXED), ...names.keys()]);
  const out: Record<string, ParamValue> = {};
  for (const name of Object.keys(env).sort()) {
    if (!/^(FORGE|SEEDER)_/.test(name) || known.has(name) || isToolEnv(name)) continue;
    throw unknownKey(
      name,
      'the environment',
      [...known].filter((k) => k.startsWith(name.split('_')[0] + '_')),
      'variable',
    );
  }
  // FORGE_<KEY> wins over an alias of the same key.
  for (const [name, key] of [...names].reverse()) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    out[key] = checkValue(key, table[key], parseValue(raw), `environment variable ${name}`);
  }
  return out;
}
