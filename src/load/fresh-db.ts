/**
 * A fresh database per test, in milliseconds: the artifact is loaded once
 * into a template database named after its manifest's sha256 (reused while
 * the artifact is the same), and each fresh database is a copy of it
 * (CREATE DATABASE … TEMPLATE), which Postgres makes by copying files, not by
 * loading rows. Fresh databases are named after the process that owns them;
 * they are dropped by their owner, or by the next caller once the owner is
 * gone. Only on this machine's servers: the guard refuses the rest.
 */
import { randomBytes } from 'node:crypto';
import type { Artifact } from '../artifact/read.ts';
import { ident } from '../emit/sql.ts';
import { ForgeError } from '../errors.ts';
import { pidAlive } from '../pid.ts';
import { connect, withClient, type Client } from './connect.ts';
import { directLoad } from './direct-load.ts';

export const TEMPLATE_PREFIX = 'forge_tpl_';
export const BUILDING_PREFIX = 'forge_tplbuild_';
export const FRESH_PREFIX = 'forge_fresh_';

/** One template per artifact identity: 16 hex digits of its manifest's sha256. */
export function templateName(manifestSha256: string): string {
  return `${TEMPLATE_PREFIX}${manifestSha256.slice(0, 16)}`;
}

/** The same server, another database. */
export function databaseUrl(serverUrl: string, db: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${encodeURIComponent(db)}`;
  return u.toString();
}

/**
 * The artifact's template database, loaded first if there is none. Builders
 * take turns on an advisory lock; a build happens under a temporary name and
 * is renamed when complete, so a killed build never passes for a template
 * (the next builder, holding the lock, drops its leftovers).
 */
export async function ensureTemplate(serverUrl: string, artifact: Artifact): Promise<string> {
  const name = templateName(artifact.manifestSha256);
  return withClient(serverUrl, async (c) => {
    await c.query("SELECT pg_advisory_lock(hashtext('fixture-forge templates'))");
    try {
      if (await exists(c, name)) return name;
      for (const debris of await named(c, BUILDING_PREFIX)) await c.query(`DROP DATABASE IF EXISTS ${ident(debris)} WITH (FORCE)`);
      const building = `${BUILDING_PREFIX}${(await c.query('SELECT pg_backend_pid() AS pid')).rows[0].pid}`;
      await c.query(`CREATE DATABASE ${ident(building)}`);
      const target = await connect(databaseUrl(serverUrl, building));
      try {
        await directLoad(target, { url: databaseUrl(serverUrl, building), schema: 'public', artifact, confirm: false, dryRun: false, connections: 1 });
        // Hint bits and statistics once, in the template, instead of in every copy.
        await target.query('VACUUM (FREEZE, ANALYZE)');
      } finally {
        await target.end().catch(() => {});
      }
      await c.query(`ALTER DATABASE ${ident(building)} RENAME TO ${ident(name)}`);
      // A template nobody connects to: CREATE DATABASE … TEMPLATE fails while anyone is.
      await c.query(`ALTER DATABASE ${ident(name)} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
      return name;
    } finally {
      await c.query("SELECT pg_advisory_unlock(hashtext('fixture-forge templates'))").catch(() => {});
    }
  });
}

export type CopyStrategy = 'WAL_LOG' | 'FILE_COPY';

/**
 * How CREATE DATABASE copies: FILE_COPY copies the template's files and
 * checkpoints before and after, cheap only where nothing is synced to disk
 * (fsync off, as on test clusters: 20–30 % faster there); with fsync on its
 * checkpoints cost seconds, and WAL_LOG (PostgreSQL 15's default, block by
 * block through the WAL) wins.
 */
export async function copyStrategy(c: Client): Promise<CopyStrategy | undefined> {
  const r = await c.query("SELECT current_setting('fsync') AS fsync, current_setting('server_version_num')::int AS v");
  if (r.rows[0].v < 150000) return undefined; // STRATEGY is PostgreSQL 15's; before it every copy was a file copy
  return r.rows[0].fsync === 'off' ? 'FILE_COPY' : 'WAL_LOG';
}

/** A copy of the template, owned by process `owner` (dropped once it is gone). */
export async function createFresh(c: Client, template: string, owner = process.pid, strategy?: CopyStrategy): Promise<string> {
  const name = `${FRESH_PREFIX}${template.slice(TEMPLATE_PREFIX.length, TEMPLATE_PREFIX.length + 8)}_${owner}_${randomBytes(4).toString('hex')}`;
  const how = strategy ? ` STRATEGY ${strategy}` : '';
  try {
    await c.query(`CREATE DATABASE ${ident(name)} TEMPLATE ${ident(template)}${how}`);
  } catch (e) {
    if ((e as { code?: string }).code === '3D000')
      throw new ForgeError('DB_MISSING', `template database ${template} is gone`, 'run forge db fresh again: it loads the template first');
    throw e;
  }
  return name;
}

export async function dropDatabase(c: Client, name: string): Promise<void> {
  await c.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`);
}

/** Fresh databases whose owner process has ended: left by a killed test run. */
export async function dropOrphans(c: Client): Promise<string[]> {
  const orphans = (await named(c, FRESH_PREFIX)).filter((n) => {
    const owner = Number(/_(\d+)_[0-9a-f]+$/.exec(n)?.[1]);
    return Number.isInteger(owner) && owner > 0 && !pidAlive(owner);
  });
  for (const n of orphans) await dropDatabase(c, n);
  return orphans;
}

/** Every fresh and template database forge made on this server (forge db clean). */
export async function dropAllFresh(c: Client): Promise<string[]> {
  const all = [...(await named(c, FRESH_PREFIX)), ...(await named(c, BUILDING_PREFIX)), ...(await named(c, TEMPLATE_PREFIX))];
  for (const n of all) {
    if (n.startsWith(TEMPLATE_PREFIX)) await c.query(`ALTER DATABASE ${ident(n)} WITH IS_TEMPLATE false`);
    await dropDatabase(c, n);
  }
  return all;
}

async function exists(c: Client, name: string): Promise<boolean> {
  return ((await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount ?? 0) > 0;
}

async function named(c: Client, prefix: string): Promise<string[]> {
  const r = await c.query('SELECT datname FROM pg_database WHERE starts_with(datname, $1) ORDER BY 1', [prefix]);
  return r.rows.map((row) => row.datname as string);
}
