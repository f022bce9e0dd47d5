/** Datasets made by `forge init`. This file is rewritten by forge init: do not edit it by hand. */
import type { Dataset } from '../src/core/dataset.ts';

export const generated: Record<string, Dataset> = {};
