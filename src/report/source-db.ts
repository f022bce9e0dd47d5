/**
 * A database as a report source: the tables forge.loaded_fixture says a
 * load put in the schema, each streamed with COPY ... TO STDOUT (FORMAT csv)
 * in the columns the table has now (data changed by hand included).
 */
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { to as copyTo } from 'pg-copy-streams';
import { ident } from '../emit/sql.ts';
import { ForgeError } from '../errors.ts';
import { connect, dbError, type Client } from '../load/connect.ts';
import { readLoaded } from '../load/metadata.ts';
import { maskUrl } from '../load/url.ts';
import { PgCsvReader, type CsvRecord } from '../artifact/csv-records.ts';
import type { ReportSource, SourceColumn, SourceTable } from './source.ts';

/** Postgres' long type names to the short ones manifests use. */
function shortType(t: string): string {
  return t
    .replace(/^character varying/, 'varchar')
    .replace(/^timestamp with time zone$/, 'timestamptz')
    .replace(/^numeric\((\d+),(\d+)\)$/, 'numeric($1,$2)');
}

async function columnsOf(client: Client, schema: string, table: string): Promise<SourceColumn[]> {
  const r = await client.query(
    `SELECT a.attname, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull
     FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
    [schema, table],
  );
  return r.rows.map((row) => ({ name: row.attname, type: shortType(row.type), nullable: !row.attnotnull }));
}

export async function databaseSource(url: string, schema: string, dataset?: string): Promise<ReportSource> {
  const client = await connect(url);
  try {
    await client.query("SET DateStyle = 'ISO, YMD'");
    const history = await readLoaded(client);
    const here = history.filter((f) => f.schema === schema && (dataset === undefined || f.dataset === dataset));
    if (here.length === 0) {
      throw new ForgeError(
        'ARTIFACT_MISSING',
        `no fixture${dataset ? ` of dataset ${dataset}` : ''} is loaded in schema ${schema} of ${maskUrl(url)}`,
        'load one first (forge load), or name the schema with --schema; forge status lists what is loaded',
      );
    }
    if (here.length > 1) {
      throw new ForgeError('USAGE', `schema ${schema} holds ${here.length} datasets (${here.map((f) => f.dataset).join(', ')})`, 'choose one with --dataset');
    }
    const loaded = here[0];
    const tables: SourceTable[] = [];
    for (const t of loaded.tables) {
      const columns = await columnsOf(client, schema, t.name);
      if (columns.length === 0)
        throw new ForgeError('DB_SHAPE', `table ${schema}.${t.name} of the loaded ${loaded.dataset} fixture is missing`, 'reload it with forge load --confirm');
      tables.push({ name: t.name, role: t.role, columns, expectedRows: t.rows });
    }
    return {
      kind: 'database',
      label: `${maskUrl(url)} schema ${schema}`,
      dataset: { name: loaded.dataset, version: loaded.version },
      seed: loaded.seed,
      profile: loaded.profile,
      params: loaded.params,
      history,
      tables,
      async read(table, onRecord: (r: CsvRecord) => void) {
        const cols = table.columns.map((c) => ident(c.name)).join(', ');
        const reader = new PgCsvReader(onRecord);
        try {
          await pipeline(
            client.query(copyTo(`COPY (SELECT ${cols} FROM ${ident(schema)}.${ident(table.name)}) TO STDOUT (FORMAT csv)`)),
            new Writable({
              write(chunk: Buffer, _enc, cb) {
                try {
                  reader.push(chunk);
                  cb();
                } catch (e) {
                  cb(e as Error);
                }
              },
            }),
          );
        } catch (e) {
          throw dbError(e, url);
        }
        reader.end();
        return reader.records;
      },
      async close() {
        await client.end().catch(() => {});
      },
    };
  } catch (e) {
    await client.end().catch(() => {});
    throw dbError(e, url);
  }
}
