/**
 * One table's CSV file into COPY FROM STDIN. The COPY counts as done only
 * when the server has confirmed it ('finish' comes after CommandComplete),
 * with the server's row count equal to the manifest's; on any error the
 * stream is destroyed, which makes the server roll the COPY back.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { ForgeError } from '../errors.ts';
import { ident } from '../emit/sql.ts';
import type { Client } from './connect.ts';
import type { TableEntry } from '../artifact/manifest.ts';
import { openArtifactFile, readSizeFor } from '../artifact/read.ts';

export interface CopyJob {
  /** Schema-qualified target, already quoted. */
  target: string;
  table: string;
  columns: string[];
  /** The artifact's folder and the file's manifest entry: what is sent is hashed and checked against it. */
  dir: string;
  entry: { path: string; sha256: string; bytes: number };
  expectedRows: number;
  /** COPY FREEZE: only for a table created (or truncated) in the current transaction. */
  freeze?: boolean;
  /** Called with the bytes sent so far. */
  onBytes?: (bytes: number) => void;
}

/** A table's progress while its CSV is copied (bytes sent), then once when it is done. */
export interface LoadProgress {
  table: string;
  bytes: number;
  totalBytes: number;
  done: boolean;
}

/**
 * A table of the artifact in `dir` copied from its CSV into `target`
 * (quoted, schema-qualified), reporting progress: the one COPY every load
 * plan runs.
 */
export async function copyTable(
  client: Client,
  t: TableEntry,
  dir: string,
  target: string,
  opts: { freeze?: boolean; onProgress?: (p: LoadProgress) => void } = {},
): Promise<number> {
  const csv = t.files.csv;
  if (!csv) throw new ForgeError('ARTIFACT_INVALID', `table ${t.name} has no CSV file in the artifact`, 'rebuild it with --formats including csv');
  const totalBytes = csv.bytes;
  const rows = await copyCsvFile(client, {
    target,
    table: t.name,
    columns: t.columns.map((c) => c.name),
    dir,
    entry: csv,
    expectedRows: t.rows,
    freeze: opts.freeze,
    onBytes: (bytes) => opts.onProgress?.({ table: t.name, bytes, totalBytes, done: false }),
  });
  opts.onProgress?.({ table: t.name, bytes: totalBytes, totalBytes, done: true });
  return rows;
}

export async function copyCsvFile(client: Client, job: CopyJob): Promise<number> {
  const sql = `COPY ${job.target} (${job.columns.map(ident).join(', ')}) FROM STDIN WITH (FORMAT csv, HEADER true${job.freeze ? ', FREEZE true' : ''})`;
  // Opened (and refused if not a regular file of the artifact) before the COPY starts: a COPY
  // left waiting for data would hold the connection, and the ROLLBACK queued behind it, forever.
  const fd = openArtifactFile(job.dir, job.entry.path);
  const sink = client.query(copyFrom(sql));
  let sent = 0;
  const hash = createHash('sha256');
  const { entry } = job;
  // This hash is the file's checksum check: what counts is what is sent, hashed as it streams, and a mismatch at
  // the end (a corrupted file, or one swapped meanwhile) fails the COPY before the server commits it.
  const count = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      sent += chunk.length;
      hash.update(chunk);
      job.onBytes?.(sent);
      cb(null, chunk);
    },
    flush(cb) {
      if (sent !== entry.bytes || hash.digest('hex') !== entry.sha256) {
        cb(
          new ForgeError(
            'CHECKSUM_MISMATCH',
            `artifact file ${entry.path} does not match its sha256 in manifest.json (corrupted, edited, or changed while it was being loaded)`,
            'rebuild the artifact; nothing was changed',
          ),
        );
      } else cb();
    },
  });
  await pipeline(createReadStream('', { fd, highWaterMark: readSizeFor(entry.bytes) }), count, sink);
  if (sink.rowCount !== job.expectedRows) {
    throw new ForgeError(
      'DB_ERROR',
      `COPY into ${job.table} stored ${sink.rowCount} rows, the manifest says ${job.expectedRows}`,
      'the load was rolled back; rebuild the artifact',
    );
  }
  return sink.rowCount;
}
