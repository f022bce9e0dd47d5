/**
 * Real local PostgreSQL servers: throwaway clusters for tests and benchmarks
 * (startTempCluster), and the project-owned cluster that `forge db` and
 * `forge load` use when no database is given (ensurePersistentCluster).
 *
 * initdb and postgres refuse to run as root, so as root they are spawned as
 * the `postgres` OS user (Node's spawn uid/gid), and every directory they
 * touch is given to that user. As any other user they run as ourselves.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ForgeError } from '../errors.ts';
import { pidAlive } from '../pid.ts';

export interface PgServer {
  dataDir: string;
  socketDir: string;
  port: number;
  /** Always 127.0.0.1: the servers listen on loopback only. */
  host: string;
  /** The superuser, 'postgres'. */
  user: string;
  /** postgres://postgres@127.0.0.1:PORT/DB (trust auth unless started with a password). */
  url(db?: string): string;
  /** process.env plus PGHOST, PGPORT, PGUSER, PGDATABASE (and PGPASSWORD) for psql, pg_dump, pg_restore. */
  env(db?: string): NodeJS.ProcessEnv;
  /** Creates the database and returns its url. */
  createDatabase(name: string): Promise<string>;
  /** Fast shutdown, waits until the server has exited; calling it again is a no-op. */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const SUPERUSER = 'postgres';
const START_TIMEOUT_MS = 20_000;

// ---------------------------------------------------------------------------
// Finding the server programs

function hasServerPrograms(dir: string): boolean {
  return ['initdb', 'postgres'].every((p) => existsSync(join(dir, p)));
}

/** PG_BIN, then `pg_config --bindir`, then the newest /usr/lib/postgresql/N/bin. */
export function findPgBin(): string {
  const fromEnv = process.env.PG_BIN;
  if (fromEnv) {
    // A PG_BIN that is wrong is a mistake to report, not a hint to ignore.
    if (hasServerPrograms(fromEnv)) return fromEnv;
    throw new ForgeError('PG_NOT_INSTALLED', `PG_BIN=${fromEnv} has no initdb and postgres`, 'point PG_BIN at the bin directory of a PostgreSQL server, or unset it');
  }
  try {
    const dir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (hasServerPrograms(dir)) return dir;
  } catch {
    // No pg_config (Debian ships it with the client only): look where Debian puts servers.
  }
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base)
    ? readdirSync(base)
        .filter((v) => hasServerPrograms(join(base, v, 'bin')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length) return join(base, versions[0], 'bin');
  throw new ForgeError('PG_NOT_INSTALLED', 'no PostgreSQL server programs found', 'install them: apt-get update && apt-get install -y postgresql, or set PG_BIN');
}

/** "15.18" from `postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)`. */
export function pgServerVersion(bin = findPgBin()): string {
  const out = execFileSync(join(bin, 'postgres'), ['--version'], { encoding: 'utf8' });
  return /\(PostgreSQL\)\s+(\d+(?:\.\d+)?)/.exec(out)?.[1] ?? /(\d+(?:\.\d+)?)/.exec(out)?.[1] ?? out.trim();
}

// ---------------------------------------------------------------------------
// The OS user the server runs as

interface RunAs {
  uid?: number;
  gid?: number;
}

let cachedUser: RunAs | undefined;

/** As root, the postgres user's ids; otherwise we run the server as ourselves. */
function serverUser(): RunAs {
  if (cachedUser) return cachedUser;
  if (process.getuid?.() !== 0) return (cachedUser = {});
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid !== undefined) return (cachedUser = { uid: Number(uid), gid: Number(gid) });
  try {
    // Not in /etc/passwd (LDAP, sssd...): ask NSS.
    const id = (flag: string) => Number(execFileSync('id', [flag, SUPERUSER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
    return (cachedUser = { uid: id('-u'), gid: id('-g') });
  } catch {
    throw new ForgeError('PG_SERVER', 'running as root, but there is no "postgres" user to run the server as', "install Debian's postgresql package, or run forge as a normal user");
  }
}

/** Creates `dir` (if needed) and gives it to the server's user. */
function giveDir(dir: string, as: RunAs, mode: number): void {
  mkdirSync(dir, { recursive: true });
  if (as.uid !== undefined) chownSync(dir, as.uid, as.gid!);
  chmodSync(dir, mode);
}

/**
 * The server's user must be able to traverse every parent of `dir`. Spawned
 * with a uid/gid, it has no supplementary groups, so owner, group and other
 * bits are all that count.
 */
function checkReachable(dir: string, as: RunAs): void {
  if (as.uid === undefined) return;
  for (let d = dirname(resolve(dir)); ; d = dirname(d)) {
    const st = statSync(d);
    const bit = st.uid === as.uid ? 0o100 : st.gid === as.gid ? 0o010 : 0o001;
    if (!(st.mode & bit)) {
      throw new ForgeError(
        'PG_SERVER',
        `the postgres user cannot reach ${dir}: ${d} is not traversable by it`,
        `chmod o+x ${d}, or put the cluster somewhere it can reach (FORGE_PG_DIR for the local cluster, TMPDIR for temp clusters)`,
      );
    }
    if (d === dirname(d)) break;
  }
}

// ---------------------------------------------------------------------------
// Running programs

function lastLines(text: string, n = 5): string {
  return text.trim().split('\n').filter(Boolean).slice(-n).join(' / ');
}

/**
 * Runs a server program as the server's user. cwd is / because programs
 * started as postgres from a directory it cannot enter (say /root) complain.
 */
function runProgram(bin: string, program: string, args: string[], as: RunAs, timeoutMs = 60_000): Promise<string> {
  return new Promise((done, fail) => {
    execFile(join(bin, program), args, { ...as, cwd: '/', encoding: 'utf8', timeout: timeoutMs }, (err, stdout, stderr) => {
      if (!err) return done(stdout);
      const detail = lastLines(stderr || stdout) || err.message;
      fail(new ForgeError('PG_SERVER', `${program} failed: ${detail}`, 'see the message above', { cause: err }));
    });
  });
}

function initdb(bin: string, dataDir: string, as: RunAs, auth: string[] = ['-A', 'trust']): Promise<string> {
  // --locale=C exists everywhere (C.UTF-8 may not) and sorts bytewise, which
  // keeps outputs identical across machines. --no-sync: a lost cluster is
  // simply created again.
  return runProgram(bin, 'initdb', ['-D', dataDir, ...auth, '-U', SUPERUSER, '-E', 'UTF8', '--locale=C', '--no-sync'], as);
}

// ---------------------------------------------------------------------------
// Ports and readiness

/** A port nobody listens on right now (someone may take it before we do: callers retry). */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, HOST, () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolvePort(port));
    });
  });
}

/** pg_isready: 0 = accepting connections (1 = starting up or shutting down, 2 = no answer). */
function acceptsConnections(bin: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    execFile(join(bin, 'pg_isready'), ['-h', HOST, '-p', String(port), '-U', SUPERUSER, '-d', 'postgres', '-q', '-t', '5'], { cwd: '/' }, (err) => done(!err));
  });
}

interface PidFile {
  pid: number;
  port: number;
  /** 'starting', 'stopping', 'ready' or 'standby'. */
  status: string;
}

/**
 * What the postmaster says about itself in postmaster.pid (pid, data dir,
 * start time, port, socket dir, listen address, shmem key, status). The
 * file is per data dir, so unlike the port it cannot belong to another
 * server. It is the file pg_ctl -w watches.
 */
function readPidFile(dataDir: string): PidFile | undefined {
  let text: string;
  try {
    text = readFileSync(join(dataDir, 'postmaster.pid'), 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined; // being written
  return { pid, port, status: (lines[7] ?? '').trim() };
}

/** Our postmaster reports "ready" in its pid file, and the port answers. */
async function waitReady(bin: string, dataDir: string, child: ChildProcess, port: number, exited: () => boolean, logTail: () => string): Promise<void> {
  const deadline = performance.now() + START_TIMEOUT_MS;
  while (performance.now() < deadline) {
    if (exited()) throw new ForgeError('PG_SERVER', `postgres exited during start-up: ${logTail()}`, 'see the server log above');
    const pf = readPidFile(dataDir);
    if (pf && pf.pid === child.pid && pf.port === port && pf.status === 'ready' && (await acceptsConnections(bin, port))) return;
    await sleep(25);
  }
  throw new ForgeError('PG_SERVER', `postgres did not accept connections within ${START_TIMEOUT_MS / 1000} s: ${logTail()}`, 'see the server log above');
}

// ---------------------------------------------------------------------------
// Temp clusters, and never leaking them

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

function settingArgs(settings: Record<string, string>): string[] {
  return Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]);
}

/** Waits for a child to exit, escalating from `signal` to SIGQUIT to SIGKILL. */
async function killAndWait(child: ChildProcess, exited: Promise<void>, signal: NodeJS.Signals): Promise<void> {
  child.ref(); // it is unref'd: without this, `await stop()` with nothing else to do would end the process
  for (const [sig, ms] of [[signal, 15_000], ['SIGQUIT', 5_000], ['SIGKILL', 5_000]] as const) {
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
    await waitReady(bin, dataDir, child, port, () => hasExited, () => lastLines(log));
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
  if (as.uid !== undefined) chownSync(pwfile, as.uid, as.gid!);
  return ['-A', 'scram-sha-256', `--pwfile=${pwfile}`];
}

function tempServer(child: ChildProcess, exited: Promise<void>, root: string, dataDir: string, socketDir: string, port: number, password: string | undefined): PgServer {
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

function serverHandle(dataDir: string, socketDir: string, port: number, password: string | undefined, stop: () => Promise<void>): PgServer {
  const auth = password === undefined ? SUPERUSER : `${SUPERUSER}:${encodeURIComponent(password)}`;
  const url = (db = 'postgres') => `postgres://${auth}@${HOST}:${port}/${encodeURIComponent(db)}`;
  return {
    dataDir,
    socketDir,
    port,
    host: HOST,
    user: SUPERUSER,
    url,
    env: (db = 'postgres') => ({
      ...process.env,
      PGHOST: HOST,
      PGPORT: String(port),
      PGUSER: SUPERUSER,
      PGDATABASE: db,
      ...(password === undefined ? {} : { PGPASSWORD: password }),
    }),
    async createDatabase(name: string) {
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    stop,
  };
}

// ---------------------------------------------------------------------------
// The project's persistent cluster

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
  return { abs, dataDir: join(abs, 'data'), socketDir: join(abs, 'sock'), log: join(abs, 'server.log'), portFile: join(abs, 'forge-port'), lock: join(abs, '.forge-lock') };
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
      if (holder === undefined ? pidless > 50 : !pidAlive(holder)) rmSync(lock, { recursive: true, force: true }); // its holder died
      else if (performance.now() > deadline) throw new ForgeError('PG_SERVER', `${lock} is held by process ${holder}`, `remove ${lock} if that process is not forge`);
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
        throw new ForgeError('PG_SERVER', `the cluster in ${p.abs} is already running on port ${running}`, 'stop it first (forge db stop) to move it to another port');
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
    const status = await runProgram(bin, 'pg_ctl', ['-D', p.dataDir, 'status'], as).then(() => 0, () => 3);
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
