/**
 * The variables that choose what to build, apart from env.ts so that every
 * command's start (which asks whether a dataset was chosen) does not load the
 * YAML parser env.ts reads parameter values with.
 */

/** Variables that choose what to build, with the seed document's names as aliases. */
export const CHOICE_ENV = {
  dataset: ['FORGE_DATASET'],
  seed: ['FORGE_SEED', 'SEEDER_DEFAULT_SEED'],
  profile: ['FORGE_PROFILE'],
  scenario: ['FORGE_SCENARIO'],
  config: ['FORGE_CONFIG'],
  progress: ['FORGE_PROGRESS', 'SEEDER_ENABLE_PROGRESS'],
} as const;

/** The first of `names` set (non-empty) in `env`. */
export function first(env: NodeJS.ProcessEnv, names: readonly string[]): { name: string; value: string } | undefined {
  for (const name of names) if (env[name] !== undefined && env[name] !== '') return { name, value: env[name]! };
  return undefined;
}
