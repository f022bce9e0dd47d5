/**
 * `forge build`: compiles a dataset into an artifact directory. Tables are
 * generated one after another and streamed to their CSV and JSON files and
 * into the dump at once; nothing holds a whole table. The artifact is written
 * into a private temporary directory and renamed into place only when
 * complete, so an interrupted build never leaves a partial artifact.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from "node:path";
import { GenContext } from '../core/context.ts';
import { resolveTables, type Dataset, type Params, type Table } from '../core/dataset.ts';
import { RowEncoder } from '../emit/row-encoder.ts';
import { WorkerPool, type DatasetRef } from './parallel.ts';
import { tableChunks } from './table-chunks.ts';
import { constraints, copyFromStdinSql, DUMP_PREAMBLE, postSql, schemaSql } from '../emit/sql.ts';
import { ForgeError } from '../errors.ts';
import { HashedFile, HashedGzipFile, JsonArrayWriter } from './output.ts';
import { MANIFEST_FORMAT, Manifest, type FileEntry, type TableEntry } from './manifest.ts';
import { artifactDir } from './paths.ts';
import { prepareOutputRoot, removeStalePartials, withTempDir } from './staging.ts';
import { FAKER_VERSION, TOOL_NAME, TOOL_VERSION } from './versions.ts';

export interface Formats {
  csv: boolean;
  json: boolean;
  dump: boolean;
}

export const ALL_FORMATS: Formats = { csv: true, json: true, dump: true };

export interface ProgressEvent {
  table: string;
  rows: number;
  unitsDone: number;
  units: number;
  done: boolean;
}

/** Part of each table: units [from, to) per table name (tables not named: none of their units). */
export interface BuildRange {
  kind: 'shard' | 'append';
  description: string;
  /** Appended to the artifact directory's name, e.g. `shard-1-of-3`. */
  suffix: string;
  tables: Record<string, { from: number; to: number }>;
}

export interface BuildOptions {
  dataset: Dataset;
  seed: number;
  profile: string;
  overrides?: Params;
  outRoot: string;
  formats?: Formats;
  range?: BuildRange;
  /** Worker threads (default 1: in this thread). Output is the same for any number. */
  jobs?: number;
  /** How workers find a dataset that is not in the registry (tests). */
  datasetRef?: DatasetRef;
  onProgress?: (e: ProgressEvent) => void;
}

export interface BuildResult {
  dir: string;
  manifest: Manifest;
}

/** Resolves parameters and tables: everything a build needs but the files. */
export function planBuild(dataset: Dataset, seed: number, profile: string, overrides: Params = {}) {
  if (!dataset.profiles[profile]) {
    throw new ForgeError('UNKNOWN_PROFILE', `dataset ${dataset.name} has no profile "${profile}"`, `use one of: ${Object.keys(dataset.profiles).join(', ')}`);
  }
  let params: Params;
  try {
    params = dataset.resolveParams(profile, overrides);
  } catch (e) {
    throw new ForgeError('BAD_PARAM', `invalid parameters for ${dataset.name}: ${describeError(e)}`, 'check --set values and the profile');
  }
  const ctx = new GenContext(seed, dataset.name);
  const tables = resolveTables(dataset.tables(ctx, params));
  return { params, tables, ctx };
}

/** A zod error as `path: message; …` on one line; other errors by message. */
function describeError(e: unknown): string {
  const issues = (e as { issues?: { path: PropertyKey[]; message: string }[] }).issues;
  if (Array.isArray(issues)) return issues.map((i) => `${i.path.map(String).join('.') || 'params'}: ${i.message}`).join('; ');
  return (e as Error).message;
}

export async function build(opts: BuildOptions): Promise<BuildResult> {
  const { dataset, seed, profile, overrides = {}, outRoot } = opts;
  const formats = opts.formats ?? ALL_FORMATS;
  const { params, tables } = planBuild(dataset, seed, profile, overrides);
  const whole = artifactDir(outRoot, dataset.name, dataset.version, seed, profile, overrides);
  const target = opts.range ? `${whole}-${opts.range.suffix}` : whole;
  await prepareOutputRoot(outRoot, dirname(target));
  await removeStalePartials(dirname(target));

  const jobs = opts.jobs ?? 1;
  const pool = jobs > 1 ? new WorkerPool(jobs, { dataset: opts.datasetRef ?? { registry: dataset.name }, seed, profile, overrides }) : undefined;
  try {
    const manifest = await withTempDir(target, async (tmp) => {
      const m = await writeArtifact(tmp, { dataset, seed, profile, params, tables, formats, range: opts.range, pool, onProgress: opts.onProgress });
      await writeFile(join(tmp, 'manifest.json'), JSON.stringify(m, null, 2) + '\n');
      return m;
    });
    return { dir: target, manifest };
  } finally {
    await pool?.close();
  }
}

interface WriteInput {
  dataset: Dataset;
  seed: number;
  profile: string;
  params: Params;
  tables: Table[];
  formats: Formats;
  range?: BuildRange;
  pool?: WorkerPool;
  onProgress?: (e: ProgressEvent) => void;
}

/** The units of a table this build makes: all of them, or the range's part. */
function unitsOf(table: Table, range: BuildRange | undefined): { from: number; to: number } {
  const units = table.rows.units;
  if (!range) return { from: 0, to: units };
  const r = range.tables[table.name] ?? { from: units, to: units };
  if (!(Number.isInteger(r.from) && Number.isInteger(r.to) && 0 <= r.from && r.from <= r.to && r.to <= units)) {
    throw new ForgeError('BAD_PARAM', `range of table ${table.name} is [${r.from}, ${r.to}) but the table has ${units} units`, 'the range must lie inside the table');
  }
  return r;
}

async function writeArtifact(dir: string, input: WriteInput): Promise<Manifest> {
  const { tables, formats } = input;
  await mkdir(join(dir, 'data'), { recursive: true });
  const files: FileEntry[] = [];
  const writeText = async (name: string, text: string) => {
    const f = new HashedFile(join(dir, name));
    await f.write(text);
    files.push({ path: name, ...(await f.close()) });
  };
  const schema = schemaSql(tables);
  const post = postSql(tables);
  await writeText('schema.sql', schema);
  await writeText('post.sql', post);

  // A whole build's dump restores into an empty database; a part's dump
  // holds only its COPY blocks, to load into tables that already exist.
  const part = input.range !== undefined;
  const dump = formats.dump ? new HashedGzipFile(join(dir, 'dump.sql.gz')) : undefined;
  const title = `-- fixture-forge ${part ? `${input.range!.kind} (${input.range!.description}) ` : ''}dump of ${input.dataset.name} ${input.dataset.version}, seed ${input.seed}, profile ${input.profile}\n`;
  await dump?.write(title + DUMP_PREAMBLE + 'BEGIN;\n\n' + (part ? '' : schema + '\n'));

  const entries: TableEntry[] = [];
  for (const table of tables) entries.push(await writeTable(dir, table, unitsOf(table, input.range), formats, dump, input.pool, input.onProgress));

  if (dump) {
    await dump.write((part ? '' : '\n' + post) + '\nCOMMIT;\n\n' + tables.map((t) => `ANALYZE ${t.name};\n`).join(''));
    const gz = await dump.close();
    files.push({ path: 'dump.sql.gz', sha256: gz.sha256, bytes: gz.bytes });
  }

  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    dataset: { name: input.dataset.name, version: input.dataset.version, description: input.dataset.description },
    seed: input.seed,
    profile: input.profile,
    params: input.params,
    generator: { tool: TOOL_NAME, toolVersion: TOOL_VERSION, fakerVersion: FAKER_VERSION },
    encoding: { csv: 'postgres-csv', json: 'array-of-objects, one per line', timeZone: 'UTC' },
    ...(input.range ? { range: { kind: input.range.kind, description: input.range.description, tables: Object.fromEntries(tables.map((t) => [t.name, unitsOf(t, input.range)])) } } : {}),
    tables: entries,
    files,
  };
  return Manifest.parse(manifest);
}

async function writeTable(
  dir: string,
  table: Table,
  range: { from: number; to: number },
  formats: Formats,
  dump: HashedGzipFile | undefined,
  pool: WorkerPool | undefined,
  onProgress?: (e: ProgressEvent) => void,
): Promise<TableEntry> {
  const encoder = new RowEncoder(table.columns);
  const csvPath = `data/${table.name}.csv`;
  const jsonPath = `data/${table.name}.json`;
  const csvFile = formats.csv ? new HashedFile(join(dir, csvPath)) : undefined;
  const jsonFile = formats.json ? new JsonArrayWriter(new HashedFile(join(dir, jsonPath))) : undefined;
  const what = { csv: formats.csv || formats.dump, json: formats.json };

  const header = Buffer.from(encoder.csvHeader);
  await csvFile?.write(header);
  await jsonFile?.open();
  await dump?.write(copyFromStdinSql(table));
  await dump?.write(header);

  const { units } = table.rows;
  let rows = 0;
  onProgress?.({ table: table.name, rows, unitsDone: range.from, units, done: false });
  for await (const chunk of tableChunks(table, range, what, pool)) {
    await csvFile?.write(chunk.csv);
    await dump?.write(chunk.csv);
    await jsonFile?.chunk(chunk.json);
    rows += chunk.rows;
    onProgress?.({ table: table.name, rows, unitsDone: chunk.unitsDone, units, done: false });
  }
  await dump?.write('\\.\n\n');
  onProgress?.({ table: table.name, rows, unitsDone: units, units, done: true });

  const fileEntries: TableEntry['files'] = {};
  if (csvFile) fileEntries.csv = { path: csvPath, ...(await csvFile.close()) };
  if (jsonFile) fileEntries.json = { path: jsonPath, ...(await jsonFile.close()) };
  return {
    name: table.name,
    role: table.role,
    rows,
    units,
    columns: table.columns.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable })),
    primaryKey: table.primaryKey,
    unique: table.unique,
    foreignKeys: table.foreignKeys,
    checks: table.checks,
    ...(table.tenantColumn ? { tenantColumn: table.tenantColumn } : {}),
    orderBy: table.orderBy,
    constraints: constraints([table]).map(({ name, kind, sql }) => ({ name, kind, sql })),
    files: fileEntries,
  };
}

