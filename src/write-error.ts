/**
 * A write that failed, as one line. A full disk (ENOSPC, or a quota:
 * EDQUOT) is its own error, DISK_FULL, exit 74 (EX_IOERR), naming where it
 * filled up; anything else is "cannot write". Callers remove what they had
 * written before throwing it, so the line can say nothing was left behind.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { ForgeError } from './errors.ts';

export function isDiskFull(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT' || (e instanceof ForgeError && e.code === 'DISK_FULL');
}

/** `doing`: what filled the disk (`writing <path>`); `hint`: how to choose another place. */
export function diskFull(doing: string, hint: string): ForgeError {
  return new ForgeError('DISK_FULL', `no space left on device ${doing}`, `nothing was left behind; free space there or ${hint}`);
}

/** Any failed write as a ForgeError: disk full, or cannot write (with the system's code). */
export function writeError(e: unknown, where: string, hint: string): ForgeError {
  if (isDiskFull(e)) return diskFull(`writing ${where}`, hint);
  if (e instanceof ForgeError) return e;
  return new ForgeError('OUTPUT_NOT_WRITABLE', `cannot write ${where}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, hint);
}

/**
 * One file written beside its target and renamed into place: a failure
 * (a full disk) leaves neither a half file nor the temporary one, and is
 * thrown as writeError's one line.
 */
export function writeFileAtomic(path: string, text: string, hint: string): void {
  const tmp = `${path}.partial-${process.pid}`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw writeError(e, path, hint);
  }
}
