/**
 * `forge validate --db URL`: a loaded dataset checked where it lives, by the
 * rules recorded when it was loaded (forge.loaded_fixture.manifest), however
 * the data changed since. The declared constraints must exist, be valid and
 * be enforced; the rows are streamed out with COPY and go through the same
 * engine as an artifact's files, so a constraint dropped or a trigger
 * disabled before a hand edit still shows the rows it let through.
 */
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { to as copyTo } from 'pg-copy-streams';
import { Manifest, type TableEntry } from '../artifact/manifest.ts';
import { ident, readDefault } from '../emit/sql.ts';
import { ForgeError } from '../errors.ts';
import { withClient, type Client } from '../load/connect.ts';
import { shapeOf } from '../load/inspect.ts';
import { readLoaded, readLoadedManifest } from '../load/metadata.ts';
import { maskUrl } from '../load/url.ts';
import { PgCsvReader } from '../artifact/csv-records.ts';
import { enforcedId, Validator } from './engine.ts';
import { DEFAULT_MAX_KEYS, type ValidateOptions } from './offline.ts';
import { CHECKS, ViolationLog, type Report } from './report.ts';

export interface OnlineOptions extends ValidateOptions {
  url: string;
  schema: string;
  dataset?: string;
}

export async function validateDatabase(opts: OnlineOptions): Promise<Report> {
  return withClient(opts.url, async (client) => {
    const loaded = await readLoaded(client, opts.schema);
    const candidates = opts.dataset ? loaded.filter((f) => f.dataset === opts.dataset) : loaded;
    if (candidates.length === 0) {
      throw new ForgeError(
        'USAGE',
        `no ${opts.dataset ?? 'fixture'} loaded by forge in schema ${opts.schema} of ${maskUrl(opts.url)}`,
        'load one first (forge load), or name the schema with --schema',
      );
    }
    if (candidates.length > 1)
      throw new ForgeError('USAGE', `schema ${opts.schema} holds ${candidates.map((f) => f.dataset).join(' and ')}`, 'name one with --dataset');
    const fixture = candidates[0];
    const raw = await readLoadedManifest(client, opts.schema, fixture.dataset);
    const parsed = Manifest.safeParse(raw);
    if (raw === null || !parsed.success) {
      throw new ForgeError(
        'DB_SHAPE',
        `forge.loaded_fixture has no ${raw === null ? '' : 'valid '}rules for ${fixture.dataset} in schema ${opts.schema} (loaded by an older forge, or edited)`,
        'reload it with this forge: forge load --confirm',
      );
    }
    const m = parsed.data;
    const log = new ViolationLog(opts.limit);
    const claimed: Record<string, number | undefined> = Object.fromEntries(m.tables.map((t) => [t.name, t.rows]));
    for (const a of fixture.appends) {
      for (const t of m.tables) claimed[t.name] = a.tables && claimed[t.name] !== undefined ? claimed[t.name]! + (a.tables[t.name] ?? 0) : undefined;
      if (!a.tables) log.note('counts', 'an append recorded without per-table rows: table counts not compared');
    }
    const { present, enforced } = await checkConstraints(client, opts.schema, m.tables, log);
    const validator = new Validator(
      { tables: m.tables, validation: m.validation, claimedRows: claimed, checkTypes: false, enforced, perTenantCounts: fixture.appends.length === 0 },
      log,
      opts.maxKeys ?? DEFAULT_MAX_KEYS,
    );
    for (const t of m.tables) {
      if (present.has(t.name)) await streamTable(client, opts.schema, t, validator);
      else validator.unreadable(t.name);
    }
    validator.finish();
    return log.report(
      {
        mode: 'database',
        target: `${maskUrl(opts.url)} schema ${opts.schema}`,
        dataset: { name: m.dataset.name, version: m.dataset.version, seed: m.seed, profile: m.profile },
      },
      CHECKS.filter((c) => c !== 'files' && c !== 'types'),
    );
  });
}

/**
 * Tables with their columns, every declared constraint present, validated
 * and (foreign keys) with its triggers enabled, NOT NULL on every column
 * that had it. Returns the tables whose rows can be read and the key
 * constraints Postgres itself guarantees (their key sets need not be kept).
 */
async function checkConstraints(
  client: Client,
  schema: string,
  tables: TableEntry[],
  log: ViolationLog,
): Promise<{ present: Set<string>; enforced: Set<string> }> {
  log.markRan('constraints');
  const present = new Set<string>();
  const enforced = new Set<string>();
  for (const t of tables) {
    const shape = (await shapeOf(client, schema, t.name)).map((s) => s.split(' '));
    if (shape.length === 0) {
      log.add({ check: 'constraints', kind: 'missing_constraint', table: t.name, message: `table ${schema}.${t.name} does not exist` });
      continue;
    }
    const byName = new Map(shape.map(([name, type, nul]) => [name, { type, nullable: nul === 'null' }]));
    const missing = t.columns.filter((c) => byName.get(c.name)?.type !== c.type);
    if (missing.length) {
      log.add({
        check: 'constraints',
        kind: 'missing_constraint',
        table: t.name,
        column: missing[0].name,
        message: `column ${missing[0].name} ${missing[0].type} is ${byName.has(missing[0].name) ? `now ${byName.get(missing[0].name)!.type}` : 'missing'}; the table's rows were not read`,
      });
      continue;
    }
    present.add(t.name);
    for (const c of t.columns) {
      if (!c.nullable && byName.get(c.name)!.nullable)
        log.add({ check: 'constraints', kind: 'missing_not_null', table: t.name, column: c.name, message: `column ${c.name} lost its NOT NULL` });
    }
    const r = await client.query(
      `SELECT k.conname, k.convalidated, coalesce(bool_or(g.tgenabled = 'D'), false) AS disabled
       FROM pg_constraint k JOIN pg_class r ON r.oid = k.conrelid JOIN pg_namespace s ON s.oid = r.relnamespace
       LEFT JOIN pg_trigger g ON g.tgconstraint = k.oid
       WHERE s.nspname = $1 AND r.relname = $2 GROUP BY k.conname, k.convalidated`,
      [schema, t.name],
    );
    const idx = await client.query('SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND tablename = $2', [schema, t.name]);
    // Column defaults and row-level security policies are not in pg_constraint.
    const extra = await client.query(
      `SELECT r.relrowsecurity AS rls,
              ARRAY(SELECT a.attname::text FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum WHERE d.adrelid = r.oid) AS defaults,
              ARRAY(SELECT p.polname::text FROM pg_policy p WHERE p.polrelid = r.oid) AS policies
       FROM pg_class r JOIN pg_namespace s ON s.oid = r.relnamespace WHERE s.nspname = $1 AND r.relname = $2`,
      [schema, t.name],
    );
    const { rls, defaults, policies } = extra.rows[0] as { rls: boolean; defaults: string[]; policies: string[] };
    const found = new Map(r.rows.map((row) => [row.conname as string, row as { convalidated: boolean; disabled: boolean }]));
    const columnNames = t.columns.map((col) => col.name);
    for (const c of t.constraints) {
      if (c.kind === 'index') {
        if (!idx.rows.some((row) => row.indexname === c.name))
          log.add({ check: 'constraints', kind: 'missing_constraint', table: t.name, message: `index ${c.name} is missing` });
        continue;
      }
      if (c.kind === 'default') {
        const column = readDefault(t.name, columnNames, c.sql)?.column ?? c.sql;
        if (!defaults.includes(column))
          log.add({ check: 'constraints', kind: 'missing_constraint', table: t.name, column, message: `column ${column} lost its default (${c.name})` });
        continue;
      }
      if (c.kind === 'policy') {
        const problem = !policies.includes(c.name) ? 'is missing' : !rls ? 'is not enforced (row-level security is disabled on the table)' : undefined;
        if (problem) log.add({ check: 'constraints', kind: 'missing_constraint', table: t.name, message: `row-level security policy ${c.name} ${problem}` });
        continue;
      }
      const k = found.get(c.name);
      const problem = !k ? 'is missing' : !k.convalidated ? 'is NOT VALID' : k.disabled ? 'is not enforced (its triggers are disabled)' : undefined;
      if (problem) {
        log.add({ check: 'constraints', kind: 'missing_constraint', table: t.name, message: `${c.kind.replace('_', ' ')} ${c.name} ${problem}` });
        continue;
      }
      if (c.kind === 'primary_key') enforced.add(enforcedId(t.name, 'primary_key', t.primaryKey));
      if (c.kind === 'unique') {
        const u = t.unique.find((cols) => c.sql.endsWith(`UNIQUE (${cols.map(ident).join(', ')});`));
        if (u) enforced.add(enforcedId(t.name, 'unique', u));
      }
    }
  }
  return { present, enforced };
}

/** The column of a declared default: `ALTER TABLE … ALTER COLUMN <column> SET DEFAULT …`. */
/** A table's rows, as Postgres prints them in CSV (UTC), through the validator. */
async function streamTable(client: Client, schema: string, t: TableEntry, validator: Validator): Promise<void> {
  const tv = validator.table(t.name);
  // The validator may keep the fields; the reader reuses its array.
  const records = new PgCsvReader((r) => tv.row([...r]));
  const cols = t.columns.map((c) => ident(c.name)).join(', ');
  const sql = `COPY (SELECT ${cols} FROM ${ident(schema)}.${ident(t.name)} ORDER BY ${t.orderBy.map(ident).join(', ')}) TO STDOUT (FORMAT csv)`;
  await pipeline(
    client.query(copyTo(sql)),
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        try {
          records.push(chunk);
          cb();
        } catch (e) {
          cb(e as Error);
        }
      },
      final(cb) {
        try {
          records.end();
          cb();
        } catch (e) {
          cb(e as Error);
        }
      },
    }),
  );
  tv.end();
}
