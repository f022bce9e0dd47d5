/**
 * Reads a dataset's pack files. Generation code is otherwise free of I/O
 * (src/core); packs are inputs of the dataset in the same way as its
 * TypeScript, so they are read here, once per build thread, when a dataset
 * makes its tables, and checked by the pure src/core/pack.ts. Only files
 * under the dataset's own folder (or a directory the user names through a
 * dataset parameter) are read; a missing file means the built-in fallback.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePack, type LoadedPack, type PackSpec } from '../core/pack.ts';
import { ForgeError } from '../errors.ts';

/**
 * The folder of dataset `name`: generators/<name> under the project root,
 * found by walking up from this module (which runs from src/packs/ under
 * tsx and from .forge/cli/ in the CLI's bundle).
 */
export function datasetDir(name: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'generators', name);
    if (existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir)
      throw new ForgeError(
        'BAD_PACK',
        `cannot find the folder generators/${name} above ${fileURLToPath(import.meta.url)}`,
        'run forge from a checkout or package that ships the generators folder',
      );
    dir = up;
  }
}

/** Reads and checks one pack from `dir` (by default the dataset's folder). */
export function readPack<T>(dir: string, spec: PackSpec<T>): LoadedPack<T> {
  const path = join(dir, spec.file);
  let text: string | undefined;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT')
      throw new ForgeError(
        'BAD_PACK',
        `cannot read pack ${path}: ${code ?? (e as Error).message}`,
        'check the file permissions, or remove it to use the built-in minimal pack',
      );
  }
  const shown = relative(process.cwd(), path);
  return parsePack(spec, text, shown.startsWith('..') ? path : shown);
}
