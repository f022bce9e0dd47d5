/** Ports, and telling when a postmaster is ready to accept connections. */
import { execFile, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ForgeError } from '../errors.ts';
import { HOST, SUPERUSER } from './programs.ts';

export const START_TIMEOUT_MS = 20_000;

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
export function acceptsConnections(bin: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    execFile(join(bin, 'pg_isready'), ['-h', HOST, '-p', String(port), '-U', SUPERUSER, '-d', 'postgres', '-q', '-t', '5'], { cwd: '/' }, (err) => done(!err));
  });
}

export interface PidFile {
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
export function readPidFile(dataDir: string): PidFile | undefined {
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
export async function waitReady(bin: string, dataDir: string, child: ChildProcess, port: number, exited: () => boolean, logTail: () => string): Promise<void> {
  const deadline = performance.now() + START_TIMEOUT_MS;
  while (performance.now() < deadline) {
    if (exited()) throw new ForgeError('PG_SERVER', `postgres exited during start-up: ${logTail()}`, 'see the server log above');
    const pf = readPidFile(dataDir);
    if (pf && pf.pid === child.pid && pf.port === port && pf.status === 'ready' && (await acceptsConnections(bin, port))) return;
    await sleep(25);
  }
  throw new ForgeError('PG_SERVER', `postgres did not accept connections within ${START_TIMEOUT_MS / 1000} s: ${logTail()}`, 'see the server log above');
}
