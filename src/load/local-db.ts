/**
 * The database `forge load` uses when neither --db nor DATABASE_URL is
 * given: a cluster the user's project owns under .forge/pg (FORGE_PG_DIR to
 * move it), created on first use and left running, with a database "forge".
 */
import { join } from 'node:path';
import { ForgeError } from '../errors.ts';
import { projectDir } from '../project.ts';
import type { PgServer } from '../pg/server.ts';
import { withClient } from './connect.ts';

export const LOCAL_DB = 'forge';

/** FORGE_PG_DIR, else .forge/pg in the project of the working directory (src/project.ts). */
export function localClusterDir(env: NodeJS.ProcessEnv, cwd = process.cwd()): string {
  return env.FORGE_PG_DIR ?? join(projectDir(cwd), '.forge', 'pg');
}

export async function startLocalDb(env: NodeJS.ProcessEnv): Promise<{ server: PgServer; url: string }> {
  // Imported here: a load with --db or DATABASE_URL needs none of the cluster management.
  const { ensurePersistentCluster } = await import('../pg/server.ts');
  const server = await ensurePersistentCluster(localClusterDir(env));
  await withClient(server.url(), async (c) => {
    const r = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [LOCAL_DB]);
    if (r.rowCount === 0) await c.query(`CREATE DATABASE ${LOCAL_DB}`);
  });
  return { server, url: server.url(LOCAL_DB) };
}

export async function localDbStatus(env: NodeJS.ProcessEnv) {
  const { persistentClusterStatus } = await import('../pg/server.ts');
  const s = await persistentClusterStatus(localClusterDir(env));
  return { ...s, url: s.running && s.port ? `postgres://postgres@127.0.0.1:${s.port}/${LOCAL_DB}` : undefined };
}

/** The running local database's url; never starts one (`forge db url` is a question, not an action). */
export async function runningLocalDbUrl(env: NodeJS.ProcessEnv): Promise<string> {
  const s = await localDbStatus(env);
  if (!s.url)
    throw new ForgeError(
      'DB_UNREACHABLE',
      `the local PostgreSQL (${localClusterDir(env)}) is not running`,
      'start it with forge db start (make db-up), which prints its url, or give --db / DATABASE_URL',
    );
  return s.url;
}

/** --db, then DATABASE_URL, then the local cluster (started if needed). */
export async function resolveTarget(db: string | undefined, env: NodeJS.ProcessEnv): Promise<{ url: string; local: boolean }> {
  const given = db ?? env.DATABASE_URL;
  if (given) return { url: given, local: false };
  return { url: (await startLocalDb(env)).url, local: true };
}
