#!/usr/bin/env node
// Starts the CLI. An installed package runs the bundles that `npm pack`
// built into dist/cli/ and writes nothing next to itself. A checkout of the
// repository (src/ is here) bundles its TypeScript with esbuild into
// .forge/cli/ instead, rebuilt whenever a source is newer, and runs that as
// plain JavaScript: running through tsx's loader costs ~40 MB of resident
// memory, a quarter of the build's memory budget. FORGE_TSX=1 runs the
// sources through tsx instead.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

process.env.FORGE_MAIN = '1';
const sources = new URL('../src/cli/main.ts', import.meta.url);
if (!existsSync(sources)) {
  // The build's worker threads find dist/cli/worker.mjs beside main.mjs.
  await import('../dist/cli/main.mjs');
} else if (process.env.FORGE_TSX === '1') {
  const { register } = await import('tsx/esm/api');
  register();
  await import(fileURLToPath(sources));
} else {
  const { bundledEntry } = await import('./bundle.js');
  // The build's worker threads find worker.mjs, bundled beside main.mjs.
  await import(await bundledEntry('main'));
}
