/** Turning flag text into checked values, with one-line usage errors. */
import { resolve } from 'node:path';
import { ForgeError } from '../errors.ts';
import type { ParsedArgs } from './command.ts';

export function str(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === 'string' ? v : undefined;
}

export function flag(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}

export function list(args: ParsedArgs, name: string): string[] {
  const v = args.values[name];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

export function integer(args: ParsedArgs, name: string, fallback: number, min = Number.MIN_SAFE_INTEGER): number {
  const raw = str(args, name);
  if (raw === undefined) return fallback;
  if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(Number(raw)) || Number(raw) < min) {
    throw new ForgeError(
      'USAGE',
      `--${name} must be an integer${min > Number.MIN_SAFE_INTEGER ? ` >= ${min}` : ''}, got "${raw}"`,
      `for example --${name} ${Math.max(min, 42)}`,
    );
  }
  return Number(raw);
}

/**
 * --out: a directory on a real file system. Empty text would mean the current
 * directory by accident; /proc, /sys and /dev are kernel views where writing
 * an artifact cannot work (and mkdir under /proc used to spin forever).
 */
export function outDir(args: ParsedArgs, cwd: string, fallback: string): string {
  const raw = str(args, 'out');
  if (raw !== undefined && raw.trim() === '') throw new ForgeError('USAGE', '--out is empty', 'give a directory, e.g. --out dist-fixtures');
  const dir = resolve(cwd, raw ?? fallback);
  if (/^\/(proc|sys|dev)(\/|$)/.test(dir))
    throw new ForgeError(
      'OUTPUT_NOT_WRITABLE',
      `cannot write to output directory ${dir}: it is a kernel file system, not storage`,
      'choose a directory on disk with --out',
    );
  return dir;
}
