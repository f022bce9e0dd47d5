#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so that `forge` works from a checkout
// without a compile step.
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';

register();
process.env.FORGE_MAIN = '1';
await import(fileURLToPath(new URL('../src/cli/main.ts', import.meta.url)));
