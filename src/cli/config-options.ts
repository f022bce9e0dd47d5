/**
 * The flags that choose what to build, apart from config-args.ts, which
 * resolves them with the datasets and config files: commands that take an
 * artifact directory (load, verify) list these options without loading
 * every dataset's generators.
 */
import { DEFAULT_DATASET, DEFAULT_SEED } from './defaults.ts';
import { optionGroup } from './options.ts';

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
