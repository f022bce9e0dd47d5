/**
 * Where a range parks chunks it cannot keep in memory: one file per range,
 * chunks appended; a parked chunk is its place in that file.
 */
import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { bufferPool, CHUNK_BUFFER_BYTES } from '../emit/byte-sink.ts';
import { poolStats } from './parallel-stats.ts';
import type { WriterChunk } from './table-chunks.ts';

/** A chunk parked on disk: where its bytes are in its range's spill file. */
export interface ParkedChunk {
  rows: number;
  offset: number;
  csvBytes: number;
  jsonBytes: number;
  unitsDone: number;
}

export class SpillFile {
  private readonly fd: number;
  private size = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w+');
  }

  /** Appends a chunk's bytes; its buffers are released at once. */
  park(chunk: WriterChunk): ParkedChunk {
    const at = this.size;
    writeSync(this.fd, chunk.csv, 0, chunk.csv.length, at);
    writeSync(this.fd, chunk.json, 0, chunk.json.length, at + chunk.csv.length);
    this.size += chunk.csv.length + chunk.json.length;
    poolStats.parkedBytes += chunk.csv.length + chunk.json.length;
    const parked = { rows: chunk.rows, offset: at, csvBytes: chunk.csv.length, jsonBytes: chunk.json.length, unitsDone: chunk.unitsDone };
    // Only now: release may transfer the buffers to a worker, which empties them here.
    chunk.release?.();
    return parked;
  }

  /** Reads a parked chunk back into pooled buffers. */
  unpark(p: ParkedChunk): WriterChunk {
    const read = (bytes: number, at: number) => {
      const buf = bytes > 0 && bytes <= CHUNK_BUFFER_BYTES ? bufferPool.get().subarray(0, bytes) : Buffer.allocUnsafe(bytes);
      readSync(this.fd, buf, 0, bytes, at);
      return buf;
    };
    const csv = read(p.csvBytes, p.offset);
    const json = read(p.jsonBytes, p.offset + p.csvBytes);
    return { rows: p.rows, csv, json, unitsDone: p.unitsDone, release: () => [csv, json].forEach((b) => bufferPool.put(b.buffer)) };
  }

  remove(): void {
    closeSync(this.fd);
    rmSync(this.path, { force: true });
  }
}
