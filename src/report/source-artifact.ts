/**
 * An artifact as a report source: each table's CSV (or, for a JSON-only
 * build, its one-object-per-line JSON) streamed once, its sha256 computed on
 * the way and compared with the manifest's at the end, so a report never
 * describes a file that is not the artifact's.
 */
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Artifact } from '../artifact/read.ts';
import { ForgeError } from '../errors.ts';
import { readCsvStream, type CsvRecord } from '../artifact/csv-records.ts';
import type { ReportSource, SourceTable } from './source.ts';

/** A JSON value as the text Postgres CSV would hold for it (null stays NULL). */
function asText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return JSON.stringify(v);
}

function mismatch(path: string): ForgeError {
  return new ForgeError(
    'CHECKSUM_MISMATCH',
    `artifact file ${path} does not match its sha256 in manifest.json (corrupted or edited)`,
    'rebuild the artifact; no report was written',
  );
}

export function artifactSource(artifact: Artifact): ReportSource {
  const m = artifact.manifest;
  // The manifest as written, with the keys newer builds add (scenario, config, dirty…) that the schema may not name.
  const raw = JSON.parse(readFileSync(join(artifact.dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  return {
    kind: 'artifact',
    label: artifact.dir,
    dataset: m.dataset,
    seed: m.seed,
    profile: m.profile,
    params: m.params,
    manifest: { ...raw, ...m },
    tables: m.tables.map((t) => ({ name: t.name, role: t.role, columns: t.columns, expectedRows: t.rows })),
    async read(table: SourceTable, onRecord: (r: CsvRecord) => void): Promise<number> {
      const entry = m.tables.find((t) => t.name === table.name)!;
      const file = entry.files.csv ?? entry.files.json;
      if (!file) throw new ForgeError('ARTIFACT_INVALID', `table ${table.name} has no data file in the artifact`, 'rebuild it with --formats csv');
      const hash = createHash('sha256');
      const stream = createReadStream(join(artifact.dir, file.path));
      stream.on('data', (chunk) => hash.update(chunk as Buffer));
      let rows = 0;
      try {
        if (entry.files.csv) {
          let header = true;
          await readCsvStream(stream as AsyncIterable<Buffer>, (r) => {
            if (header) {
              header = false;
              if (r.join(',') !== table.columns.map((c) => c.name).join(',')) throw mismatch(file.path);
              return;
            }
            rows++;
            onRecord(r);
          });
        } else {
          const names = table.columns.map((c) => c.name);
          const rec: CsvRecord = [];
          for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
            if (!line.startsWith('{')) continue;
            const obj = JSON.parse(line.endsWith(',') ? line.slice(0, -1) : line) as Record<string, unknown>;
            rec.length = 0;
            for (const n of names) rec.push(asText(obj[n]));
            rows++;
            onRecord(rec);
          }
        }
      } catch (e) {
        stream.destroy();
        if (e instanceof ForgeError) throw e;
        throw mismatch(file.path);
      }
      if (hash.digest('hex') !== file.sha256) throw mismatch(file.path);
      return rows;
    },
    async close() {},
  };
}
