/** Looking datasets up by name for commands, with the error a user needs. */
import { datasets } from '../../generators/index.ts';
import type { Dataset } from '../core/dataset.ts';
import { ForgeError } from '../errors.ts';

export function datasetNamed(name: string): Dataset {
  const d = Object.hasOwn(datasets, name) ? datasets[name] : undefined;
  if (!d) throw new ForgeError('UNKNOWN_DATASET', `unknown dataset "${name}"`, `known datasets: ${Object.keys(datasets).join(', ')}`);
  return d;
}

export { DEFAULT_DATASET, DEFAULT_OUT, DEFAULT_SEED } from './defaults.ts';
