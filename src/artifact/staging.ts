/**
 * Atomic artifact directories: write into `<target>.partial-<pid>`, rename
 * into place when complete, remove on any failure or signal. Leftovers of a
 * killed build (whose pid is gone) are removed by the next build.
 */
import { access, constants, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ForgeError } from '../errors.ts';
import { pidAlive } from '../pid.ts';
import { cooperate, throwIfInterrupted } from '../interrupt.ts';

const PARTIAL = '.partial-';

/**
 * A signal during a build does not kill the process: the build runs inside
 * `cooperate`, stops at its next batch (`throwIfInterrupted`) and unwinds
 * through withTempDir, which removes its temp dir while no write is in flight.
 */
export { throwIfInterrupted } from '../interrupt.ts';

export async function prepareOutputRoot(outRoot: string, targetParent: string): Promise<void> {
  try {
    await mkdir(targetParent, { recursive: true });
    await access(targetParent, constants.W_OK);
  } catch (e) {
    throw new ForgeError(
      'OUTPUT_NOT_WRITABLE',
      `cannot write to output directory ${outRoot}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      'choose a writable directory with --out',
    );
  }
}

export async function removeStalePartials(parent: string): Promise<void> {
  for (const name of await readdir(parent).catch(() => [] as string[])) {
    const i = name.lastIndexOf(PARTIAL);
    if (i < 0) continue;
    const pid = Number(name.slice(i + PARTIAL.length));
    if (Number.isInteger(pid) && pid !== process.pid && !pidAlive(pid)) await rm(join(parent, name), { recursive: true, force: true });
  }
}

export async function withTempDir<T>(target: string, write: (tmp: string) => Promise<T>): Promise<T> {
  const tmp = `${target}${PARTIAL}${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  return cooperate(async () => {
    try {
      const result = await write(tmp);
      throwIfInterrupted();
      await replaceDir(tmp, target);
      return result;
    } catch (e) {
      await rm(tmp, { recursive: true, force: true });
      throw e;
    }
  });
}

/** Rename tmp over target; an existing target is moved aside first, then removed. */
async function replaceDir(tmp: string, target: string): Promise<void> {
  const exists = await stat(target).then(
    () => true,
    () => false,
  );
  if (!exists) {
    await rename(tmp, target);
    return;
  }
  const old = join(dirname(target), `${basename(target)}${PARTIAL}old-${process.pid}`);
  await rename(target, old);
  await rename(tmp, target);
  await rm(old, { recursive: true, force: true });
}
