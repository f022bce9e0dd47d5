/**
 * Loading a dirty artifact. It cannot satisfy its own constraints, so it
 * loads into the relaxed tables of its schema.sql (no NOT NULL, keys,
 * checks or foreign keys; numeric and text without limits): every defect is
 * in the database exactly as the CSV holds it. One transaction: drop the
 * dataset's previous tables (forge's own, never CASCADE), create, COPY,
 * record; any failure leaves the target as it was.
 */
import type { Artifact } from '../artifact/read.ts';
import { ident } from '../emit/sql.ts';
import { ForgeError } from '../errors.ts';
import { withClient } from './connect.ts';
import { copyTable } from './copy-table.ts';
import { relaxedCreateTable } from '../dirty/relaxed.ts';
import { manifestDdl } from './ddl.ts';
import type { LoadResult } from './full-load.ts';
import { dropDependents, findDependents, refuseDependents } from './dependents.ts';
import { existingTables } from './inspect.ts';
import { readLoaded, recordLoad } from './metadata.ts';
import { inTransaction } from './transaction.ts';

/** Where a dirty artifact goes unless --schema says otherwise: never over clean tables by accident. */
export const DIRTY_SCHEMA = 'dirty';

export async function dirtyLoad(opts: {
  url: string;
  schema: string;
  artifact: Artifact;
  confirm: boolean;
  dryRun: boolean;
  dropDependents?: boolean;
}): Promise<LoadResult> {
  const { manifest: m, dir } = opts.artifact;
  const s = ident(opts.schema);
  // Every field checked before the database is touched: the constraints as a clean load would check
  // them (an edited manifest is refused the same way), the columns through the closed list of types.
  manifestDdl(m.tables);
  const relaxed = m.tables.map((t) => {
    try {
      return relaxedCreateTable(t);
    } catch (e) {
      throw new ForgeError(
        'ARTIFACT_INVALID',
        `manifest.json, table ${t.name}: ${(e as Error).message}`,
        'an artifact is data, never code: rebuild it with forge build; nothing was changed',
      );
    }
  });
  return withClient(opts.url, async (client) => {
    const names = m.tables.map((t) => t.name);
    const existing = await existingTables(client, opts.schema, names);
    const owned = new Set((await readLoaded(client, opts.schema)).flatMap((f) => f.tables.map((t) => t.name)));
    const foreign = existing.filter((n) => !owned.has(n));
    if (foreign.length) {
      throw new ForgeError(
        'DB_SHAPE',
        `table ${opts.schema}.${foreign[0]} exists and was not loaded by forge`,
        'drop or rename it, or load the dirty artifact into another --schema',
      );
    }
    // Objects forge did not create that hang on these tables (views, foreign keys from other tables) are never dropped.
    const deps = existing.length ? await findDependents(client, opts.schema, existing, 'drop') : [];
    refuseDependents(deps, `loading the dirty artifact into ${opts.schema}`, Boolean(opts.dropDependents));
    const rows = m.tables.reduce((n, t) => n + t.rows, 0);
    const plan = [
      `load the DIRTY ${m.dataset.name} ${m.dataset.version} seed ${m.seed} profile ${m.profile} (${m.dirty!.defects.length} injected defects) into schema ${opts.schema}, in one transaction`,
      ...(existing.length
        ? [
            `DROP TABLE ${existing
              .map((n) => `${opts.schema}.${n}`)
              .reverse()
              .join(', ')}`,
          ]
        : []),
      `create relaxed tables from schema.sql (no constraints): ${names.join(', ')}`,
      ...m.tables.map((t) => `COPY ${t.rows} rows into ${t.name} from ${t.files.csv?.path}`),
      'record the load in forge.loaded_fixture (profile marked -dirty)',
    ];
    if (opts.dryRun) return { plan, rows, replaced: existing, dependents: deps.map((d) => d.what) };
    if (existing.length && !opts.confirm) {
      throw new ForgeError(
        'CONFIRM_REQUIRED',
        `loading would replace ${existing.length} existing table(s) in ${opts.schema} (${existing.join(', ')})`,
        'add --confirm, or --dry-run to see the plan',
      );
    }
    await inTransaction(client, async () => {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
      await dropDependents(client, deps);
      // Children first: the previous load may be a clean one, with foreign keys between its tables.
      for (const n of [...existing].reverse()) await client.query(`DROP TABLE ${s}.${ident(n)}`);
      await client.query(`SET LOCAL search_path TO ${s}`);
      // Relaxed tables from the manifest's checked fields, never the artifact's SQL text.
      for (const sql of relaxed) await client.query(sql);
      for (const t of m.tables) await copyTable(client, t, dir, `${s}.${ident(t.name)}`);
      await client.query('RESET search_path');
      await recordLoad(client, opts.schema, { ...m, profile: `${m.profile}-dirty` }, opts.artifact.manifestSha256);
    });
    return { plan, rows, replaced: existing, dependents: deps.map((d) => d.what) };
  });
}
