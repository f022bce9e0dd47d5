/**
 * The OS user the server runs as. initdb and postgres refuse to run as
 * root, so as root they are spawned as the `postgres` OS user (Node's spawn
 * uid/gid), and every directory they touch is given to that user. As any
 * other user they run as ourselves.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ForgeError } from '../errors.ts';

/** spawn's uid/gid options: empty when the server runs as ourselves. */
export interface RunAs {
  uid?: number;
  gid?: number;
}

let cachedUser: RunAs | undefined;

/** As root, the postgres user's ids; otherwise we run the server as ourselves. */
export function serverUser(): RunAs {
  if (cachedUser) return cachedUser;
  if (process.getuid?.() !== 0) return (cachedUser = {});
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid !== undefined) return (cachedUser = { uid: Number(uid), gid: Number(gid) });
  try {
    // Not in /etc/passwd (LDAP, sssd...): ask NSS.
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
    return (cachedUser = { uid: id('-u'), gid: id('-g') });
  } catch {
    throw new ForgeError(
      'PG_SERVER',
      'running as root, but there is no "postgres" user to run the server as',
      "install Debian's postgresql package, or run forge as a normal user",
    );
  }
}

/** Gives a file or directory that already exists to the server's user. */
export function giveToServer(path: string, as: RunAs): void {
  if (as.uid !== undefined) chownSync(path, as.uid, as.gid!);
}

/** Creates `dir` (if needed) and gives it to the server's user. */
export function giveDir(dir: string, as: RunAs, mode: number): void {
  mkdirSync(dir, { recursive: true });
  giveToServer(dir, as);
  chmodSync(dir, mode);
}

/**
 * The server's user must be able to traverse every parent of `dir`. Spawned
 * with a uid/gid, it has no supplementary groups, so owner, group and other
 * bits are all that count.
 */
export function checkReachable(dir: string, as: RunAs): void {
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
