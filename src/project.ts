/**
 * The user's project: the nearest directory at or above the working
 * directory that holds a package.json, else the working directory itself.
 * What forge keeps between runs (the local cluster in .forge/pg) and the
 * golden datasets (fixtures/) live there, never next to forge's own files:
 * an installed forge may sit in a read-only node_modules.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export function projectDir(cwd: string): string {
  const start = resolve(cwd);
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dir === dirname(dir)) return start;
  }
}
