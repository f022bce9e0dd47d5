/** Versions recorded in every manifest, read from the installed packages. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** The project's package.json, found from this module's location (source or bundle). */
function ownPackage(): { name: string; version: string } {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      if (pkg.name === 'fixture-forge') return pkg;
    } catch {
      // not here: look one level up
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json of fixture-forge not found');
    dir = up;
  }
}

export const TOOL_NAME = 'fixture-forge';
export const TOOL_VERSION: string = ownPackage().version;
export const FAKER_VERSION: string = (require('@faker-js/faker/package.json') as { version: string }).version;
