/**
 * The defaults of the build choices, apart from datasets.ts (which loads
 * every dataset's generators): the option definitions that show them (load,
 * verify and others list --dataset, --seed and --out) stay light.
 */
export const DEFAULT_DATASET = 'retail';
export const DEFAULT_SEED = 42;
export const DEFAULT_OUT = 'dist-fixtures';
