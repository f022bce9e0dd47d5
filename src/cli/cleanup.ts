/** Work the running command leaves to be undone when it ends (temp dirs of unpacked archives); runCli runs it. */
const pending = new Set<() => void>();

export function atExit(cleanup: () => void): void {
  pending.add(cleanup);
}

export function runCleanups(): void {
  for (const cleanup of pending) cleanup();
  pending.clear();
}
