/**
 * Throwaway clusters for tests and benchmarks: a fresh cluster in a temp
 * dir on a free port, fast and non-durable, that never outlives the process
 * that started it (exit hooks, and a watchdog for SIGKILL).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serverHandle, type PgServer } from './handle.ts';
import { checkReachable, giveDir, giveToServer, serverUser, type RunAs } from './os-user.ts';
import { findPgBin, HOST, initdb, lastLines, settingArgs } from './programs.ts';
import { freePort, waitReady } from './readiness.ts';

/** Temp servers of this process that have not been stopped. */
const live = new Set<{ child: ChildProcess; stop(): Promise<void> }>();
let hooksInstalled = false;

/**
 * A test that crashes must not leak a postmaster. On 'exit' (process.exit,
 * uncaught errors, the loop running dry) only synchronous work is possible,
 * so ours get SIGQUIT (immediate shutdown) and the watchdog removes their
 * dirs. On SIGINT/SIGTERM they are stopped properly, then the signal is
 * raised again with its default action, unless the program listens for it
 * itself (then it decides what happens next).
 */
function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', () => {
    for (const s of live) s.child.kill('SIGQUIT');
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    const onSignal = async () => {
      const alone = process.listenerCount(signal) === 1;
      if (alone) process.off(signal, onSignal); // a second signal now kills at once (the watchdog cleans up)
      await Promise.allSettled([...live].map((s) => s.stop()));
      if (alone) process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

/**
 * A tiny shell that outlives us: when our end of its stdin closes (we exited
 * in any way, SIGKILL included) it kills the postmaster and removes its dir.
 * The exit hook cannot do this for SIGKILL, an OOM kill or a native crash.
 */
function startWatchdog(postmasterPid: number, root: string, dataDir: string): ChildProcess {
  const script = [
    'read _ignored', // returns at EOF: the process that started us is gone
    'kill -QUIT "$1" 2>/dev/null',
    // The postmaster removes its pid file last thing; as an orphan it may stay a zombie (kill -0 succeeds) until init reaps it.
    'i=0; while [ -e "$3" ] && kill -0 "$1" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done',
    'rm -rf "$2"',
  ].join('\n');
  // detached: a Ctrl-C to our process group must not take the watchdog down with us.
  const args = ['-c', script, 'forge-pg-watchdog', String(postmasterPid), root, join(dataDir, 'postmaster.pid')];
  const dog = spawn('/bin/sh', args, { stdio: ['pipe', 'ignore', 'ignore'], detached: true, cwd: '/' });
  dog.unref();
  (dog.stdin as unknown as Socket).unref();
  return dog;
}

const FAST_SETTINGS: Record<string, string> = {
  listen_addresses: HOST,
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
};

/** Waits for a child to exit, escalating from `signal` to SIGQUIT to SIGKILL. */
async function killAndWait(child: ChildProcess, exited: Promise<void>, signal: NodeJS.Signals): Promise<void> {
  child.ref(); // it is unref'd: without this, `await stop()` with nothing else to do would end the process
  for (const [sig, ms] of [
    [signal, 15_000],
    ['SIGQUIT', 5_000],
    ['SIGKILL', 5_000],
  ] as const) {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(sig);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((done) => (timer = setTimeout(() => done(true), ms)));
    const late = await Promise.race([exited.then(() => false), timedOut]);
    clearTimeout(timer);
    if (!late) return;
  }
}

/** One postmaster on `port`, once it accepts connections; if it does not, it is stopped and the error returned. */
async function spawnPostmaster(bin: string, dataDir: string, socketDir: string, port: number, settings: Record<string, string>, as: RunAs) {
  const child = spawn(join(bin, 'postgres'), ['-D', dataDir, '-p', String(port), '-k', socketDir, ...settingArgs(settings)], {
    ...as,
    cwd: '/',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Unref'd: a test that forgets stop() ends (and the exit hook kills the server) rather than hangs.
  child.unref();
  let log = '';
  const collect = (d: Buffer) => (log = (log + d.toString()).slice(-8000));
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.on('data', collect);
    (stream as unknown as Socket).unref();
  }
  let hasExited = false;
  const exited = new Promise<void>((done) => child.once('exit', () => ((hasExited = true), done())));
  child.once('error', (e) => (collect(Buffer.from(String(e))), (hasExited = true)));
  try {
    await waitReady(
      bin,
      dataDir,
      child,
      port,
      () => hasExited,
      () => lastLines(log),
    );
  } catch (e) {
    if (!hasExited) await killAndWait(child, exited, 'SIGQUIT');
    const portTaken = /could not bind|already in use/i.test(log);
    return { ok: false as const, error: e, portTaken };
  }
  return { ok: true as const, child, exited };
}

/**
 * A fresh cluster in a temp dir on a free port; stop() shuts it down and
 * removes the dir. With `password`, connections need it (scram-sha-256)
 * instead of being trusted. `settings` are postgres -c settings, applied
 * after (so able to override) the fast, non-durable defaults.
 */
export async function startTempCluster(opts: { settings?: Record<string, string>; password?: string } = {}): Promise<PgServer> {
  const bin = findPgBin();
  const as = serverUser();
  const root = mkdtempSync(join(tmpdir(), 'forge-pg-'));
  try {
    chmodSync(root, 0o755); // mkdtemp makes it 0700: the server's user must enter it
    checkReachable(root, as);
    const dataDir = join(root, 'data');
    const socketDir = join(root, 'sock');
    giveDir(dataDir, as, 0o700);
    giveDir(socketDir, as, 0o700);
    await initdb(bin, dataDir, as, authArgs(socketDir, opts.password, as));
    rmSync(join(socketDir, 'pw'), { force: true });

    installHooks();
    const settings = { ...FAST_SETTINGS, ...opts.settings };
    // The port was free a moment ago; another process may take it first (EADDRINUSE): try another.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const started = await spawnPostmaster(bin, dataDir, socketDir, port, settings, as);
      if (!started.ok) {
        if (started.portTaken && attempt < 5) continue;
        throw started.error;
      }
      return tempServer(started.child, started.exited, root, dataDir, socketDir, port, opts.password);
    }
  } catch (e) {
    rmSync(root, { recursive: true, force: true });
    throw e;
  }
}

/** initdb's auth options; a password goes through a file the server's user can read. */
function authArgs(socketDir: string, password: string | undefined, as: RunAs): string[] {
  if (password === undefined) return ['-A', 'trust'];
  const pwfile = join(socketDir, 'pw');
  writeFileSync(pwfile, password + '\n', { mode: 0o600 });
  giveToServer(pwfile, as);
  return ['-A', 'scram-sha-256', `--pwfile=${pwfile}`];
}

function tempServer(
  child: ChildProcess,
  exited: Promise<void>,
  root: string,
  dataDir: string,
  socketDir: string,
  port: number,
  password: string | undefined,
): PgServer {
  const dog = startWatchdog(child.pid!, root, dataDir);
  let stopping: Promise<void> | undefined;
  const entry = {
    child,
    // SIGINT is postgres' fast shutdown: clients are disconnected, no checkpoint wait for them.
    stop: () =>
      (stopping ??= (async () => {
        await killAndWait(child, exited, 'SIGINT');
        rmSync(root, { recursive: true, force: true });
        dog.kill('SIGKILL');
        live.delete(entry);
      })()),
  };
  live.add(entry);
  return serverHandle(dataDir, socketDir, port, password, entry.stop);
}
