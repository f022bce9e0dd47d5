/** The datasets `forge` knows, by name. Add a dataset here after writing it under generators/<name>/. */
import type { Dataset } from '../src/core/dataset.ts';
import exceptions from './exceptions/index.ts';
import migration from './migration/index.ts';
import retail from './retail/index.ts';

export const datasets: Record<string, Dataset> = {
  retail,
  exceptions,
  migration,
};
