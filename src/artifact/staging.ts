/**
 * Atomic artifact directories: write into `<target>.partial-<pid>`, rename
 * into place when complete, remove on any failure or signal. Leftovers of a
 * killed build (whose pid is gone) are removed by the next build.
 */
import { access, constants, mkdir, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { ForgeError } from '../errors.ts';
import { pidAlive } from '../pid.ts';
import { cooperate, throwIfInterrupted } from '../interrupt.ts';
import { diskFull, isDiskFull, writeError } from '../write-error.ts';

const PARTIAL = '.partial-';

/**
 * A signal during a build does not kill the process: the build runs inside
 * `cooperate`, stops at its next batch (`throwIfInterrupted`) and unwinds
 * through withTempDir, which removes its temp dir while no write is in flight.
 */
export { throwIfInterrupted } from '../interrupt.ts';

/** The first folder prepareOutputRoot made for a target's parent: a failed build removes it again when it is empty. */
const madeFor = new Map<string, string>();

const OUT_HINT = 'choose another place with --out';

export async function prepareOutputRoot(outRoot: string, targetParent: string): Promise<void> {
  try {
    const made = await mkdir(targetParent, { recursive: true });
    if (made !== undefined) madeFor.set(targetParent, made);
    await access(targetParent, constants.W_OK);
  } catch (e) {
    if (isDiskFull(e)) throw diskFull(`writing ${outRoot}`, OUT_HINT);
    throw new ForgeError(
      'OUTPUT_NOT_WRITABLE',
      `cannot write to output directory ${outRoot}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      'choose a writable directory with --out',
    );
  }
}

/** Removes the folders prepareOutputRoot made for `parent`, innermost first, as long as they are empty. */
async function removeMadeParents(parent: string): Promise<void> {
  const made = madeFor.get(parent);
  if (made === undefined) return;
  for (let dir = parent; ; dir = dirname(dir)) {
    if (relative(made, dir).startsWith('..')) return;
    if (
      !(await rmdir(dir).then(
        () => true,
        () => false,
      ))
    )
      return;
    if (dir === made) {
      madeFor.delete(parent);
      return;
    }
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
  return cooperate(async () => {
    try {
      await mkdir(tmp, { recursive: true });
      const result = await write(tmp);
      throwIfInterrupted();
      await replaceDir(tmp, target);
      return result;
    } catch (e) {
      await rm(tmp, { recursive: true, force: true });
      await removeMadeParents(dirname(target));
      // A full disk names the folder that filled up; the partial is already gone.
      throw isDiskFull(e) ? writeError(e, dirname(target), OUT_HINT) : e;
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
