/**
 * Loading an append artifact: its rows go through a temporary table into the
 * loaded tables with ON CONFLICT on the primary key, in one transaction, so
 * re-running an append adds nothing twice and a failure adds nothing.
 */
import type { Artifact } from '../artifact/read.ts';
import { ident } from '../emit/sql.ts';
import { ForgeError } from '../errors.ts';
import { withClient } from './connect.ts';
import { copyCsvFile } from './copy-table.ts';
import { checkShape } from './inspect.ts';
import { readLoaded } from './metadata.ts';

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
    await client.query('BEGIN');
    try {
      for (const t of tables) {
        const tmp = ident(`forge_append_${t.name}`);
        const target = `${ident(opts.schema)}.${ident(t.name)}`;
        await client.query(`CREATE TEMP TABLE ${tmp} (LIKE ${target}) ON COMMIT DROP`);
        await copyCsvFile(client, { target: tmp, table: t.name, columns: t.columns.map((c) => c.name), dir, entry: t.files.csv!, expectedRows: t.rows });
        const cols = t.columns.map((c) => ident(c.name));
        const updates = cols.filter((c) => !t.primaryKey.map(ident).includes(c)).map((c) => `${c} = EXCLUDED.${c}`);
        const action = opts.onConflict === 'update' && updates.length ? `DO UPDATE SET ${updates.join(', ')}` : 'DO NOTHING';
        const r = await client.query(
          `INSERT INTO ${target} (${cols.join(', ')}) SELECT ${cols.join(', ')} FROM ${tmp} ORDER BY ${t.orderBy.map(ident).join(', ')} ON CONFLICT (${t.primaryKey.map(ident).join(', ')}) ${action}`,
        );
        inserted += r.rowCount ?? 0;
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
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    }
    return { plan, inserted };
  });
}
