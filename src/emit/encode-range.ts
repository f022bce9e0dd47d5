/**
 * Encodes the rows of a range of units into byte chunks. Pure: the same
 * (table, range) gives the same bytes in any process, which is what lets
 * workers encode ranges that the writer concatenates in order.
 */
import type { RowSource } from '../core/dataset.ts';
import { ByteSink } from './byte-sink.ts';
import type { RowEncoder } from './row-encoder.ts';

/** Which encodings a range is made in (CSV, JSON or both), as the build's formats ask. */
export interface OutputFormats {
  csv: boolean;
  json: boolean;
}

/** The bytes of some rows of a range, as encode made them. */
export interface EncodedChunk {
  rows: number;
  /** CSV records without the header. */
  csv: Buffer;
  /** JSON objects joined by ",\n", without brackets (see JsonArrayWriter). */
  json: Buffer;
}

const JSON_SEPARATOR = Buffer.from(',\n');
const sinks: { csv?: ByteSink; json?: ByteSink } = {};

/**
 * Calls `onChunk` each time about `flushBytes` have accumulated and once at
 * the end, so that memory stays bounded however large the range.
 */
export function encodeUnits(
  source: RowSource,
  encoder: RowEncoder,
  from: number,
  to: number,
  what: OutputFormats,
  onChunk: (c: EncodedChunk) => void,
  flushBytes = 1 << 20,
): void {
  // One pair of sinks per thread, reused: chunks take their buffers (see ByteSink.take).
  const csv = (sinks.csv ??= new ByteSink());
  const json = (sinks.json ??= new ByteSink());
  csv.pos = 0;
  json.pos = 0;
  let rows = 0;
  let flushed = false;
  const flush = () => {
    onChunk({ rows, csv: csv.take(), json: json.take() });
    rows = 0;
    flushed = true;
  };
  source.generate(from, to, (row) => {
    if (what.csv) encoder.writeCsv(csv, row);
    if (what.json) {
      if (rows > 0) json.bytes(JSON_SEPARATOR);
      encoder.writeJson(json, row);
    }
    rows++;
    if (csv.pos + json.pos >= flushBytes) flush();
  });
  if (rows > 0 || !flushed) flush();
}

/**
 * Cuts [from, to) into ranges of about `targetBytes` of output, preferring
 * the source's cheap split points when the ranges go to different workers
 * (one thread going through consecutive ranges carries its state instead). The cut never changes the bytes, only
 * how the work is shared.
 */
export function splitRange(source: RowSource, from: number, to: number, bytesPerUnit: number, targetBytes: number, aligned = true): [number, number][] {
  let size = Math.max(1, Math.floor(targetBytes / Math.max(1, bytesPerUnit)));
  const align = aligned ? source.align : undefined;
  // Aligned sources replay state up to the previous split point (for the
  // retail model, up to a week for some series): ranges of at least two
  // alignment steps keep the replay to a small part of the work.
  if (align) size = Math.max(2 * align.every, size - (size % align.every));
  const out: [number, number][] = [];
  let a = from;
  if (align) {
    // First stop at an aligned unit, then whole aligned steps.
    const first = a + ((align.every - ((a + align.offset) % align.every)) % align.every);
    if (first > a && first < to) {
      out.push([a, first]);
      a = first;
    }
  }
  for (; a < to; a += size) out.push([a, Math.min(to, a + size)]);
  return out;
}
