import { defineConfig } from 'vitest/config';

// Only the vitest examples: the rest of the repository runs under node:test.
export default defineConfig({
  test: {
    root: new URL('.', import.meta.url).pathname,
    include: ['**/*.spec.ts'],
  },
});
