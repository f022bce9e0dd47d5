/**
 * Whether ending a database connection waits for the server to close its
 * side (the backend's exit, 15-25 ms here). Library callers wait: what they
 * do next may need the connection gone (DROP DATABASE, a copy of a
 * template). The CLI does not: it exits as soon as its command is done, and
 * nothing after a command needs its connections gone. Its own module, free
 * of imports, so that the CLI sets it without loading the database driver.
 */
let wait = true;

export function closeWithoutWaiting(): void {
  wait = false;
}

export const waitForClose = (): boolean => wait;
