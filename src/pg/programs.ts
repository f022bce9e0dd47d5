/**
 * Finding and running the PostgreSQL server programs (initdb, postgres,
 * pg_ctl, pg_isready) as the server's OS user.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ForgeError } from '../errors.ts';
import type { RunAs } from './os-user.ts';

/** The servers forge starts listen on loopback only. */
export const HOST = '127.0.0.1';
export const SUPERUSER = 'postgres';

function hasServerPrograms(dir: string): boolean {
  return ['initdb', 'postgres'].every((p) => existsSync(join(dir, p)));
}

/** PG_BIN, then `pg_config --bindir`, then the newest /usr/lib/postgresql/N/bin. */
export function findPgBin(): string {
  const fromEnv = process.env.PG_BIN;
  if (fromEnv) {
    // A PG_BIN that is wrong is a mistake to report, not a hint to ignore.
    if (hasServerPrograms(fromEnv)) return fromEnv;
    throw new ForgeError(
      'PG_NOT_INSTALLED',
      `PG_BIN=${fromEnv} has no initdb and postgres`,
      'point PG_BIN at the bin directory of a PostgreSQL server, or unset it',
    );
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
  throw new ForgeError(
    'PG_NOT_INSTALLED',
    'no PostgreSQL server programs found',
    'install them: apt-get update && apt-get install -y postgresql, or set PG_BIN',
  );
}

/** "15.18" from `postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)`. */
export function pgServerVersion(bin = findPgBin()): string {
  const out = execFileSync(join(bin, 'postgres'), ['--version'], { encoding: 'utf8' });
  return /\(PostgreSQL\)\s+(\d+(?:\.\d+)?)/.exec(out)?.[1] ?? /(\d+(?:\.\d+)?)/.exec(out)?.[1] ?? out.trim();
}

/** The last few non-empty lines of a program's output, on one line. */
export function lastLines(text: string, n = 5): string {
  return text.trim().split('\n').filter(Boolean).slice(-n).join(' / ');
}

/**
 * Runs a server program as the server's user. cwd is / because programs
 * started as postgres from a directory it cannot enter (say /root) complain.
 */
export function runProgram(bin: string, program: string, args: string[], as: RunAs, timeoutMs = 60_000): Promise<string> {
  return new Promise((done, fail) => {
    execFile(join(bin, program), args, { ...as, cwd: '/', encoding: 'utf8', timeout: timeoutMs }, (err, stdout, stderr) => {
      if (!err) return done(stdout);
      const detail = lastLines(stderr || stdout) || err.message;
      fail(new ForgeError('PG_SERVER', `${program} failed: ${detail}`, 'see the message above', { cause: err }));
    });
  });
}

export function initdb(bin: string, dataDir: string, as: RunAs, auth: string[] = ['-A', 'trust']): Promise<string> {
  // --locale=C exists everywhere (C.UTF-8 may not) and sorts bytewise, which
  // keeps outputs identical across machines. --no-sync: a lost cluster is
  // simply created again.
  return runProgram(bin, 'initdb', ['-D', dataDir, ...auth, '-U', SUPERUSER, '-E', 'UTF8', '--locale=C', '--no-sync'], as);
}

/** postgres -c options. */
export function settingArgs(settings: Record<string, string>): string[] {
  return Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]);
}
