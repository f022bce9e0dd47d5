/**
 * `forge build --dirty`: the clean build's rows, read back in order and
 * spoiled by TableSpoiler, written as a marked artifact variant: its own
 * directory (`…-dirty`), a `dirty` section in the manifest listing every
 * defect (table, row key, column, kind), CSV and JSON only (no dump: it could
 * not satisfy its own constraints), and a schema.sql of relaxed tables that
 * `forge load` uses so that every defect loads as written.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Manifest, TableEntry } from '../artifact/manifest.ts';
import { artifactDir, canonicalParams } from '../artifact/paths.ts';
import type { Artifact } from '../artifact/read.ts';
import { prepareOutputRoot, removeStalePartials, withTempDir } from '../artifact/staging.ts';
import type { WriterChunk } from '../artifact/table-chunks.ts';
import { writeArtifact, type ArtifactPlan, type ProgressEvent } from '../artifact/write.ts';
import { parseColumn } from '../core/columns.ts';
import type { Params } from '../core/dataset.ts';
import { csvField } from '../emit/csv.ts';
import { PgCsvReader } from '../artifact/csv-records.ts';
import { relaxedCreateTable } from './relaxed.ts';
import type { Rates } from '../config/dirty.ts';
import { DEFAULT_RATE, DEFECT_KINDS, KIND_DOCS } from './kinds.ts';
import { ParentKeys, TableSpoiler, type Defect, type Fields } from './spoil.ts';

export const DIRTY_LOAD =
  'forge load creates the tables of schema.sql (the same columns, numeric without precision, varchar as text, every column nullable, no keys, checks, foreign keys or indexes) in one transaction and copies the CSV files as they are, so every defect is in the database as written';

export type { Rates } from '../config/dirty.ts';

/** `seed-42-local[-scenario]-dirty`, or `…-dirty-<hash>` when the rates are not the defaults. */
export function dirtyDir(
  outRoot: string,
  m: { dataset: { name: string; version: string }; seed: number; profile: string; scenario?: string },
  overrides: Params,
  rates: Rates,
): string {
  const base = artifactDir(outRoot, m.dataset.name, m.dataset.version, m.seed, m.profile, overrides, m.scenario);
  const defaults = DEFECT_KINDS.every((k) => rates[k] === DEFAULT_RATE);
  return defaults ? `${base}-dirty` : `${base}-dirty-${createHash('sha256').update(canonicalParams(rates)).digest('hex').slice(0, 8)}`;
}

/** The tables a dirty artifact loads into: every defect fits (src/dirty/relaxed.ts). */
export function relaxedSchemaSql(tables: TableEntry[]): string {
  return (
    '-- fixture-forge DIRTY artifact: relaxed tables (no NOT NULL, keys, checks or foreign keys) that hold every injected defect\n' +
    tables.map(relaxedCreateTable).join('\n')
  );
}

/** A field's text as the JSON file writes the column's value (the same text a clean build writes for it). */
function jsonValue(kind: string, v: string | null): string {
  if (v === null) return 'null';
  switch (kind) {
    case 'int':
    case 'numeric':
      return /^-?\d+(\.\d+)?$/.test(v) ? v : JSON.stringify(v);
    case 'boolean':
      return v === 't' ? 'true' : v === 'f' ? 'false' : JSON.stringify(v);
    case 'jsonb':
      return v;
    case 'real_array':
      return /^\{[^{}]*\}$/.test(v) ? `[${v.slice(1, -1)}]` : JSON.stringify(v);
    case 'timestamptz': {
      const m = /^(\d{4,}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d+))?\+00$/.exec(v);
      return JSON.stringify(m ? `${m[1]}T${m[2]}.${(m[3] ?? '').padEnd(3, '0').slice(0, 3)}Z` : v);
    }
    default:
      return JSON.stringify(v);
  }
}

const BATCH_ROWS = 4096;

async function* spoiledChunks(file: string, t: TableEntry, spoiler: TableSpoiler): AsyncIterable<WriterChunk> {
  const kinds = t.columns.map((c) => parseColumn(`${c.name} ${c.type}`).kind);
  const names = t.columns.map((c) => JSON.stringify(c.name) + ':');
  let csv: string[] = [];
  let json: string[] = [];
  let header = true;
  const reader = new PgCsvReader((r) => {
    if (header) {
      header = false;
      return;
    }
    const f = spoiler.row(r as Fields);
    let line = '';
    let obj = '{';
    for (let i = 0; i < f.length; i++) {
      const v = f[i];
      line += (i ? ',' : '') + (v === null ? '' : csvField(v));
      obj += (i ? ',' : '') + names[i] + jsonValue(kinds[i], v);
    }
    csv.push(line + '\n');
    json.push(obj + '}');
  });
  const flush = (): WriterChunk => {
    const chunk = { rows: csv.length, csv: Buffer.from(csv.join('')), json: Buffer.from(json.join(',\n')), unitsDone: 0 };
    csv = [];
    json = [];
    return chunk;
  };
  for await (const chunk of createReadStream(file)) {
    reader.push(chunk as Buffer);
    if (csv.length >= BATCH_ROWS) yield flush();
  }
  reader.end();
  if (csv.length) yield flush();
}

/** Writes the dirty variant of a clean artifact (built with CSV) to `target`. */
export async function buildDirty(clean: Artifact, target: string, rates: Rates, onProgress?: (e: ProgressEvent) => void): Promise<Manifest> {
  const m = clean.manifest;
  await prepareOutputRoot(dirname(target), dirname(target));
  await removeStalePartials(dirname(target));
  const defects: Defect[] = [];
  const parents = new ParentKeys(m.tables);
  // Filled while the tables are written; writeArtifact reads it when it writes the manifest, last.
  const dirty = { rates, kinds: KIND_DOCS, load: DIRTY_LOAD, defects };
  const plan: ArtifactPlan = {
    dataset: m.dataset,
    seed: m.seed,
    profile: m.profile,
    ...(m.scenario ? { scenario: m.scenario } : {}),
    params: m.params,
    schemaSql: relaxedSchemaSql(m.tables),
    postSql: '-- fixture-forge DIRTY artifact: no constraints (it cannot satisfy them); see manifest.json "dirty"\n',
    tables: m.tables.map(({ rows: _r, files: _f, ...meta }) => meta),
    dirty,
  };
  return withTempDir(target, (tmp) =>
    writeArtifact(
      tmp,
      plan,
      { csv: true, json: true, dump: false },
      (meta) => {
        const entry = m.tables.find((t) => t.name === meta.name)!;
        const spoiler = new TableSpoiler(entry, m.tables, m.seed, m.dataset.name, rates, parents, defects);
        return spoiledChunks(join(clean.dir, entry.files.csv!.path), entry, spoiler);
      },
      onProgress,
    ),
  );
}
