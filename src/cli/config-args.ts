/** The flags that choose what to build (dataset, seed, profile, scenario, config file, --set, --dirty), resolved with the environment. */
import type { Manifest } from '../artifact/manifest.ts';
import { resolveConfig, type ResolvedConfig } from '../config/resolve.ts';
import { ForgeError } from '../errors.ts';
import type { IO } from './command.ts';
import { DEFAULT_DATASET, DEFAULT_SEED, datasetNamed } from './datasets.ts';
import type { Args } from './options.ts';

import { configOptions } from './config-options.ts';

export { configOptions };

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
