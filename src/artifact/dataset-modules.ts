/**
 * Datasets that live in the user's project rather than in forge's registry
 * (written by `forge init` next to an installed forge): the module each was
 * imported from, so that build workers import the same module.
 */
import type { Dataset } from '../core/dataset.ts';
import type { DatasetRef } from './worker-pool.ts';

const modules = new WeakMap<Dataset, string>();

export function rememberModule(dataset: Dataset, url: string): void {
  modules.set(dataset, url);
}

/** How a worker finds this dataset: by the module it came from, else by its registry name. */
export function datasetRefOf(dataset: Dataset): DatasetRef {
  const url = modules.get(dataset);
  return url ? { module: url, export: 'default' } : { registry: dataset.name };
}
