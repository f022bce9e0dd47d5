/**
 * The project's own persistent cluster, which `forge db` and `forge load`
 * use when no database is given: created on first use, started detached
 * with pg_ctl so that it outlives forge, reused when already running.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ForgeError } from '../errors.ts';
import { pidAlive } from '../pid.ts';
import { serverHandle, type PgServer } from './handle.ts';
import { checkReachable, giveDir, serverUser, type RunAs } from './os-user.ts';
import { findPgBin, HOST, initdb, lastLines, runProgram, settingArgs, SUPERUSER } from './programs.ts';
import { acceptsConnections, freePort, readPidFile, START_TIMEOUT_MS } from './readiness.ts';

/**
 * Layout of a persistent cluster dir:
 *   data/       the cluster (initdb), owned by the server's user, 0700
 *   sock/       its Unix socket
 *   server.log  what pg_ctl -l writes
 *   forge-port  the port, chosen once so that the url stays the same
 * The data lives in a subdir because initdb wants an empty dir of its own.
 *
 * Root: the dir is given to the postgres user, and if one of its parents is
 * closed to that user we fail with a hint (chmod o+x, or FORGE_PG_DIR)
 * rather than silently putting the data somewhere else: the cluster should
 * live where the user asked for it.
 */
function persistentPaths(dir: string) {
  const abs = resolve(dir);
  return {
    abs,
    dataDir: join(abs, 'data'),
    socketDir: join(abs, 'sock'),
    log: join(abs, 'server.log'),
    portFile: join(abs, 'forge-port'),
    lock: join(abs, '.forge-lock'),
  };
}

/** The cluster in dataDir, if a live postmaster says it is ready and its port answers. */
async function runningPort(bin: string, dataDir: string): Promise<number | undefined> {
  const pf = readPidFile(dataDir);
  if (!pf || !pidAlive(pf.pid) || pf.status !== 'ready') return undefined;
  return (await acceptsConnections(bin, pf.port)) ? pf.port : undefined;
}

/**
 * Two forge commands may set up the cluster at the same time (make -j):
 * one of them initdb's and starts it, the other waits and then reuses it.
 */
async function withDirLock<T>(lock: string, work: () => Promise<T>): Promise<T> {
  const deadline = performance.now() + 90_000;
  // A lock without a pid is either being taken (its pid comes a moment
  // later) or left by a holder killed in between: 50 polls in a row (5 s)
  // without a pid mean the latter.
  let pidless = 0;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = lockHolder(lock);
      pidless = holder === undefined ? pidless + 1 : 0;
      if (holder === undefined ? pidless > 50 : !pidAlive(holder))
        rmSync(lock, { recursive: true, force: true }); // its holder died
      else if (performance.now() > deadline)
        throw new ForgeError('PG_SERVER', `${lock} is held by process ${holder}`, `remove ${lock} if that process is not forge`);
      else await sleep(100);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function lockHolder(lock: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(lock, 'pid'), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined; // just created (pid not written yet) or just released
  }
}

/** Quotes for the shell through which pg_ctl starts postgres (-o). */
function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * The project's own cluster: created on first use, started detached with
 * pg_ctl so that it outlives this process, reused when already running.
 * Its port is kept in `<dir>/forge-port`; `opts.port` changes it (only while
 * the cluster is stopped).
 */
export async function ensurePersistentCluster(dir: string, opts: { port?: number } = {}): Promise<PgServer> {
  const bin = findPgBin();
  const as = serverUser();
  const p = persistentPaths(dir);
  mkdirSync(p.abs, { recursive: true });
  checkReachable(p.abs, as);
  const port = await withDirLock(p.lock, async () => {
    const running = await runningPort(bin, p.dataDir);
    if (running !== undefined) {
      if (opts.port !== undefined && opts.port !== running) {
        throw new ForgeError(
          'PG_SERVER',
          `the cluster in ${p.abs} is already running on port ${running}`,
          'stop it first (forge db stop) to move it to another port',
        );
      }
      return running;
    }
    if (as.uid !== undefined) giveDir(p.abs, as, 0o755);
    if (!existsSync(join(p.dataDir, 'PG_VERSION'))) {
      rmSync(p.dataDir, { recursive: true, force: true }); // a half-done initdb
      giveDir(p.dataDir, as, 0o700);
      await initdb(bin, p.dataDir, as);
    }
    giveDir(p.socketDir, as, 0o700);
    const chosen = opts.port ?? storedPort(p.portFile) ?? (await freePort());
    writeFileSync(p.portFile, `${chosen}\n`);
    await pgCtlStart(bin, p, chosen, as);
    return chosen;
  });
  const stop = async () => {
    // pg_ctl status: 0 running, 3 not running (also when postmaster.pid is stale).
    const status = await runProgram(bin, 'pg_ctl', ['-D', p.dataDir, 'status'], as).then(
      () => 0,
      () => 3,
    );
    if (status === 0) await runProgram(bin, 'pg_ctl', ['-D', p.dataDir, '-m', 'fast', '-w', '-t', '60', 'stop'], as);
  };
  return serverHandle(p.dataDir, p.socketDir, port, undefined, stop);
}

function storedPort(portFile: string): number | undefined {
  if (!existsSync(portFile)) return undefined;
  const port = Number(readFileSync(portFile, 'utf8').trim());
  return Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined;
}

/**
 * Settings for loading fixtures fast into a development database, each safe
 * here because this cluster is forge's own, holds only data that can be
 * loaded again, and never replicates. Exported: the bench runs its clusters
 * with them too. (A user's own server is never reconfigured: these are
 * postgres -c options of the clusters forge starts.)
 * - wal_level=minimal: a table created or truncated in the loading
 *   transaction is written to disk at commit instead of through the WAL
 *   (half the bytes written); crash recovery still works, but there can be
 *   no standby or WAL archive, which a development database does not have.
 * - max_wal_senders=0: required by wal_level=minimal (no replication).
 * - synchronous_commit=off: a commit returns before its WAL is flushed; a
 *   crash may lose the last commits (a load then simply is not there), never
 *   leaves a half-committed one.
 * - maintenance_work_mem=256MB: index and key builds sort in memory instead
 *   of in temp files (the loader asks for it per session too).
 */
export const LOADING_SETTINGS: Record<string, string> = {
  wal_level: 'minimal',
  max_wal_senders: '0',
  synchronous_commit: 'off',
  maintenance_work_mem: '256MB',
};

/**
 * Durable settings, unlike temp clusters: this cluster lives across reboots,
 * and fsync=off could corrupt it on a crash.
 */
const PERSISTENT_SETTINGS: Record<string, string> = { listen_addresses: HOST, ...LOADING_SETTINGS };

async function pgCtlStart(bin: string, p: ReturnType<typeof persistentPaths>, port: number, as: RunAs): Promise<void> {
  const options = ['-p', String(port), '-k', p.socketDir, ...settingArgs(PERSISTENT_SETTINGS)].map(shellQuote).join(' ');
  try {
    await runProgram(bin, 'pg_ctl', ['-D', p.dataDir, '-l', p.log, '-o', options, '-w', '-t', String(START_TIMEOUT_MS / 1000), 'start'], as);
  } catch (e) {
    const log = existsSync(p.log) ? lastLines(readFileSync(p.log, 'utf8')) : '';
    const portTaken = /could not bind|already in use/i.test(log);
    throw new ForgeError(
      'PG_SERVER',
      `could not start the PostgreSQL cluster in ${p.abs}: ${log || (e as Error).message}`,
      portTaken ? `port ${port} is taken: stop what uses it, or delete ${p.portFile} to choose a new port` : `see ${p.log}`,
      { cause: e },
    );
  }
}

export async function persistentClusterStatus(dir: string): Promise<{ running: boolean; port?: number; url?: string }> {
  const p = persistentPaths(dir);
  const port = existsSync(p.dataDir) ? await runningPort(findPgBin(), p.dataDir) : undefined;
  if (port === undefined) {
    const stored = storedPort(p.portFile);
    return stored === undefined ? { running: false } : { running: false, port: stored };
  }
  return { running: true, port, url: `postgres://${SUPERUSER}@${HOST}:${port}/postgres` };
}
