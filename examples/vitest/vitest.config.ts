import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Only the vitest examples: the rest of the repository runs under node:test.
// In this repository the reader is resolved to its sources; a project that
// installs fixture-forge-reader needs no alias (README: Using fixture-forge
// from another project).
export default defineConfig({
  resolve: {
    alias: {
      'fixture-forge-reader': fileURLToPath(new URL('../../packages/reader/src/index.ts', import.meta.url)),
      'fixture-forge/testing': fileURLToPath(new URL('../../src/testing/index.ts', import.meta.url)),
    },
  },
  test: {
    root: new URL('.', import.meta.url).pathname,
    include: ['**/*.spec.ts'],
  },
});
