/**
 * fixture-forge-reader: typed, checked access to compiled fixture-forge
 * artifacts (directories or `forge pack` archives) from TypeScript and
 * JavaScript tests. Depends on zod and tar-stream only; the compiler and its
 * CLI are the `fixture-forge` package.
 */
export { loadFixture, type AnyTables, type Fixture, type LoadOptions, type RowsOptions } from './load.ts';
export type { JsonValue } from './values.ts';
export type { FileEntry, Manifest, TableEntry } from '../../../src/artifact/manifest.ts';
export { ForgeError, type ForgeErrorCode } from '../../../src/errors.ts';
