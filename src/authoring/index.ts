/**
 * `fixture-forge/dataset`: what a dataset written outside this repository
 * imports (the modules `forge init` writes into a project that installed
 * forge from npm). The same functions the repository's datasets use.
 */
export { defineDataset } from '../core/dataset.ts';
export { countedRows } from '../core/rows.ts';
export { Permutation } from '../core/random.ts';
export { col, defineTable } from '../core/table.ts';
export * as v from '../core/column-values.ts';
export { z } from 'zod';
