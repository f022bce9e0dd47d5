/**
 * One table's CSV file into COPY FROM STDIN. The COPY counts as done only
 * when the server has confirmed it ('finish' comes after CommandComplete),
 * with the server's row count equal to the manifest's; on any error the
 * stream is destroyed, which makes the server roll the COPY back.
 */
import { createReadStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { ForgeError } from '../errors.ts';
import { ident } from '../emit/sql.ts';
import type { Client } from './connect.ts';

export interface CopyJob {
  /** Schema-qualified target, already quoted. */
  target: string;
  table: string;
  columns: string[];
  file: string;
  expectedRows: number;
  /** COPY FREEZE: only for a table created (or truncated) in the current transaction. */
  freeze?: boolean;
  /** Called with the bytes sent so far. */
  onBytes?: (bytes: number) => void;
}

export async function copyCsvFile(client: Client, job: CopyJob): Promise<number> {
  const sql = `COPY ${job.target} (${job.columns.map(ident).join(', ')}) FROM STDIN WITH (FORMAT csv, HEADER true${job.freeze ? ', FREEZE true' : ''})`;
  const sink = client.query(copyFrom(sql));
  let sent = 0;
  const count = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      sent += chunk.length;
      job.onBytes?.(sent);
      cb(null, chunk);
    },
  });
  await pipeline(createReadStream(job.file, { highWaterMark: 1 << 20 }), count, sink);
  if (sink.rowCount !== job.expectedRows) {
    throw new ForgeError('DB_ERROR', `COPY into ${job.table} stored ${sink.rowCount} rows, the manifest says ${job.expectedRows}`, 'the load was rolled back; rebuild the artifact');
  }
  return sink.rowCount;
}
