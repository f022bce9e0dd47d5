/**
 * Is this very artifact already loaded here, untouched? Then a second
 * `make load` has nothing to do. "Untouched" as far as a cheap check can
 * tell: the load record names the same manifest (sha256) with no appends
 * since, and the server's statistics counters of every table show exactly
 * the rows the load inserted and no update or delete. Anything else (another
 * artifact, a write, counters reset or not kept) means "changed", and the
 * load needs --confirm as before: the check can only err towards asking.
 */
import type { Manifest } from '../artifact/manifest.ts';
import type { Client } from './connect.ts';
import { readLoaded, type LoadedFixture } from './metadata.ts';

export async function unchangedLoad(client: Client, schema: string, manifest: Manifest, manifestSha256: string): Promise<LoadedFixture | undefined> {
  const loaded = (await readLoaded(client, schema)).find((f) => f.dataset === manifest.dataset.name);
  if (!loaded || loaded.manifestSha256 !== manifestSha256 || loaded.appends.length > 0) return undefined;
  const r = await client.query(
    `SELECT relname, n_tup_ins::bigint AS ins, n_tup_upd::bigint AS upd, n_tup_del::bigint AS del
     FROM pg_stat_user_tables WHERE schemaname = $1 AND relname = ANY($2)`,
    [schema, manifest.tables.map((t) => t.name)],
  );
  const stats = new Map(r.rows.map((row) => [row.relname as string, row]));
  for (const t of manifest.tables) {
    const s = stats.get(t.name);
    if (!s || Number(s.ins) !== t.rows || Number(s.upd) !== 0 || Number(s.del) !== 0) return undefined;
  }
  return loaded;
}
