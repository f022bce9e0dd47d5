/** Versions recorded in every manifest, read from the installed packages. */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const TOOL_NAME = 'fixture-forge';
export const TOOL_VERSION: string = (require('../../package.json') as { version: string }).version;
export const FAKER_VERSION: string = (require('@faker-js/faker/package.json') as { version: string }).version;
