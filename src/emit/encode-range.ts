/**
 * Encodes the rows of a range of units into text chunks. Pure: the same
 * (table, range) gives the same text in any process, which is what lets
 * workers encode ranges that the writer concatenates in order.
 */
import type { RowSource } from '../core/dataset.ts';
import type { RowEncoder } from './row-encoder.ts';

export interface EncodeWhat {
  csv: boolean;
  json: boolean;
}

export interface Chunk {
  rows: number;
  /** CSV records without the header. */
  csv: string;
  /** JSON objects joined by ",\n", without brackets (see JsonArrayWriter). */
  json: string;
}

export function encodeUnits(source: RowSource, encoder: RowEncoder, from: number, to: number, what: EncodeWhat): Chunk {
  let csv = '';
  let json = '';
  let rows = 0;
  source.generate(from, to, (row) => {
    if (what.csv) csv += encoder.csvLine(row);
    if (what.json) json += (rows === 0 ? '' : ',\n') + encoder.jsonObject(row);
    rows++;
  });
  return { rows, csv, json };
}

/**
 * Chooses unit batches of about `targetBytes` of CSV: a few large writes
 * instead of many small ones, and a bound on what one batch holds in memory.
 * Batching never changes the bytes, only how they are cut.
 */
export class BatchPlanner {
  private size = 1;
  constructor(private readonly targetBytes = 262144, private readonly maxUnits = 1 << 20) {}
  next(): number {
    return this.size;
  }
  observe(units: number, bytes: number): void {
    if (units <= 0) return;
    const perUnit = Math.max(1, bytes / units);
    this.size = Math.max(1, Math.min(this.maxUnits, Math.floor(this.targetBytes / perUnit)));
  }
}
