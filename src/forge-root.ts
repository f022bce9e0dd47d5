/**
 * Where forge itself is installed (its package.json), found from this
 * module's location, in the sources or in the bundle. Not the user's project:
 * that is projectDir() in project.ts.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function forgeRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      if (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name === 'fixture-forge') return dir;
    } catch {
      // not here: look one level up
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json of fixture-forge not found');
    dir = up;
  }
}
