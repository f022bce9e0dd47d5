/**
 * freshDatabase(): what `forge db fresh`, the TypeScript helper and the
 * bench call. The guard runs first: fresh databases are made only on a
 * server of this machine that does not look like production.
 */
import type { Artifact } from '../artifact/read.ts';
import { withClient } from './connect.ts';
import { createFresh, databaseUrl, dropDatabase, dropOrphans, ensureTemplate } from './fresh-db.ts';
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
}

/** Templates this process already made sure of, by server and artifact. */
const ready = new Map<string, string>();

export async function freshDatabase(opts: FreshOptions): Promise<FreshDatabase> {
  const key = `${opts.server}\n${opts.artifact.manifestSha256}`;
  let template = ready.get(key);
  if (!template) {
    // Once per server and artifact in a process: the guard connects to ask the server where it is.
    await guardTarget(opts.server, opts.env ?? process.env, opts.allowProduction ?? false);
    template = await ensureTemplate(opts.server, opts.artifact);
    await withClient(opts.server, dropOrphans);
    ready.set(key, template);
  }
  const t = template;
  const name = await withClient(opts.server, (c) => createFresh(c, t, opts.owner)).catch((e) => {
    ready.delete(key); // the template may have been dropped (forge db clean): make it again next time
    throw e;
  });
  return { url: databaseUrl(opts.server, name), name, template: t, drop: () => withClient(opts.server, (c) => dropDatabase(c, name)) };
}
