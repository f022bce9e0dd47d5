/**
 * Puts a generated dataset where `forge build --dataset NAME` finds it:
 * generators/NAME/ (written to a temporary folder and renamed into place),
 * listed in generators/generated.ts, a file only `forge init` writes.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ForgeError } from '../errors.ts';
import { writeError, writeFileAtomic } from '../write-error.ts';
import { identOf } from './plan.ts';

export const REGISTRY = 'generators/generated.ts';

export function writeDataset(dir: string, files: Record<string, string>, force: boolean): void {
  if (existsSync(dir) && !force) throw new ForgeError('USAGE', `${dir} already exists`, 'choose another --name/--out, or add --force to replace it');
  const tmp = `${dir}.partial-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  let made: string | undefined; // the first folder this call made above tmp: removed with it on failure
  try {
    made = mkdirSync(dirname(dir), { recursive: true });
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(tmp, path)), { recursive: true });
      writeFileSync(join(tmp, path), text);
    }
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    if (made) rmSync(made, { recursive: true, force: true });
    throw writeError(e, dir, 'choose another place with --out');
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
  writeFileAtomic(join(root, REGISTRY), text, 'free space in the project');
  return names;
}

/** Whether `dir` is generators/<name> of the project (then the registry lists it). */
export function isRegistered(root: string, dir: string, name: string): boolean {
  return relative(resolve(root), resolve(dir)) === join('generators', name);
}
