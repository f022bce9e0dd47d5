/**
 * Parallel builds: a build's unit ranges (every table's, in writing order)
 * are made by this thread and by worker threads (worker-pool.ts), and
 * written strictly in order. Each worker builds the dataset's tables once
 * from (dataset, seed, profile, parameters): generators are pure, so a
 * worker makes exactly the bytes this thread would.
 *
 * `--jobs N` is this thread plus N-1 workers: this thread makes the range
 * being written whenever no worker has it, and while it waits for a worker's
 * range it makes the next free one, so it never idles while the workers
 * generate (on two cores, a third busy thread would only take turns with
 * them). Ranges are handed out a bounded number ahead of the one being
 * written, across table boundaries.
 *
 * Memory stays flat: chunks of a range that is not being written are parked
 * on disk (spill-file.ts) past a few MB (the range being written too, if the
 * writer falls behind), and every written chunk's buffers go back to the
 * thread that filled them, to be filled again (see bufferPool).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Table } from '../core/dataset.ts';
import { bufferPool } from '../emit/byte-sink.ts';
import { encodeUnits } from '../emit/encode-range.ts';
import type { RowEncoder } from '../emit/row-encoder.ts';
import { poolStats } from './parallel-stats.ts';
import { SpillFile, type ParkedChunk } from './spill-file.ts';
import { throwIfInterrupted } from './staging.ts';
import type { WriterChunk } from './table-chunks.ts';
import type { PoolWorker, RangeTask, WorkerChunkReply, WorkerPool } from './worker-pool.ts';

/**
 * A range that is not the next to be written parks its chunks on disk past
 * this many bytes; the range being written, past HEAD_IN_MEMORY (when the
 * writer is slower than the worker, e.g. gzip for the dump).
 */
const WAITING_IN_MEMORY = 2 << 20;
const HEAD_IN_MEMORY = 8 << 20;
/** Output bytes this thread makes between looks at the workers' messages. */
const PIECE_BYTES = 1 << 20;

/** A range on its way: who makes it, and its chunks so far, in order. */
interface Range {
  task: RangeTask;
  /** A worker, or this thread (with `next`, the next unit to make). */
  maker: PoolWorker | 'this-thread';
  next: number;
  entries: (WriterChunk | ParkedChunk)[];
  done: boolean;
  wake?: () => void;
  /** Bytes of buffers held in memory. */
  memBytes: number;
  /** Whether this is the range being written. */
  head: boolean;
  spill?: SpillFile;
}

/** This thread's means to make ranges: each table with its encoder and output bytes per unit. */
export type LocalTables = Map<string, { table: Table; encoder: RowEncoder; bytesPerUnit: number }>;

/** A build's ranges in writing order, made here and by the workers, handed to the writer in order. */
export class RangeSchedule {
  private readonly ranges: (Range | undefined)[];
  /** Ranges [0, assigned) have someone making them. */
  private assigned = 0;
  private head = 0;
  private readonly lookAhead: number;
  /** Each table's ranges: [first, end) indexes into the task list. */
  private readonly spans = new Map<string, [number, number]>();
  private spillSeq = 0;
  /** The range this thread makes while it waits for a worker's: one it started, or the next free one. */
  private sideRange?: Range;

  constructor(
    private readonly pool: WorkerPool | undefined,
    private readonly tasks: RangeTask[],
    private readonly local: LocalTables,
    readonly spillDir: string,
    /** Whether this thread makes ranges too (false: only the workers do, which tests use). */
    private readonly thisThreadMakes = true,
  ) {
    this.ranges = new Array(tasks.length);
    this.lookAhead = 2 * ((pool?.size ?? 0) + 1);
    tasks.forEach((t, i) => {
      const span = this.spans.get(t.table);
      if (span && span[1] !== i) throw new Error(`ranges of table ${t.table} are not contiguous`);
      this.spans.set(t.table, [span ? span[0] : i, i + 1]);
    });
    mkdirSync(spillDir, { recursive: true });
    if (pool) {
      pool.onReply = (from, m) => this.onReply(from, m);
      pool.onFailure = () => this.ranges.forEach((r) => r?.wake?.());
    }
    this.dispatch();
  }

  private assign(maker: PoolWorker | 'this-thread'): Range | undefined {
    if (this.assigned >= this.tasks.length || this.assigned >= this.head + this.lookAhead) return undefined;
    const task = this.tasks[this.assigned];
    const r: Range = { task, maker, next: task.from, entries: [], done: false, memBytes: 0, head: false };
    this.ranges[this.assigned] = r;
    if (maker === 'this-thread') poolStats.rangesHere++;
    else {
      poolStats.rangesInWorkers++;
      this.pool!.send(maker, { id: this.assigned, ...task });
    }
    this.assigned++;
    return r;
  }

  /** Hands out ranges to idle workers, within the look-ahead. */
  private dispatch(): void {
    for (let w = this.pool?.idle(); w && this.assign(w); w = this.pool!.idle());
  }

  private onReply(from: PoolWorker, m: WorkerChunkReply): void {
    const r = this.ranges[m.id];
    if (!r) return;
    const csv = Buffer.from(m.csv.buffer, m.csv.byteOffset, m.csv.byteLength);
    const json = Buffer.from(m.json.buffer, m.json.byteOffset, m.json.byteLength);
    this.add(r, { rows: m.rows, csv, json, unitsDone: r.task.to, release: () => this.pool!.giveBack(from, [csv, json]) });
    if (m.last) {
      r.done = true;
      from.busy = false;
      this.dispatch();
    }
    r.wake?.();
  }

  /** Keeps a chunk in memory, or parks it on disk past the range's limit. */
  private add(r: Range, chunk: WriterChunk): void {
    const held = chunk.csv.buffer.byteLength + chunk.json.buffer.byteLength;
    if (r.memBytes + held > (r.head ? HEAD_IN_MEMORY : WAITING_IN_MEMORY)) {
      r.spill ??= new SpillFile(join(this.spillDir, `range-${this.spillSeq++}`));
      r.entries.push(r.spill.park(chunk));
      return;
    }
    r.memBytes += held;
    r.entries.push(chunk);
  }

  /** Makes the next piece (about PIECE_BYTES of output) of a range here. */
  private makePiece(r: Range): void {
    const { table, encoder, bytesPerUnit } = this.local.get(r.task.table)!;
    const to = Math.min(r.task.to, r.next + Math.max(1, Math.floor(PIECE_BYTES / bytesPerUnit)));
    encodeUnits(table.rows, encoder, r.next, to, r.task.what, (c) =>
      this.add(r, { ...c, unitsDone: to, release: () => [c.csv, c.json].forEach((b) => bufferPool.put(b.buffer)) }),
    );
    r.next = to;
    r.done = to >= r.task.to;
  }

  /** Makes a piece of the side range (starting the next free one if needed); false if there is none. */
  private workOnSideRange(): boolean {
    if (!this.thisThreadMakes) return false;
    if (this.sideRange?.done) this.sideRange = undefined;
    this.sideRange ??= this.assign('this-thread');
    if (!this.sideRange) return false;
    this.makePiece(this.sideRange);
    return true;
  }

  private discard(i: number): void {
    const r = this.ranges[i];
    this.ranges[i] = undefined;
    r?.spill?.remove();
  }

  /** The chunks of a table, in order. Tables must be asked for in the order of the ranges. */
  async *chunks(table: string): AsyncGenerator<WriterChunk> {
    const span = this.spans.get(table);
    if (!span) return;
    if (span[0] !== this.head) throw new Error(`table ${table} asked for out of order`);
    for (; this.head < span[1]; this.head++) {
      // Nobody has the range to be written: then it is this thread's (or the next idle worker's).
      let r: Range | undefined;
      for (;;) {
        this.dispatch();
        if (this.pool?.failure) throw this.pool.failure;
        r = this.ranges[this.head] ?? (this.thisThreadMakes ? this.assign('this-thread') : undefined);
        if (r) break;
        await new Promise((resolve) => setImmediate(resolve));
      }
      r.head = true;
      try {
        for (;;) {
          if (this.pool?.failure) throw this.pool.failure;
          throwIfInterrupted();
          const entry = r.entries.shift();
          if (entry) {
            if ('csv' in entry) {
              r.memBytes -= entry.csv.buffer.byteLength + entry.json.buffer.byteLength;
              yield entry;
            } else yield r.spill!.unpark(entry);
            continue;
          }
          if (r.done) break;
          if (r.maker === 'this-thread') {
            if (this.sideRange === r) this.sideRange = undefined;
            this.makePiece(r);
            this.dispatch();
            continue;
          }
          // A worker's range that is not ready: make the next free range meanwhile, or wait.
          if (this.workOnSideRange()) await new Promise((resolve) => setImmediate(resolve));
          else await new Promise<void>((resolve) => (r.wake = resolve));
          r.wake = undefined;
        }
      } finally {
        this.discard(this.head);
      }
    }
    this.dispatch();
  }

  /** Removes what is still parked (after a failure, or at the end). */
  close(): void {
    for (let i = 0; i < this.ranges.length; i++) this.discard(i);
    rmSync(this.spillDir, { recursive: true, force: true });
  }
}
