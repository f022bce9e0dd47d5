/** The datasets `forge` knows, by name. Add a dataset here after writing it under generators/<name>/. */
import type { Dataset } from '../src/core/dataset.ts';
import exceptions from './exceptions/index.ts';
import { generated } from './generated.ts';
import migration from './migration/index.ts';
import pms from './pms/index.ts';
import retail from './retail/index.ts';

export const datasets: Record<string, Dataset> = {
  ...generated,
  retail,
  exceptions,
  migration,
  pms,
};
