/** --out: where artifacts are written and looked for. */
import { resolve } from 'node:path';
import { ForgeError } from '../errors.ts';
import { DEFAULT_OUT } from './defaults.ts';

export const outOption = {
  type: 'string',
  description: 'the directory artifacts are written to and looked for in',
  value: 'DIR',
  default: DEFAULT_OUT,
} as const;

/**
 * A directory on a real file system. Empty text would mean the current
 * directory by accident; /proc, /sys and /dev are kernel views where writing
 * an artifact cannot work (and mkdir under /proc used to spin forever).
 */
export function outDir(out: string, cwd: string): string {
  if (out.trim() === '') throw new ForgeError('USAGE', '--out is empty', 'give a directory, e.g. --out dist-fixtures');
  const dir = resolve(cwd, out);
  if (/^\/(proc|sys|dev)(\/|$)/.test(dir))
    throw new ForgeError(
      'OUTPUT_NOT_WRITABLE',
      `cannot write to output directory ${dir}: it is a kernel file system, not storage`,
      'choose a directory on disk with --out',
    );
  return dir;
}
