/**
 * Real local PostgreSQL servers: throwaway clusters for tests, and the
 * project-owned cluster `forge load` uses when no database is given.
 *
 * initdb and postgres refuse to run as root, so as root they are spawned as
 * the `postgres` OS user (Node's spawn uid/gid), and every directory they
 * touch is made reachable by that user.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { ForgeError } from '../errors.ts';

export interface PgServer {
  dataDir: string;
  socketDir: string;
  port: number;
  host: string;
  user: string;
  url(db?: string): string;
  env(db?: string): NodeJS.ProcessEnv;
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

const SERVER_PROGRAMS = ['initdb', 'postgres', 'pg_ctl'];

function hasServerPrograms(dir: string): boolean {
  return SERVER_PROGRAMS.every((p) => existsSync(join(dir, p)));
}

/** PG_BIN, then `pg_config --bindir`, then the newest /usr/lib/postgresql/N/bin. */
export function findPgBin(): string {
  const fromEnv = process.env.PG_BIN;
  if (fromEnv && hasServerPrograms(fromEnv)) return fromEnv;
  try {
    const dir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (hasServerPrograms(dir)) return dir;
  } catch {
    // no pg_config: look where Debian puts the server
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

export function pgServerVersion(bin = findPgBin()): string {
  const out = execFileSync(join(bin, 'postgres'), ['--version'], { encoding: 'utf8' });
  return /(\d+(?:\.\d+)?)/.exec(out)?.[1] ?? out.trim();
}

interface RunAs {
  uid?: number;
  gid?: number;
}

/** As root, the postgres user's ids; otherwise run as ourselves. */
function serverUser(): RunAs {
  if (process.getuid?.() !== 0) return {};
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!line) throw new ForgeError('PG_SERVER', 'running as root, but there is no "postgres" user to run the server as', 'install Debian\'s postgresql package, or run forge as a normal user');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** Gives a directory to the server's user (a no-op when not root). */
function ownDir(dir: string, as: RunAs): void {
  mkdirSync(dir, { recursive: true });
  if (as.uid !== undefined) chownSync(dir, as.uid, as.gid!);
  chmodSync(dir, 0o700);
}

/** The server user must be able to traverse every parent of its data dir. */
function checkReachable(dir: string, as: RunAs): void {
  if (as.uid === undefined) return;
  for (let d = dirname(resolve(dir)); ; d = dirname(d)) {
    const mode = statSync(d).mode;
    if (!(mode & 0o001)) {
      throw new ForgeError('PG_SERVER', `the postgres user cannot reach ${dir}: ${d} is not traversable by others`, `chmod o+x ${d}, or set FORGE_PG_DIR to a directory it can reach`);
    }
    if (d === dirname(d)) break;
  }
}

function run(bin: string, program: string, args: string[], as: RunAs): void {
  const r = spawnSync(join(bin, program), args, { ...as, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) {
    throw new ForgeError('PG_SERVER', `${program} failed: ${(r.stderr || r.stdout || String(r.error)).trim().split('\n').slice(-3).join(' / ')}`, 'see the message above');
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolvePort(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((done) => {
    const s = new Socket();
    s.once('connect', () => {
      s.destroy();
      done(true);
    });
    s.once('error', () => done(false));
    s.connect(port, '127.0.0.1');
  });
}

/** Waits until the server answers a query (not just accepts TCP). */
async function waitReady(bin: string, port: number, logTail: () => string, exited: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (exited()) throw new ForgeError('PG_SERVER', `postgres exited during start-up: ${logTail()}`, 'see the server log');
    if (await canConnect(port)) {
      const r = spawnSync(join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-q']);
      if (r.status === 0) return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new ForgeError('PG_SERVER', `postgres did not start within ${timeoutMs / 1000} s: ${logTail()}`, 'see the server log');
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** A test that crashes must not leak a postmaster: kill ours on the way out. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of running) child.kill('SIGQUIT');
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      for (const child of running) child.kill('SIGQUIT');
      process.kill(process.pid, signal);
    });
  }
}

function serverHandle(dataDir: string, socketDir: string, port: number, password: string | undefined, stopImpl: () => Promise<void>): PgServer {
  const auth = password === undefined ? 'postgres' : `postgres:${encodeURIComponent(password)}`;
  const url = (db = 'postgres') => `postgres://${auth}@127.0.0.1:${port}/${encodeURIComponent(db)}`;
  return {
    dataDir,
    socketDir,
    port,
    host: '127.0.0.1',
    user: 'postgres',
    url,
    env: (db = 'postgres') => ({ ...process.env, PGHOST: '127.0.0.1', PGPORT: String(port), PGUSER: 'postgres', PGDATABASE: db, ...(password === undefined ? {} : { PGPASSWORD: password }) }),
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
    stop: stopImpl,
  };
}

const SERVER_SETTINGS = ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];

/**
 * A fresh cluster in a temp dir on a free port, removed by stop(). With a
 * password, the cluster asks for it (scram-sha-256) instead of trusting.
 */
export async function startTempCluster(opts: { settings?: Record<string, string>; password?: string } = {}): Promise<PgServer> {
  const bin = findPgBin();
  const as = serverUser();
  const root = mkdtempSync(join(tmpdir(), 'forge-pg-'));
  chmodSync(root, 0o755);
  checkReachable(root, as);
  const dataDir = join(root, 'data');
  const socketDir = join(root, 'sock');
  ownDir(dataDir, as);
  ownDir(socketDir, as);
  const auth = ['-A', 'trust'];
  if (opts.password !== undefined) {
    const pwfile = join(socketDir, 'pw');
    writeFileSync(pwfile, opts.password + '\n');
    if (as.uid !== undefined) chownSync(pwfile, as.uid, as.gid!);
    auth.splice(0, 2, '-A', 'scram-sha-256', `--pwfile=${pwfile}`);
  }
  run(bin, 'initdb', ['-D', dataDir, ...auth, '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync'], as);
  rmSync(join(socketDir, 'pw'), { force: true });

  const extra = Object.entries(opts.settings ?? {}).flatMap(([k, v]) => ['-c', `${k}=${v}`]);
  installExitHook();
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    let log = '';
    const child = spawn(join(bin, 'postgres'), ['-D', dataDir, '-p', String(port), '-k', socketDir, ...SERVER_SETTINGS, ...extra], {
      ...as,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    let exited = false;
    const exitedPromise = new Promise<void>((r) => child.once('exit', () => ((exited = true), running.delete(child), r())));
    const collect = (d: Buffer) => (log = (log + d.toString()).slice(-4000));
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    try {
      await waitReady(bin, port, () => log.trim().split('\n').slice(-3).join(' / '), () => exited);
    } catch (e) {
      if (exited && /already in use|could not bind/i.test(log) && attempt < 5) continue;
      child.kill('SIGQUIT');
      rmSync(root, { recursive: true, force: true });
      throw e;
    }
    let stopped: Promise<void> | undefined;
    return serverHandle(dataDir, socketDir, port, opts.password, () =>
      (stopped ??= (async () => {
        if (!exited) {
          child.kill('SIGINT'); // fast shutdown
          await exitedPromise;
        }
        rmSync(root, { recursive: true, force: true });
      })()),
    );
  }
}

/**
 * The project's own cluster (for `forge db start` and `make load`): created
 * on first use, started detached with pg_ctl so that it outlives the command,
 * reused afterwards. Its port is kept in `<dir>/forge-port`.
 */
export async function ensurePersistentCluster(dir: string, opts: { port?: number } = {}): Promise<PgServer> {
  const bin = findPgBin();
  const as = serverUser();
  const abs = resolve(dir);
  const dataDir = join(abs, 'data');
  const socketDir = join(abs, 'sock');
  const portFile = join(abs, 'forge-port');
  mkdirSync(abs, { recursive: true });
  chmodSync(abs, 0o755);
  checkReachable(abs, as);
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    rmSync(dataDir, { recursive: true, force: true });
    ownDir(dataDir, as);
    run(bin, 'initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync'], as);
  }
  ownDir(socketDir, as);
  const port = existsSync(portFile) ? Number(readFileSync(portFile, 'utf8')) : (opts.port ?? (await freePort()));
  writeFileSync(portFile, `${port}\n`);
  const stop = async () => {
    if (existsSync(join(dataDir, 'postmaster.pid'))) run(bin, 'pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop'], as);
  };
  if (!(await canConnect(port))) {
    const log = join(abs, 'server.log');
    if (as.uid !== undefined && existsSync(log)) chownSync(log, as.uid, as.gid!);
    if (as.uid !== undefined && !existsSync(log)) {
      writeFileSync(log, '');
      chownSync(log, as.uid, as.gid!);
    }
    const options = [`-p ${port}`, `-k ${socketDir}`, ...chunk(SERVER_SETTINGS)].join(' ');
    run(bin, 'pg_ctl', ['-D', dataDir, '-l', log, '-o', options, '-w', '-t', '30', 'start'], as);
  }
  return serverHandle(dataDir, socketDir, port, undefined, stop);
}

function chunk(settings: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < settings.length; i += 2) out.push(`${settings[i]} ${settings[i + 1]}`);
  return out;
}

export async function persistentClusterStatus(dir: string): Promise<{ running: boolean; port?: number; url?: string }> {
  const portFile = join(resolve(dir), 'forge-port');
  if (!existsSync(portFile)) return { running: false };
  const port = Number(readFileSync(portFile, 'utf8'));
  const up = await canConnect(port);
  return { running: up, port, url: up ? `postgres://postgres@127.0.0.1:${port}/postgres` : undefined };
}
