/**
 * One resolved configuration from every source, for any dataset. Values are
 * layered, later winning:
 *
 *   defaults < profile < scenario < config file < environment < flags
 *
 * (and the dirty-mode rates: defaults < file < flags, src/config/dirty.ts)
 * (the dataset, seed, profile and scenario themselves are chosen the same
 * way: flag, then environment, then file). Each value is checked where it
 * comes from, so an error can name its line, variable or flag.
 */
import { resolve as resolvePath } from 'node:path';
import type { Dataset, Params } from '../core/dataset.ts';
import { ForgeError } from '../errors.ts';
import { checkValue, unknownKey } from './check.ts';
import { checkChoices, checkedParams } from './choices.ts';
import { resolveDirty, type DirtyChoice } from './dirty.ts';
import { envChoices, envParams } from './env.ts';
import { FILE_TOP_KEYS, readConfigFile, type ConfigFile } from './file.ts';
import { canonical, envName, keyOf, type ParamValue } from './params.ts';
import { parseValue } from './value.ts';

export interface ConfigFlags {
  dataset?: string;
  seed?: string;
  profile?: string;
  scenario?: string;
  config?: string;
  set?: string[];
  /** --dirty and --dirty-rate KIND=RATE. */
  dirty?: boolean;
  dirtyRate?: string[];
}

export interface ResolvedConfig {
  dataset: Dataset;
  seed: number;
  profile: string;
  scenario?: string;
  /** What the file, environment and flags change from profile + scenario (names the artifact directory). */
  overrides: Params;
  /** Every parameter, resolved and checked. */
  params: Params;
  /** Where each parameter's value came from. */
  sources: Record<string, string>;
  /** What the file, environment and flags set, changed or not (an append compares these with its base). */
  given: Params;
  /** Which of seed, profile, scenario were chosen explicitly, and where. */
  chosen: { seed?: string; profile?: string; scenario?: string };
  /** SEEDER_ENABLE_PROGRESS / FORGE_PROGRESS, when set. */
  progress?: boolean;
  /** A dirty build (config file `dirty:`, --dirty, --dirty-rate): its rates; undefined for a clean one. */
  dirty?: DirtyChoice;
}

export interface ResolveContext {
  env: NodeJS.ProcessEnv;
  cwd: string;
  datasetNamed(name: string): Dataset;
  defaultDataset: string;
  defaultSeed: number;
  /** What to use when no source chooses (an append's base artifact). */
  fallback?: { dataset: string; seed: number; profile: string; scenario?: string };
}

function seedOf(text: string, where: string): number {
  const t = text.trim();
  if (!/^-?\d+$/.test(t) || !Number.isSafeInteger(Number(t)))
    throw new ForgeError('USAGE', `${where} must be an integer, got "${text}"`, `for example ${where.startsWith('--') ? where : 'FORGE_SEED'} 42`);
  return Number(t);
}

export function resolveConfig(flags: ConfigFlags, ctx: ResolveContext): ResolvedConfig {
  const env = envChoices(ctx.env);
  const configPath = flags.config ?? env.config;
  const file: ConfigFile | undefined = configPath === undefined ? undefined : readConfigFile(resolvePath(ctx.cwd, configPath), configPath);
  const dataset = ctx.datasetNamed(flags.dataset ?? env.dataset ?? file?.dataset ?? ctx.fallback?.dataset ?? ctx.defaultDataset);

  const chosen: ResolvedConfig['chosen'] = {};
  let seed = ctx.fallback?.seed ?? ctx.defaultSeed;
  if (flags.seed !== undefined) [seed, chosen.seed] = [seedOf(flags.seed, '--seed'), '--seed'];
  else if (env.seed !== undefined) [seed, chosen.seed] = [seedOf(env.seed, 'the seed in the environment'), 'the environment'];
  else if (file?.seed !== undefined) [seed, chosen.seed] = [file.seed, file.display];
  const pick = (name: string, flag?: string, fromEnv?: string, fromFile?: string): [string | undefined, string | undefined] =>
    flag !== undefined
      ? [flag, `--${name}`]
      : fromEnv !== undefined
        ? [fromEnv, 'the environment']
        : fromFile !== undefined
          ? [fromFile, file!.display]
          : [undefined, undefined];
  const [profileChoice, profileFrom] = pick('profile', flags.profile, env.profile, file?.profile);
  const [scenarioChoice, scenarioFrom] = pick('scenario', flags.scenario, env.scenario, file?.scenario);
  if (profileFrom) chosen.profile = profileFrom;
  if (scenarioFrom) chosen.scenario = scenarioFrom;
  const scenario = scenarioFrom ? scenarioChoice : ctx.fallback?.scenario;
  const profile = profileChoice ?? ctx.fallback?.profile ?? dataset.defaultProfile;
  checkChoices(dataset, profile, scenario);

  const sources: Record<string, string> = {};
  const given: Params = {};
  const table = dataset.parameters;
  if (table) {
    for (const k of Object.keys(table)) sources[k] = 'default';
    for (const k of Object.keys(dataset.profiles[profile] ?? {})) sources[k] = `profile ${profile}`;
    for (const k of Object.keys((scenario && dataset.scenarios?.[scenario]?.params) || {})) sources[k] = `scenario ${scenario}`;
    const layer = (values: Record<string, ParamValue>, source: (k: string) => string) => {
      for (const [k, v] of Object.entries(values)) [given[k], sources[k]] = [v, source(k)];
    };
    if (file) layer(file.params(table), () => file.display);
    const envSource = (k: string) => `environment ${[envName(k), ...(table[k].envAliases ?? [])].find((n) => ctx.env[n]) ?? envName(k)}`;
    layer(envParams(ctx.env, table), envSource);
    const set: Record<string, ParamValue> = {};
    for (const item of flags.set ?? []) {
      const [name, text] = splitSet(item);
      const key = keyOf(table, name);
      if (key === undefined) {
        const leaves = Object.values(table).filter((d) => d.path.split('.').at(-1) === name);
        if (leaves.length > 1) throw new ForgeError('BAD_CONFIG', `--set ${name} is ambiguous`, `name one of: ${leaves.map((d) => d.path).join(', ')}`);
        throw unknownKey(name, '--set', [...Object.keys(table), ...Object.values(table).map((d) => d.path)]);
      }
      set[key] = checkValue(key, table[key], parseValue(text), `--set ${name}`);
    }
    layer(set, () => '--set');
  } else {
    // Its file may still choose the dataset, seed, profile and scenario: only parameters are refused.
    if (file?.paramSections.length)
      throw new ForgeError(
        'BAD_CONFIG',
        `${file.display}: dataset ${dataset.name} declares no parameter table, so its config file holds only ${FILE_TOP_KEYS.join(', ')} (found ${file.paramSections.join(', ')})`,
        'use --set key=value for its parameters',
      );
    for (const item of flags.set ?? []) {
      const [name, text] = splitSet(item);
      given[name] = parseValue(text) as ParamValue;
      sources[name] = '--set';
    }
  }
  const dirty = resolveDirty(file?.dirty, flags);
  return { dataset, seed, profile, scenario, ...finish(dataset, profile, scenario, given), sources, given, chosen, progress: env.progress, dirty };
}

/** Overrides (what differs from profile + scenario) and the checked parameters. */
function finish(dataset: Dataset, profile: string, scenario: string | undefined, given: Params): { overrides: Params; params: Params } {
  const base = dataset.baseParams(profile, scenario);
  const overrides: Params = {};
  for (const [k, v] of Object.entries(given)) if (canonical(v) !== canonical(base[k])) overrides[k] = v;
  return { overrides, params: checkedParams(dataset, profile, overrides, scenario) };
}

function splitSet(item: string): [string, string] {
  const eq = item.indexOf('=');
  if (eq <= 0) throw new ForgeError('USAGE', `--set takes key=value, got "${item}"`, 'for example --set stores=20');
  return [item.slice(0, eq), item.slice(eq + 1)];
}
