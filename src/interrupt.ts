/**
 * Signals for the whole CLI: main.ts routes SIGINT, SIGTERM and SIGHUP here.
 * Work that can stop itself at a safe point (a build, between batches)
 * runs inside `cooperate` and polls `throwIfInterrupted`; everything else
 * registers what must be undone (`onInterrupt`: a staging schema to drop, a
 * temp folder or partial file to remove), which runs before the process
 * exits with 128 + the signal's number (130 for SIGINT, 143 for SIGTERM).
 */
import { constants } from 'node:os';
import { ForgeError } from './errors.ts';

type Cleanup = () => void | Promise<void>;

const cleanups = new Set<Cleanup>();
let received: NodeJS.Signals | undefined;
let cooperating = 0;

export const HANDLED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export function exitCodeFor(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}

export function interruptedBy(): NodeJS.Signals | undefined {
  return received;
}

/** Registers a cleanup to run if a signal arrives; call the returned function once the thing is gone. */
export function onInterrupt(fn: Cleanup): () => void {
  cleanups.add(fn);
  return () => {
    cleanups.delete(fn);
  };
}

/** Runs work that stops itself at its next safe point when a signal arrives (instead of being cut off). */
export async function cooperate<T>(work: () => Promise<T>): Promise<T> {
  cooperating++;
  try {
    return await work();
  } finally {
    cooperating--;
  }
}

export function throwIfInterrupted(): void {
  if (received) throw new ForgeError('INTERRUPTED', `interrupted by ${received}`, 'nothing was written', { exitCode: exitCodeFor(received) });
}

/**
 * What main.ts does with a signal: the exit code to exit with now (after the
 * cleanups ran), or undefined when cooperating work will stop by itself. A
 * second signal exits at once.
 */
export async function handleSignal(signal: NodeJS.Signals): Promise<number | undefined> {
  if (received) return exitCodeFor(signal);
  received = signal;
  if (cooperating > 0) return undefined;
  const pending = [...cleanups];
  cleanups.clear();
  await Promise.race([Promise.allSettled(pending.map(async (fn) => fn())), new Promise((r) => setTimeout(r, 20_000).unref())]);
  return exitCodeFor(signal);
}
