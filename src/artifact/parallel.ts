/**
 * Workers that encode unit ranges of tables, and the in-order stream of
 * their chunks. Each worker builds the dataset's tables once from (dataset,
 * seed, profile, parameters): generators are pure, so a worker makes exactly
 * the bytes the main thread would.
 *
 * A build's ranges (all tables, in writing order) are dispatched to idle
 * workers a bounded number ahead of the one being written, across table
 * boundaries, so that workers keep busy while the writer finishes a table.
 * Memory stays flat three ways: chunks of a range waiting for their turn are
 * parked on disk past a few MB, the head range's too if the writer falls
 * behind, and every written chunk's buffers go back to the worker that made
 * them, to be filled again (see bufferPool).
 */
import { closeSync, mkdirSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { Params } from '../core/dataset.ts';
import { bufferPool, CHUNK_BUFFER_BYTES } from '../emit/byte-sink.ts';
import type { EncodeWhat } from '../emit/encode-range.ts';
import { ForgeError } from '../errors.ts';
import { throwIfInterrupted } from './staging.ts';
import type { ByteChunk } from './table-chunks.ts';

/** How a worker finds the dataset: by registry name, or by module for datasets outside it (tests). */
export type DatasetRef = { registry: string } | { module: string; export: string };

export interface WorkerInit {
  dataset: DatasetRef;
  seed: number;
  profile: string;
  overrides: Params;
}

/** Units [from, to) of a table, encoded as `what`. */
export interface Task {
  table: string;
  from: number;
  to: number;
  what: EncodeWhat;
}

export type WorkerRequest = ({ kind: 'encode' } & Task & { id: number }) | { kind: 'measure'; id: number; table: string; unit: number; what: EncodeWhat };

export type WorkerReply =
  | { id: number; rows: number; csv: Uint8Array; json: Uint8Array; last: boolean }
  | { id: number; bytes: number }
  | { id: number; error: string };

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

/** What the pools of this process did (tests check that chunks were parked and buffers recycled). */
export const poolStats = { parkedBytes: 0, recycledBuffers: 0 };

/** A chunk parked on disk: where its bytes are in its range's spill file. */
interface Parked {
  rows: number;
  offset: number;
  csvBytes: number;
  jsonBytes: number;
}

/** A range on its way: its chunks so far, in order. */
interface Pending {
  task: Task;
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
  /** The request it is working on. */
  busy?: number;
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private failure?: ForgeError;
  private closing = false;
  private nextId = 0;
  /** Requests in flight, by id: a range's chunks, or a measurement's answer. */
  private readonly pending = new Map<number, Pending>();
  private readonly measures = new Map<number, { resolve: (bytes: number) => void; reject: (e: Error) => void }>();
  /** Woken when a worker becomes idle or the pool fails. */
  private idleWaiters: (() => void)[] = [];
  private schedule?: Schedule;

  constructor(readonly size: number, init: WorkerInit) {
    const entry = workerEntry();
    for (let i = 0; i < size; i++) {
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(entry.url, { workerData: { ...entry.workerData, init, recycle: port2 }, transferList: [port2], resourceLimits: WORKER_HEAP });
      const slot: Slot = { worker, recycle: port1 };
      worker.on('message', (m: WorkerReply) => this.onReply(slot, m));
      worker.on('error', (e) => this.fail(new ForgeError('WORKER_FAILED', `a build worker failed: ${e.message}`, 'nothing was written; FORGE_DEBUG=1 shows more')));
      // Any exit before close, even with code 0, leaves its range unmade.
      worker.on('exit', (code) => {
        if (!this.closing) this.fail(new ForgeError('WORKER_FAILED', `a build worker exited with code ${code}`, 'nothing was written'));
      });
      this.slots.push(slot);
    }
  }

  private fail(e: ForgeError): void {
    this.failure ??= e;
    for (const m of this.measures.values()) m.reject(this.failure);
    this.measures.clear();
    for (const p of this.pending.values()) p.wake?.();
    for (const w of this.idleWaiters.splice(0)) w();
  }

  private idleSlot(): Slot | undefined {
    return this.slots.find((s) => s.busy === undefined);
  }

  private send(slot: Slot, m: WorkerRequest): void {
    slot.busy = m.id;
    slot.worker.postMessage(m);
  }

  private freed(slot: Slot): void {
    slot.busy = undefined;
    this.schedule?.dispatch();
    for (const w of this.idleWaiters.splice(0)) w();
  }

  private onReply(slot: Slot, m: WorkerReply): void {
    if ('error' in m) return this.fail(new ForgeError('WORKER_FAILED', `a build worker failed: ${m.error}`, 'nothing was written'));
    if ('bytes' in m) {
      const waiting = this.measures.get(m.id);
      this.measures.delete(m.id);
      this.freed(slot);
      waiting?.resolve(m.bytes);
      return;
    }
    const p = this.pending.get(m.id);
    if (!p) return;
    const csv = Buffer.from(m.csv.buffer, m.csv.byteOffset, m.csv.byteLength);
    const json = Buffer.from(m.json.buffer, m.json.byteOffset, m.json.byteLength);
    const chunk: ByteChunk = { rows: m.rows, csv, json, unitsDone: p.task.to, release: () => this.giveBack(slot, csv, json) };
    const held = m.csv.buffer.byteLength + m.json.buffer.byteLength;
    if (p.memBytes + held > (p.head ? HEAD_IN_MEMORY : WAITING_IN_MEMORY)) p.entries.push(this.park(p, chunk));
    else {
      p.memBytes += held;
      p.entries.push(chunk);
    }
    if (m.last) {
      p.done = true;
      this.freed(slot);
    }
    p.wake?.();
  }

  /** Sends a written chunk's buffers back to the worker that filled them. */
  private giveBack(slot: Slot, ...bufs: Buffer[]): void {
    const abs = bufs.map((b) => b.buffer as ArrayBuffer).filter((ab) => ab.byteLength === CHUNK_BUFFER_BYTES);
    if (abs.length === 0 || this.closing) return;
    poolStats.recycledBuffers += abs.length;
    slot.recycle.postMessage(abs, abs);
  }

  /** Writes a chunk to its range's spill file; its buffers go back at once. */
  private park(p: Pending, chunk: ByteChunk): Parked {
    if (!p.spill) {
      const path = join(this.schedule!.spillDir, `range-${this.spillSeq++}`);
      p.spill = { fd: openSync(path, 'w+'), path, size: 0 };
    }
    const at = p.spill.size;
    writeSync(p.spill.fd, chunk.csv, 0, chunk.csv.length, at);
    writeSync(p.spill.fd, chunk.json, 0, chunk.json.length, at + chunk.csv.length);
    p.spill.size += chunk.csv.length + chunk.json.length;
    poolStats.parkedBytes += chunk.csv.length + chunk.json.length;
    const parked = { rows: chunk.rows, offset: at, csvBytes: chunk.csv.length, jsonBytes: chunk.json.length };
    chunk.release!();
    return parked;
  }

  private unpark(p: Pending, s: Parked): ByteChunk {
    const read = (bytes: number, at: number) => {
      const buf = bytes <= CHUNK_BUFFER_BYTES && bytes > 0 ? bufferPool.get().subarray(0, bytes) : Buffer.allocUnsafe(bytes);
      readSync(p.spill!.fd, buf, 0, bytes, at);
      return buf;
    };
    const csv = read(s.csvBytes, s.offset);
    const json = read(s.jsonBytes, s.offset + s.csvBytes);
    return { rows: s.rows, csv, json, unitsDone: p.task.to, release: () => [csv, json].forEach((b) => bufferPool.put(b.buffer)) };
  }

  private spillSeq = 0;

  private discard(id: number): void {
    const p = this.pending.get(id);
    this.pending.delete(id);
    if (!p?.spill) return;
    closeSync(p.spill.fd);
    rmSync(p.spill.path, { force: true });
  }

  /** Output bytes of one unit of a table, measured by a worker (the writer's thread keeps no model state). */
  async measure(table: string, unit: number, what: EncodeWhat): Promise<number> {
    for (;;) {
      if (this.failure) throw this.failure;
      const slot = this.idleSlot();
      if (slot) {
        const id = this.nextId++;
        const answer = new Promise<number>((resolve, reject) => this.measures.set(id, { resolve, reject }));
        this.send(slot, { kind: 'measure', id, table, unit, what });
        return answer;
      }
      await new Promise<void>((r) => this.idleWaiters.push(r));
    }
  }

  /**
   * Starts making the ranges, in this order, which must be the order the
   * writer asks for tables in; `spillDir` holds ranges parked on disk.
   */
  start(tasks: Task[], spillDir: string): Schedule {
    if (this.schedule) throw new Error('one schedule per pool');
    mkdirSync(spillDir, { recursive: true });
    this.schedule = new Schedule(this, tasks, spillDir);
    this.schedule.dispatch();
    return this.schedule;
  }

  /** @internal Sends task `index` of the schedule to an idle worker, if there is one. */
  dispatchTo(task: Task): number | undefined {
    const slot = this.idleSlot();
    if (!slot || this.failure) return undefined;
    const id = this.nextId++;
    this.pending.set(id, { task, entries: [], done: false, memBytes: 0, head: false });
    this.send(slot, { kind: 'encode', id, ...task });
    return id;
  }

  /** @internal The chunks of one range, as they come. */
  async *chunksOf(id: number): AsyncGenerator<ByteChunk> {
    const p = this.pending.get(id)!;
    p.head = true;
    try {
      for (;;) {
        if (this.failure) throw this.failure;
        throwIfInterrupted();
        const entry = p.entries.shift();
        if (entry) {
          if ('csv' in entry) {
            p.memBytes -= entry.csv.buffer.byteLength + entry.json.buffer.byteLength;
            yield entry;
          } else yield this.unpark(p, entry);
          continue;
        }
        if (p.done) return;
        await new Promise<void>((r) => (p.wake = r));
        p.wake = undefined;
      }
    } finally {
      this.discard(id);
    }
  }

  /** @internal */
  get failed(): ForgeError | undefined {
    return this.failure;
  }

  async close(): Promise<void> {
    if (process.env.FORGE_POOL_STATS) process.stderr.write(`pool: ${JSON.stringify(poolStats)}\n`);
    this.closing = true;
    for (const id of [...this.pending.keys()]) this.discard(id);
    if (this.schedule) rmSync(this.schedule.spillDir, { recursive: true, force: true });
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    for (const s of this.slots) s.recycle.close();
  }
}

/**
 * A build's ranges in writing order. Workers take the next range as soon as
 * they are idle, at most LOOK_AHEAD ranges per worker past the one being
 * written, whatever table it belongs to.
 */
export class Schedule {
  private readonly ids: (number | undefined)[];
  private dispatched = 0;
  private head = 0;
  private readonly lookAhead: number;
  /** Each table's ranges: [first, end) indexes into the task list. */
  private readonly spans = new Map<string, [number, number]>();

  constructor(
    private readonly pool: WorkerPool,
    private readonly tasks: Task[],
    readonly spillDir: string,
  ) {
    this.ids = new Array(tasks.length);
    this.lookAhead = 2 * pool.size;
    tasks.forEach((t, i) => {
      const span = this.spans.get(t.table);
      if (span && span[1] !== i) throw new Error(`ranges of table ${t.table} are not contiguous`);
      this.spans.set(t.table, [span ? span[0] : i, i + 1]);
    });
  }

  /** Hands out ranges to idle workers, within the look-ahead. */
  dispatch(): void {
    while (this.dispatched < this.tasks.length && this.dispatched < this.head + this.lookAhead) {
      const id = this.pool.dispatchTo(this.tasks[this.dispatched]);
      if (id === undefined) return;
      this.ids[this.dispatched++] = id;
    }
  }

  /** The chunks of a table, in order. Tables must be asked for in the order of the ranges. */
  async *chunks(table: string): AsyncGenerator<ByteChunk> {
    const span = this.spans.get(table);
    if (!span) return;
    if (span[0] !== this.head) throw new Error(`table ${table} asked for out of order`);
    for (; this.head < span[1]; this.head++) {
      this.dispatch();
      while (this.ids[this.head] === undefined) {
        // Every worker is on a later range (cannot happen with the look-ahead ≥ workers) or the pool failed.
        if (this.pool.failed) throw this.pool.failed;
        await new Promise((r) => setImmediate(r));
        this.dispatch();
      }
      yield* this.pool.chunksOf(this.ids[this.head]!);
    }
    this.dispatch();
  }
}
