/** Versions recorded in every manifest, read from the installed packages. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** The project's root directory, found from this module's location (source or bundle). */
export function projectRoot(): string {
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

function ownPackage(): { name: string; version: string } {
  return JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8'));
}

export const TOOL_NAME = 'fixture-forge';
export const TOOL_VERSION: string = ownPackage().version;
export const FAKER_VERSION: string = (require('@faker-js/faker/package.json') as { version: string }).version;
