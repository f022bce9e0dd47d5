/**
 * The chunks of one table's range, in order, made in this thread; workers
 * make the same bytes (see range-schedule.ts; tested for 1, 2, 4 and 7 workers).
 */
import type { Table } from '../core/dataset.ts';
import { bufferPool } from '../emit/byte-sink.ts';
import { encodeUnits, splitRange, type EncodedChunk, type OutputFormats } from '../emit/encode-range.ts';
import { RowEncoder } from '../emit/row-encoder.ts';
import { throwIfInterrupted } from './staging.ts';

/** An encoded chunk on its way to the writer, with what the writer needs to report progress and recycle buffers. */
export interface WriterChunk extends EncodedChunk {
  /** The last unit this chunk's range covers (for progress). */
  unitsDone: number;
  /** The JSON bytes continue the previous chunk's (merge reads files in pieces). */
  jsonContinues?: boolean;
  /** Called by the writer once nothing points into `csv` and `json` any more: their buffers go back to be reused. */
  release?: () => void;
}

/** Output bytes of one unit, measured on the range's first unit. */
export function bytesPerUnit(table: Table, encoder: RowEncoder, from: number, to: number, what: OutputFormats): number {
  if (from >= to) return 1;
  let bytes = 0;
  encodeUnits(table.rows, encoder, from, from + 1, what, (c) => {
    bytes += c.csv.length + c.json.length;
    bufferPool.put(c.csv.buffer);
    bufferPool.put(c.json.buffer);
  });
  return Math.max(1, bytes);
}

/** Output bytes per range in this thread (consecutive ranges carry their state, so they can be small). */
export const TASK_BYTES = 4 << 20;
/** Output bytes per range handed to a worker: each range replays the state before its start. */
export const WORKER_TASK_BYTES = 8 << 20;

export async function* tableChunks(
  table: Table,
  range: { from: number; to: number },
  what: OutputFormats,
  taskBytes = TASK_BYTES,
): AsyncGenerator<WriterChunk> {
  const encoder = RowEncoder.of(table.columns);
  const tasks = splitRange(table.rows, range.from, range.to, bytesPerUnit(table, encoder, range.from, range.to, what), taskBytes, false);
  const release = (c: { csv: Buffer; json: Buffer }) => () => {
    bufferPool.put(c.csv.buffer);
    bufferPool.put(c.json.buffer);
  };
  for (const [a, b] of tasks) {
    throwIfInterrupted();
    const chunks: WriterChunk[] = [];
    encodeUnits(table.rows, encoder, a, b, what, (c) => chunks.push({ ...c, unitsDone: b, release: release(c) }));
    yield* chunks;
  }
}
