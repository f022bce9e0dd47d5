/**
 * Parallel builds: a build's unit ranges (every table's, in writing order)
 * are made by this thread and by worker threads, and written strictly in
 * order. Each worker builds the dataset's tables once from (dataset, seed,
 * profile, parameters): generators are pure, so a worker makes exactly the
 * bytes this thread would.
 *
 * `--jobs N` is this thread plus N-1 workers: this thread makes the range
 * being written whenever no worker has it, and while it waits for a worker's
 * range it makes the next free one, so it never idles while the workers
 * generate (on two cores, a third busy thread would only take turns with
 * them). Ranges are handed out a bounded number ahead of the one being
 * written, across table boundaries.
 *
 * Memory stays flat: chunks of a range that is not being written are parked
 * on disk past a few MB (the range being written too, if the writer falls
 * behind), and every written chunk's buffers go back to the thread that
 * filled them, to be filled again (see bufferPool).
 */
import { closeSync, mkdirSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { Params, Table } from '../core/dataset.ts';
import { bufferPool, CHUNK_BUFFER_BYTES } from '../emit/byte-sink.ts';
import { encodeUnits, type EncodeWhat } from '../emit/encode-range.ts';
import type { RowEncoder } from '../emit/row-encoder.ts';
import { ForgeError } from '../errors.ts';
import { diskFull, isDiskFull } from '../write-error.ts';
import { throwIfInterrupted } from './staging.ts';
import type { ByteChunk } from './table-chunks.ts';

/** How a worker finds the dataset: by registry name, or by module for datasets outside it (tests). */
export type DatasetRef = { registry: string } | { module: string; export: string };

export interface WorkerInit {
  dataset: DatasetRef;
  seed: number;
  profile: string;
  scenario?: string;
  overrides: Params;
}

/** Units [from, to) of a table, encoded as `what`. */
export interface Task {
  table: string;
  from: number;
  to: number;
  what: EncodeWhat;
}

export type WorkerRequest = Task & { id: number };

export type WorkerReply = { id: number; rows: number; csv: Uint8Array; json: Uint8Array; last: boolean } | { id: number; error: string };

/** The worker's entry: the bundle beside the bundled CLI, or the sources through tsx. */
function workerEntry(): { url: URL; workerData?: Record<string, unknown> } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return { url: new URL('./worker-boot.mjs', here), workerData: { entry: new URL('./worker.ts', here).href } };
  return { url: new URL('./worker.mjs', here) };
}

// A small heap makes V8 collect early: a worker's live data is one range's
// rows and the dataset's per-series arrays, a few MB.
const WORKER_HEAP = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 2 };

/**
 * A range that is not the next to be written parks its chunks on disk past
 * this many bytes; the range being written, past HEAD_IN_MEMORY (when the
 * writer is slower than the worker, e.g. gzip for the dump).
 */
const WAITING_IN_MEMORY = 2 << 20;
const HEAD_IN_MEMORY = 8 << 20;
/** Output bytes this thread makes between looks at the workers' messages. */
const PIECE_BYTES = 1 << 20;

/** What the pools of this process did (tests check that chunks were parked and buffers recycled). */
export const poolStats = { parkedBytes: 0, recycledBuffers: 0, rangesHere: 0, rangesInWorkers: 0, workersStarted: 0 };

/** A chunk parked on disk: where its bytes are in its range's spill file. */
interface Parked {
  rows: number;
  offset: number;
  csvBytes: number;
  jsonBytes: number;
  unitsDone: number;
}

/** A range on its way: who makes it, and its chunks so far, in order. */
interface Range {
  task: Task;
  /** A worker, or this thread ('here', with the next unit to make). */
  by: Slot | 'here';
  next: number;
  entries: (ByteChunk | Parked)[];
  done: boolean;
  wake?: () => void;
  /** Bytes of buffers held in memory. */
  memBytes: number;
  head: boolean;
  spill?: { fd: number; path: string; size: number };
}

interface Slot {
  worker: Worker;
  /** Where written chunks' buffers go back to this worker. */
  recycle: MessagePort;
  busy: boolean;
}

/** The workers and their messages; the ranges themselves are the Schedule's. */
export class WorkerPool {
  readonly slots: Slot[] = [];
  failure?: ForgeError;
  private closing = false;
  /** Where replies go (set by the schedule). */
  onReply?: (slot: Slot, m: WorkerReply) => void;
  onFailure?: () => void;

  constructor(readonly size: number, init: WorkerInit) {
    const entry = workerEntry();
    for (let i = 0; i < size; i++) {
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(entry.url, { workerData: { ...entry.workerData, init, recycle: port2 }, transferList: [port2], resourceLimits: WORKER_HEAP });
      const slot: Slot = { worker, recycle: port1, busy: false };
      worker.on('message', (m: WorkerReply) => {
        if ('error' in m) this.fail(new ForgeError('WORKER_FAILED', `a build worker failed: ${m.error}`, 'nothing was written'));
        else {
          // Parking a chunk on disk happens here, in an event handler: a full disk must fail the build, not crash the process.
          try {
            this.onReply?.(slot, m);
          } catch (e) {
            this.fail(e instanceof ForgeError ? e : isDiskFull(e) ? diskFull('parking chunks of a build', 'choose another place with --out') : new ForgeError('WORKER_FAILED', `a build worker's range could not be kept: ${(e as Error).message}`, 'nothing was written'));
          }
        }
      });
      worker.on('error', (e) => this.fail(new ForgeError('WORKER_FAILED', `a build worker failed: ${e.message}`, 'nothing was written; FORGE_DEBUG=1 shows more')));
      // Any exit before close, even with code 0, leaves its range unmade.
      worker.on('exit', (code) => {
        if (!this.closing) this.fail(new ForgeError('WORKER_FAILED', `a build worker exited with code ${code}`, 'nothing was written'));
      });
      this.slots.push(slot);
      poolStats.workersStarted++;
    }
  }

  private fail(e: ForgeError): void {
    this.failure ??= e;
    this.onFailure?.();
  }

  idle(): Slot | undefined {
    return this.failure ? undefined : this.slots.find((s) => !s.busy);
  }

  send(slot: Slot, req: WorkerRequest): void {
    slot.busy = true;
    slot.worker.postMessage(req);
  }

  /** Sends a written chunk's buffers back to the worker that filled them. */
  giveBack(slot: Slot, bufs: Buffer[]): void {
    const abs = bufs.map((b) => b.buffer as ArrayBuffer).filter((ab) => ab.byteLength === CHUNK_BUFFER_BYTES);
    if (abs.length === 0 || this.closing) return;
    poolStats.recycledBuffers += abs.length;
    slot.recycle.postMessage(abs, abs);
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    for (const s of this.slots) s.recycle.close();
  }
}

/** This thread's means to make ranges: each table with its encoder and output bytes per unit. */
export type LocalTables = Map<string, { table: Table; encoder: RowEncoder; bytesPerUnit: number }>;

/** A build's ranges in writing order, made here and by the workers, handed to the writer in order. */
export class Schedule {
  private readonly ranges: (Range | undefined)[];
  /** Ranges [0, assigned) have someone making them. */
  private assigned = 0;
  private head = 0;
  private readonly lookAhead: number;
  /** Each table's ranges: [first, end) indexes into the task list. */
  private readonly spans = new Map<string, [number, number]>();
  private spillSeq = 0;

  constructor(
    private readonly pool: WorkerPool | undefined,
    private readonly tasks: Task[],
    private readonly local: LocalTables,
    readonly spillDir: string,
    /** Whether this thread makes ranges too. */
    private readonly here = true,
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
      pool.onReply = (slot, m) => this.onReply(slot, m as Extract<WorkerReply, { rows: number }>);
      pool.onFailure = () => this.ranges.forEach((r) => r?.wake?.());
    }
    this.dispatch();
  }

  private assign(by: Slot | 'here'): Range | undefined {
    if (this.assigned >= this.tasks.length || this.assigned >= this.head + this.lookAhead) return undefined;
    const task = this.tasks[this.assigned];
    const r: Range = { task, by, next: task.from, entries: [], done: false, memBytes: 0, head: false };
    this.ranges[this.assigned] = r;
    if (by === 'here') poolStats.rangesHere++;
    else {
      poolStats.rangesInWorkers++;
      this.pool!.send(by, { id: this.assigned, ...task });
    }
    this.assigned++;
    return r;
  }

  /** Hands out ranges to idle workers, within the look-ahead. */
  private dispatch(): void {
    for (let slot = this.pool?.idle(); slot && this.assign(slot); slot = this.pool!.idle());
  }

  private onReply(slot: Slot, m: Extract<WorkerReply, { rows: number }>): void {
    const r = this.ranges[m.id];
    if (!r) return;
    const csv = Buffer.from(m.csv.buffer, m.csv.byteOffset, m.csv.byteLength);
    const json = Buffer.from(m.json.buffer, m.json.byteOffset, m.json.byteLength);
    this.add(r, { rows: m.rows, csv, json, unitsDone: r.task.to, release: () => this.pool!.giveBack(slot, [csv, json]) });
    if (m.last) {
      r.done = true;
      slot.busy = false;
      this.dispatch();
    }
    r.wake?.();
  }

  /** Keeps a chunk in memory, or parks it on disk past the range's limit. */
  private add(r: Range, chunk: ByteChunk): void {
    const held = chunk.csv.buffer.byteLength + chunk.json.buffer.byteLength;
    if (r.memBytes + held > (r.head ? HEAD_IN_MEMORY : WAITING_IN_MEMORY)) return void r.entries.push(this.park(r, chunk));
    r.memBytes += held;
    r.entries.push(chunk);
  }

  /** Writes a chunk to its range's spill file; its buffers are released at once. */
  private park(r: Range, chunk: ByteChunk): Parked {
    if (!r.spill) {
      const path = join(this.spillDir, `range-${this.spillSeq++}`);
      r.spill = { fd: openSync(path, 'w+'), path, size: 0 };
    }
    const at = r.spill.size;
    writeSync(r.spill.fd, chunk.csv, 0, chunk.csv.length, at);
    writeSync(r.spill.fd, chunk.json, 0, chunk.json.length, at + chunk.csv.length);
    r.spill.size += chunk.csv.length + chunk.json.length;
    poolStats.parkedBytes += chunk.csv.length + chunk.json.length;
    const parked = { rows: chunk.rows, offset: at, csvBytes: chunk.csv.length, jsonBytes: chunk.json.length, unitsDone: chunk.unitsDone };
    chunk.release?.();
    return parked;
  }

  private unpark(r: Range, s: Parked): ByteChunk {
    const read = (bytes: number, at: number) => {
      const buf = bytes > 0 && bytes <= CHUNK_BUFFER_BYTES ? bufferPool.get().subarray(0, bytes) : Buffer.allocUnsafe(bytes);
      readSync(r.spill!.fd, buf, 0, bytes, at);
      return buf;
    };
    const csv = read(s.csvBytes, s.offset);
    const json = read(s.jsonBytes, s.offset + s.csvBytes);
    return { rows: s.rows, csv, json, unitsDone: s.unitsDone, release: () => [csv, json].forEach((b) => bufferPool.put(b.buffer)) };
  }

  /** Makes the next piece (about PIECE_BYTES of output) of a range here. */
  private makePiece(r: Range): void {
    const { table, encoder, bytesPerUnit } = this.local.get(r.task.table)!;
    const to = Math.min(r.task.to, r.next + Math.max(1, Math.floor(PIECE_BYTES / bytesPerUnit)));
    encodeUnits(table.rows, encoder, r.next, to, r.task.what, (c) => this.add(r, { ...c, unitsDone: to, release: () => [c.csv, c.json].forEach((b) => bufferPool.put(b.buffer)) }));
    r.next = to;
    r.done = to >= r.task.to;
  }

  /** The range this thread makes while it waits for a worker's: one it started, or the next free one. */
  private helping?: Range;
  private help(): boolean {
    if (!this.here) return false;
    if (this.helping?.done) this.helping = undefined;
    this.helping ??= this.assign('here');
    if (!this.helping) return false;
    this.makePiece(this.helping);
    return true;
  }

  private discard(i: number): void {
    const r = this.ranges[i];
    this.ranges[i] = undefined;
    if (!r?.spill) return;
    closeSync(r.spill.fd);
    rmSync(r.spill.path, { force: true });
  }

  /** The chunks of a table, in order. Tables must be asked for in the order of the ranges. */
  async *chunks(table: string): AsyncGenerator<ByteChunk> {
    const span = this.spans.get(table);
    if (!span) return;
    if (span[0] !== this.head) throw new Error(`table ${table} asked for out of order`);
    for (; this.head < span[1]; this.head++) {
      // Nobody has the range to be written: then it is this thread's (or the next idle worker's).
      let r: Range | undefined;
      for (;;) {
        this.dispatch();
        if (this.pool?.failure) throw this.pool.failure;
        r = this.ranges[this.head] ?? (this.here ? this.assign('here') : undefined);
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
            } else yield this.unpark(r, entry);
            continue;
          }
          if (r.done) break;
          if (r.by === 'here') {
            if (this.helping === r) this.helping = undefined;
            this.makePiece(r);
            this.dispatch();
            continue;
          }
          // A worker's range that is not ready: make the next free range meanwhile, or wait.
          if (this.help()) await new Promise((resolve) => setImmediate(resolve));
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
