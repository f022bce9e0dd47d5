#!/usr/bin/env node
// Starts the CLI. The TypeScript sources are bundled once with esbuild into
// .forge/cli/ (rebuilt whenever a source is newer) and run as plain
// JavaScript: running through tsx's loader costs ~40 MB of resident memory,
// a quarter of the build's memory budget. FORGE_TSX=1 runs the sources
// through tsx instead.
import { fileURLToPath } from 'node:url';
import { bundledEntry } from './bundle.js';

process.env.FORGE_MAIN = '1';
if (process.env.FORGE_TSX === '1') {
  const { register } = await import('tsx/esm/api');
  register();
  await import(fileURLToPath(new URL('../src/cli/main.ts', import.meta.url)));
} else {
  // The build's worker threads run worker.mjs, bundled beside the CLI's main.mjs.
  await import(await bundledEntry('main'));
}
