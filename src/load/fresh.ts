/**
 * freshDatabase(): what `forge db fresh`, the TypeScript helper and the
 * bench call. The guard runs first: fresh databases are made only on a
 * server of this machine that does not look like production.
 *
 * Copying a template still costs a CREATE DATABASE (100–400 ms on a busy
 * 2-core machine, mostly the catalogs every database has). So a process that
 * asks for fresh databases keeps `spares` copies made ahead: a call hands one
 * over at once and starts the next copy in the background, while the test
 * runs. Spares are this process's (named after its pid): dropped when it
 * ends normally (beforeExit), else by the next caller once it is gone.
 */
import type { Artifact } from '../artifact/read.ts';
import { withClient } from './connect.ts';
import { copyStrategy, createFresh, databaseUrl, dropDatabase, dropOrphans, ensureTemplate, type CopyStrategy } from './fresh-db.ts';
import { guardTarget } from './guard.ts';

export interface FreshDatabase {
  /** The new database's URL. */
  url: string;
  name: string;
  /** The template it was copied from. */
  template: string;
  /** Drops it (connections to it are ended). */
  drop(): Promise<void>;
}

export interface FreshOptions {
  /** A URL of any database on the server; the fresh one is made beside it. */
  server: string;
  artifact: Artifact;
  env?: NodeJS.ProcessEnv;
  allowProduction?: boolean;
  /** The process whose end makes the database an orphan (default: this one). */
  owner?: number;
  /** Copies to keep made ahead for the next calls (default 2; 0 for a one-shot process such as the CLI). */
  spares?: number;
}

export const DEFAULT_SPARES = 2;

/** One server and artifact's template, and the copies made ahead of the calls. */
interface Pool {
  server: string;
  template: string;
  strategy: CopyStrategy | undefined;
  owner: number;
  /** Copies under way or made, oldest first; each settles to its database's name. */
  ahead: Promise<string>[];
}

const pools = new Map<string, Promise<Pool>>();

export async function freshDatabase(opts: FreshOptions): Promise<FreshDatabase> {
  const owner = opts.owner ?? process.pid;
  const key = `${opts.server}\n${opts.artifact.manifestSha256}\n${owner}`;
  let pending = pools.get(key);
  if (!pending) {
    pending = openPool(opts, owner);
    pools.set(key, pending);
    pending.catch(() => pools.delete(key));
  }
  const pool = await pending;
  const spares = Math.max(0, opts.spares ?? DEFAULT_SPARES);
  let name: string;
  try {
    name = await (pool.ahead.shift() ?? copy(pool));
  } catch (e) {
    // The template may have been dropped (forge db clean): made again by the next call.
    pools.delete(key);
    discard(pool);
    throw e;
  }
  while (pool.ahead.length < spares) pool.ahead.push(quiet(copy(pool)));
  return { url: databaseUrl(pool.server, name), name, template: pool.template, drop: () => withClient(pool.server, (c) => dropDatabase(c, name)) };
}

/** Drops this process's spare copies (also done on beforeExit); for a suite's afterAll on a server that outlives it. */
export async function releaseSpares(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map(async (p) => discard(await p.catch(() => undefined))));
}

async function openPool(opts: FreshOptions, owner: number): Promise<Pool> {
  // Once per server and artifact in a process: the guard connects to ask the server where it is.
  await guardTarget(opts.server, opts.env ?? process.env, opts.allowProduction ?? false);
  const template = await ensureTemplate(opts.server, opts.artifact);
  const strategy = await withClient(opts.server, async (c) => {
    await dropOrphans(c);
    return copyStrategy(c);
  });
  watchExit();
  return { server: opts.server, template, strategy, owner, ahead: [] };
}

function copy(pool: Pool): Promise<string> {
  return withClient(pool.server, (c) => createFresh(c, pool.template, pool.owner, pool.strategy));
}

/** A copy made ahead fails only when it is asked for: until then its rejection is nobody's. */
function quiet(p: Promise<string>): Promise<string> {
  p.catch(() => {});
  return p;
}

/** Drops a pool's spares once they are made (a copy that failed has nothing to drop). */
async function discard(pool: Pool | undefined): Promise<void> {
  if (!pool) return;
  const names = (await Promise.allSettled(pool.ahead.splice(0))).flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  if (names.length === 0) return;
  await withClient(pool.server, async (c) => {
    for (const n of names) await dropDatabase(c, n);
  }).catch(() => {}); // the server may be gone already (a test cluster stopped first): nothing is left then
}

let watching = false;
function watchExit(): void {
  if (watching) return;
  watching = true;
  // beforeExit comes when the event loop is empty; the drops refill it, and it comes again with no pools left.
  process.on('beforeExit', () => {
    if (pools.size > 0) void releaseSpares();
  });
}
