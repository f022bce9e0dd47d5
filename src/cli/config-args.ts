/** The flags that choose what to build (dataset, seed, profile, scenario, config file, --set, --dirty), resolved with the environment. */
import type { Manifest } from '../artifact/manifest.ts';
import { resolveConfig, type ResolvedConfig } from '../config/resolve.ts';
import { ForgeError } from '../errors.ts';
import type { IO } from './command.ts';
import { DEFAULT_DATASET, DEFAULT_SEED, datasetNamed } from './datasets.ts';
import { type Args, optionGroup } from './options.ts';

/** Each choice falls back to the environment (FORGE_SEED, ...), then the --config file (README: Configuration). */
export const configOptions = optionGroup('what to build (a flag wins over FORGE_* variables, which win over the --config file)', {
  dataset: { type: 'string', description: 'the dataset', value: 'NAME', defaultText: DEFAULT_DATASET },
  seed: { type: 'string', description: 'the seed: an integer, negative allowed', value: 'N', defaultText: String(DEFAULT_SEED) },
  profile: { type: 'string', description: 'the profile (row counts), one the dataset declares', value: 'NAME', defaultText: "the dataset's default" },
  scenario: { type: 'string', description: 'a named parameter set (forge scenarios lists them)', value: 'NAME' },
  config: { type: 'string', description: 'a YAML or JSON config file', value: 'FILE' },
  set: { type: 'repeat', description: 'set one parameter, over the file and environment', value: 'KEY=VALUE' },
  dirty: { type: 'boolean', description: 'the dirty variant: invalid records injected and listed in its manifest' },
  'dirty-rate': { type: 'repeat', description: 'a dirty build with this rate for one kind of defect', value: 'KIND=RATE' },
});

/**
 * The resolved configuration. With `base` (an append), the seed, profile
 * and scenario are the base artifact's: choosing others explicitly is
 * refused, since the appended rows continue the base's series.
 */
export function configFromArgs({ values }: Args<typeof configOptions>, io: IO, base?: Manifest): ResolvedConfig {
  const cfg = resolveConfig(
    {
      dataset: values.dataset,
      seed: values.seed,
      profile: values.profile,
      scenario: values.scenario,
      config: values.config,
      set: values.set,
      dirty: values.dirty,
      dirtyRate: values['dirty-rate'],
    },
    {
      env: io.env,
      cwd: io.cwd,
      datasetNamed,
      defaultDataset: DEFAULT_DATASET,
      defaultSeed: DEFAULT_SEED,
      fallback: base && { dataset: base.dataset.name, seed: base.seed, profile: base.profile, scenario: base.scenario },
    },
  );
  if (base) {
    const refuse = (what: string, mine: unknown, theirs: unknown, from: string) => {
      throw new ForgeError(
        'USAGE',
        `an append continues its base artifact, built with ${what} ${theirs ?? 'none'}; ${from} asks for ${what} ${mine}`,
        `drop the ${what} choice to append, or make a new full build with ${what} ${mine}`,
      );
    };
    if (cfg.chosen.seed && cfg.seed !== base.seed) refuse('seed', cfg.seed, base.seed, cfg.chosen.seed);
    if (cfg.chosen.profile && cfg.profile !== base.profile) refuse('profile', cfg.profile, base.profile, cfg.chosen.profile);
    if (cfg.chosen.scenario && cfg.scenario !== base.scenario) refuse('scenario', cfg.scenario, base.scenario, cfg.chosen.scenario);
  }
  return cfg;
}
