/**
 * Loading an append artifact: its rows go through a temporary table into the
 * loaded tables with ON CONFLICT on the primary key, in one transaction, so
 * re-running an append adds nothing twice and a failure adds nothing.
 */
import type { Artifact } from '../artifact/read.ts';
import { ident } from '../emit/sql.ts';
import { ForgeError } from '../errors.ts';
import { withClient } from './connect.ts';
import { checkShape } from './inspect.ts';
import { insertViaTemp } from './insert-via-temp.ts';
import { readLoaded } from './metadata.ts';
import { inTransaction } from './transaction.ts';

export interface AppendOptions {
  url: string;
  schema: string;
  artifact: Artifact;
  onConflict: 'nothing' | 'update';
  dryRun: boolean;
}

export async function appendLoad(opts: AppendOptions): Promise<{ plan: string[]; inserted: number }> {
  const { manifest, dir } = opts.artifact;
  if (manifest.range?.kind !== 'append') {
    throw new ForgeError('USAGE', 'this artifact is not an append (build one with forge build --append-from <artifact>)', 'or load it without --append');
  }
  return withClient(opts.url, async (client) => {
    const loaded = (await readLoaded(client, opts.schema)).find((f) => f.dataset === manifest.dataset.name);
    if (!loaded)
      throw new ForgeError('USAGE', `nothing of ${manifest.dataset.name} is loaded in schema ${opts.schema} to append to`, 'load the base artifact first');
    if (loaded.seed !== manifest.seed || loaded.version !== manifest.dataset.version) {
      throw new ForgeError(
        'USAGE',
        `the append is for ${manifest.dataset.name} ${manifest.dataset.version} seed ${manifest.seed}, but ${loaded.version} seed ${loaded.seed} is loaded`,
        'build the append from the loaded artifact',
      );
    }
    const tables = manifest.tables.filter((t) => t.rows > 0);
    const plan = tables.map(
      (t) =>
        `insert ${t.rows} rows into ${opts.schema}.${t.name} ON CONFLICT (${t.primaryKey.join(', ')}) DO ${opts.onConflict === 'update' ? 'UPDATE' : 'NOTHING'}`,
    );
    if (opts.dryRun) return { plan, inserted: 0 };
    for (const t of tables) await checkShape(client, opts.schema, t);
    let inserted = 0;
    await inTransaction(client, async () => {
      for (const t of tables) {
        const cols = t.columns.map((c) => ident(c.name));
        const updates = cols.filter((c) => !t.primaryKey.map(ident).includes(c)).map((c) => `${c} = EXCLUDED.${c}`);
        const onConflict = opts.onConflict === 'update' && updates.length ? `DO UPDATE SET ${updates.join(', ')}` : 'DO NOTHING';
        inserted += await insertViaTemp(client, { tmp: `forge_append_${t.name}`, target: `${ident(opts.schema)}.${ident(t.name)}`, table: t, dir, onConflict });
      }
      await client.query(
        `UPDATE forge.loaded_fixture SET appends = appends || $3::jsonb WHERE schema_name = $1 AND dataset = $2
           AND NOT appends @> jsonb_build_array(jsonb_build_object('manifestSha256', $4::text))`,
        [
          opts.schema,
          manifest.dataset.name,
          JSON.stringify([
            {
              manifestSha256: opts.artifact.manifestSha256,
              rows: tables.reduce((n, t) => n + t.rows, 0),
              tables: Object.fromEntries(tables.map((t) => [t.name, t.rows])),
            },
          ]),
          opts.artifact.manifestSha256,
        ],
      );
    });
    return { plan, inserted };
  });
}
