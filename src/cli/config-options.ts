/**
 * The flags that choose what to build, apart from config-args.ts, which
 * resolves them with the datasets and config files: commands that take an
 * artifact directory (load, verify) list these options without loading
 * every dataset's generators.
 */
import type { Options } from './command.ts';

export const configOptions: Options = {
  dataset: { type: 'string' },
  seed: { type: 'string' },
  profile: { type: 'string' },
  scenario: { type: 'string' },
  config: { type: 'string' },
  set: { type: 'string', multiple: true },
  dirty: { type: 'boolean' },
  'dirty-rate': { type: 'string', multiple: true },
};
