/**
 * Writing an artifact directory from per-table streams of byte chunks: the
 * data files, the dump and the manifest (last), with every checksum computed
 * on the way out. Used by `forge build` (chunks from generators) and by
 * `forge merge` (chunks read from shards), so both write the same bytes.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { copyFromStdinSql, DUMP_PREAMBLE } from '../emit/sql.ts';
import { csvField } from '../emit/csv.ts';
import { Manifest, MANIFEST_FORMAT, type FileEntry, type TableEntry } from './manifest.ts';
import { HashedFile, HashedGzipFile, JsonArrayWriter } from './output.ts';
import { RowFiles } from './row-files.ts';
import type { WriterChunk } from './table-chunks.ts';
import { FAKER_VERSION, TOOL_NAME, TOOL_VERSION } from './versions.ts';

export interface Formats {
  csv: boolean;
  json: boolean;
  dump: boolean;
}

export interface ProgressEvent {
  table: string;
  rows: number;
  unitsDone: number;
  units: number;
  done: boolean;
}

/** What a table entry of the manifest says before its rows are counted and its files written. */
export type TableMeta = Omit<TableEntry, 'rows' | 'files'>;

export interface ArtifactPlan {
  dataset: Manifest['dataset'];
  seed: number;
  profile: string;
  scenario?: string;
  params: Manifest['params'];
  range?: Manifest['range'];
  schemaSql: string;
  postSql: string;
  tables: TableMeta[];
  validation?: Manifest['validation'];
  /** A dirty artifact's section; its defect list may fill while the tables are written (the manifest is written last). */
  dirty?: Manifest['dirty'];
}

export async function writeArtifact(
  dir: string,
  plan: ArtifactPlan,
  formats: Formats,
  chunksOf: (t: TableMeta) => AsyncIterable<WriterChunk>,
  onProgress?: (e: ProgressEvent) => void,
): Promise<Manifest> {
  await mkdir(join(dir, 'data'), { recursive: true });
  const files: FileEntry[] = [];
  for (const [name, text] of [
    ['schema.sql', plan.schemaSql],
    ['post.sql', plan.postSql],
  ] as const) {
    const f = new HashedFile(join(dir, name));
    await f.write(text);
    files.push({ path: name, ...(await f.close()) });
  }

  // A whole build's dump restores into an empty database; a part's dump
  // holds only its COPY blocks, to load into tables that already exist.
  const part = plan.range !== undefined;
  const dump = formats.dump ? new HashedGzipFile(join(dir, 'dump.sql.gz')) : undefined;
  const title = `-- fixture-forge ${part ? `${plan.range!.kind} (${plan.range!.description}) ` : ''}dump of ${plan.dataset.name} ${plan.dataset.version}, seed ${plan.seed}, profile ${plan.profile}\n`;
  await dump?.write(title + DUMP_PREAMBLE + 'BEGIN;\n\n' + (part ? '' : plan.schemaSql + '\n'));

  const entries: TableEntry[] = [];
  for (const t of plan.tables) entries.push(await writeTable(dir, t, formats, dump, chunksOf(t), onProgress, files));

  if (dump) {
    await dump.write((part ? '' : '\n' + plan.postSql) + '\nCOMMIT;\n\n' + plan.tables.map((t) => `ANALYZE ${t.name};\n`).join(''));
    const gz = await dump.close();
    files.push({ path: 'dump.sql.gz', sha256: gz.sha256, bytes: gz.bytes });
  }

  // For consumers without a JSON parser (the Postgres image's init script):
  // `sha256sum -c SHA256SUMS`; the manifest vouches for SHA256SUMS itself.
  const data = entries.flatMap((e) => [e.files.csv, e.files.json]).filter((f) => f !== undefined);
  const sums = [...files, ...data]
    .sort((a, b) => (a.path < b.path ? -1 : 1))
    .map((f) => `${f.sha256}  ${f.path}\n`)
    .join('');
  const sumsFile = new HashedFile(join(dir, 'SHA256SUMS'));
  await sumsFile.write(sums);
  files.push({ path: 'SHA256SUMS', ...(await sumsFile.close()) });

  const manifest = Manifest.parse({
    format: MANIFEST_FORMAT,
    dataset: plan.dataset,
    seed: plan.seed,
    profile: plan.profile,
    ...(plan.scenario ? { scenario: plan.scenario } : {}),
    params: plan.params,
    generator: { tool: TOOL_NAME, toolVersion: TOOL_VERSION, fakerVersion: FAKER_VERSION },
    encoding: { csv: 'postgres-csv', json: 'array-of-objects, one per line', timeZone: 'UTC' },
    ...(plan.range ? { range: plan.range } : {}),
    tables: entries,
    ...(plan.validation ? { validation: plan.validation } : {}),
    ...(plan.dirty ? { dirty: plan.dirty } : {}),
    files,
  } satisfies Manifest);
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

async function writeTable(
  dir: string,
  t: TableMeta,
  formats: Formats,
  dump: HashedGzipFile | undefined,
  chunks: AsyncIterable<WriterChunk>,
  onProgress: ((e: ProgressEvent) => void) | undefined,
  files: FileEntry[],
): Promise<TableEntry> {
  const rowFiles = t.rowFiles ? new RowFiles(dir, t) : undefined;
  const csvPath = `data/${t.name}.csv`;
  const jsonPath = `data/${t.name}.json`;
  const csvFile = formats.csv ? new HashedFile(join(dir, csvPath)) : undefined;
  const jsonFile = formats.json ? new JsonArrayWriter(new HashedFile(join(dir, jsonPath))) : undefined;
  const header = Buffer.from(t.columns.map((c) => csvField(c.name)).join(',') + '\n');
  await csvFile?.write(header);
  await jsonFile?.open();
  await dump?.write(
    copyFromStdinSql(
      t.name,
      t.columns.map((c) => c.name),
    ),
  );
  await dump?.write(header);

  let rows = 0;
  onProgress?.({ table: t.name, rows, unitsDone: 0, units: t.units, done: false });
  for await (const chunk of chunks) {
    await rowFiles?.write(chunk.csv);
    await csvFile?.write(chunk.csv);
    await dump?.write(chunk.csv);
    await jsonFile?.chunk(chunk.json, chunk.jsonContinues);
    // Every write above has let go of the chunk's buffers (see HashedFile.write): they can be filled again.
    chunk.release?.();
    rows += chunk.rows;
    onProgress?.({ table: t.name, rows, unitsDone: chunk.unitsDone, units: t.units, done: false });
  }
  await dump?.write('\\.\n\n');
  onProgress?.({ table: t.name, rows, unitsDone: t.units, units: t.units, done: true });

  if (rowFiles) files.push(...(await rowFiles.close()));
  const fileEntries: TableEntry['files'] = {};
  if (csvFile) fileEntries.csv = { path: csvPath, ...(await csvFile.close()) };
  if (jsonFile) fileEntries.json = { path: jsonPath, ...(await jsonFile.close()) };
  return { ...t, rows, files: fileEntries };
}
