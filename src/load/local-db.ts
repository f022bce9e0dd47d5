/**
 * The database `forge load` uses when neither --db nor DATABASE_URL is
 * given: a cluster the project owns under .forge/pg (FORGE_PG_DIR to move
 * it), created on first use and left running, with a database "forge".
 */
import { join } from 'node:path';
import { projectRoot } from '../artifact/versions.ts';
import { ensurePersistentCluster, persistentClusterStatus, type PgServer } from '../pg/server.ts';
import { withClient } from './connect.ts';

export const LOCAL_DB = 'forge';

export function localClusterDir(env: NodeJS.ProcessEnv): string {
  return env.FORGE_PG_DIR ?? join(projectRoot(), '.forge', 'pg');
}

export async function startLocalDb(env: NodeJS.ProcessEnv): Promise<{ server: PgServer; url: string }> {
  const server = await ensurePersistentCluster(localClusterDir(env));
  await withClient(server.url(), async (c) => {
    const r = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [LOCAL_DB]);
    if (r.rowCount === 0) await c.query(`CREATE DATABASE ${LOCAL_DB}`);
  });
  return { server, url: server.url(LOCAL_DB) };
}

export async function localDbStatus(env: NodeJS.ProcessEnv) {
  const s = await persistentClusterStatus(localClusterDir(env));
  return { ...s, url: s.running && s.port ? `postgres://postgres@127.0.0.1:${s.port}/${LOCAL_DB}` : undefined };
}

/** --db, then DATABASE_URL, then the local cluster (started if needed). */
export async function resolveTarget(db: string | undefined, env: NodeJS.ProcessEnv): Promise<{ url: string; local: boolean }> {
  const given = db ?? env.DATABASE_URL;
  if (given) return { url: given, local: false };
  return { url: (await startLocalDb(env)).url, local: true };
}
