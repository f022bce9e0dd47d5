/**
 * Puts a generated dataset where `forge build --dataset NAME` finds it:
 * generators/NAME/ (written to a temporary folder and renamed into place),
 * listed in generators/generated.ts, a file only `forge init` writes.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ForgeError } from '../errors.ts';
import { identOf } from './plan.ts';

export const REGISTRY = 'generators/generated.ts';

export function writeDataset(dir: string, files: Record<string, string>, force: boolean): void {
  if (existsSync(dir) && !force) throw new ForgeError('USAGE', `${dir} already exists`, 'choose another --name/--out, or add --force to replace it');
  const tmp = `${dir}.partial-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(tmp, path)), { recursive: true });
      writeFileSync(join(tmp, path), text);
    }
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dirname(dir), { recursive: true });
    renameSync(tmp, dir);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

/** Rewrites the registry of generated datasets: every generators/<name>/ that has a source-schema.json. */
export function writeRegistry(root: string): string[] {
  const generators = join(root, 'generators');
  const names = readdirSync(generators, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(generators, e.name, 'source-schema.json')) && existsSync(join(generators, e.name, 'index.ts')))
    .map((e) => e.name)
    .sort();
  const text = `/** Datasets made by \`forge init\`. This file is rewritten by forge init: do not edit it by hand. */
import type { Dataset } from '../src/core/dataset.ts';
${names.map((n) => `import ${identOf(n)} from './${n}/index.ts';`).join('\n')}

export const generated: Record<string, Dataset> = {${names.map((n) => `\n  ${JSON.stringify(n)}: ${identOf(n)},`).join('')}${names.length ? '\n' : ''}};
`;
  const tmp = join(root, `${REGISTRY}.partial-${process.pid}`);
  writeFileSync(tmp, text);
  renameSync(tmp, join(root, REGISTRY));
  return names;
}

/** Whether `dir` is generators/<name> of the project (then the registry lists it). */
export function isRegistered(root: string, dir: string, name: string): boolean {
  return relative(resolve(root), resolve(dir)) === join('generators', name);
}
