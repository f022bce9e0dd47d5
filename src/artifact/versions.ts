/** Versions recorded in every manifest, read from the installed packages. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { forgeRoot } from '../forge-root.ts';

const require = createRequire(import.meta.url);

function ownPackage(): { name: string; version: string } {
  return JSON.parse(readFileSync(join(forgeRoot(), 'package.json'), 'utf8'));
}

export const TOOL_NAME = 'fixture-forge';
export const TOOL_VERSION: string = ownPackage().version;
export const FAKER_VERSION: string = (require('@faker-js/faker/package.json') as { version: string }).version;
