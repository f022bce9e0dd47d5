/**
 * Workers that encode ranges of a table, and the in-order stream of their
 * chunks. Each worker builds the dataset's tables once from (dataset, seed,
 * profile, parameters): generators are pure, so a worker makes exactly the
 * bytes the main thread would. At most `size` tasks are in flight, and the
 * chunks of a task waiting for its turn are parked on disk past SPILL_AT.
 */
import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Worker } from 'node:worker_threads';
import type { Params } from '../core/dataset.ts';
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

export interface TaskMessage {
  id: number;
  table: string;
  from: number;
  to: number;
  what: EncodeWhat;
}

export type WorkerReply =
  | { id: number; rows: number; csv: Uint8Array; json: Uint8Array; last: boolean }
  | { id: number; error: string };

/**
 * Chunks arrive as transferred ArrayBuffers, memory outside V8's heap that
 * its scheduler collects late (after ~64 MB): with two workers a build held
 * 60-100 MB of written chunks. Collecting every 16 chunks (~16 MB) keeps the
 * build flat for a few ms each time. `gc` is exposed by a V8 flag. (The same
 * in workers, after each task, cost up to half their speed for no memory.)
 */
setFlagsFromString('--expose-gc');
export const collectGarbage: () => void = runInNewContext('gc');

const WORKER_HEAP = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 };

/** The worker's entry: the bundle beside the bundled CLI, or the sources through tsx. */
function workerEntry(): { url: URL; workerData?: unknown } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return { url: new URL('./worker-boot.mjs', here), workerData: { entry: new URL('./worker.ts', here).href } };
  return { url: new URL('./worker.mjs', here) };
}

/** A chunk parked on disk: where its bytes are in the task's spill file. */
interface Spilled {
  rows: number;
  offset: number;
  csvBytes: number;
  jsonBytes: number;
  unitsDone: number;
}

interface Pending {
  entries: (ByteChunk | Spilled)[];
  done: boolean;
  wake?: () => void;
  unitsDone: number;
  /** Bytes held in memory; past SPILL_AT a task that is not being written goes to disk. */
  memBytes: number;
  head: boolean;
  spill?: { fd: number; path: string; size: number };
}

/**
 * A worker running ahead of the writer (its task is not the next to be
 * written) parks its chunks on disk past this many bytes: memory stays flat
 * while both workers keep working.
 */
const SPILL_AT = 2 << 20;

export class WorkerPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly owner = new Map<Worker, number>();
  private nextId = 0;
  private failure?: ForgeError;
  private waiters: (() => void)[] = [];

  constructor(readonly size: number, init: WorkerInit) {
    const entry = workerEntry();
    for (let i = 0; i < size; i++) {
      // A small heap makes V8 collect early: a worker's live data is one
      // task's chunks and the dataset's per-series arrays, a few MB.
      const w = new Worker(entry.url, { workerData: { ...(entry.workerData as object), init }, resourceLimits: WORKER_HEAP });
      w.on('message', (m: WorkerReply) => this.onReply(w, m));
      w.on('error', (e) => this.fail(new ForgeError('WORKER_FAILED', `a build worker failed: ${e.message}`, 'nothing was written; FORGE_DEBUG=1 shows more')));
      w.on('exit', (code) => {
        if (code !== 0 && !this.closing) this.fail(new ForgeError('WORKER_FAILED', `a build worker exited with code ${code}`, 'nothing was written'));
      });
      this.workers.push(w);
      this.idle.push(w);
    }
  }

  private closing = false;

  private fail(e: ForgeError): void {
    this.failure ??= e;
    for (const p of this.pending.values()) p.wake?.();
    for (const w of this.waiters.splice(0)) w();
  }

  private onReply(w: Worker, m: WorkerReply): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    if ('error' in m) {
      this.fail(new ForgeError('WORKER_FAILED', `a build worker failed: ${m.error}`, 'nothing was written'));
      return;
    }
    const chunk: ByteChunk = { rows: m.rows, csv: Buffer.from(m.csv.buffer, m.csv.byteOffset, m.csv.byteLength), json: Buffer.from(m.json.buffer, m.json.byteOffset, m.json.byteLength), unitsDone: p.unitsDone };
    if (p.spill || (!p.head && p.memBytes > SPILL_AT)) p.entries.push(this.park(p, chunk));
    else {
      p.memBytes += chunk.csv.length + chunk.json.length;
      p.entries.push(chunk);
    }
    if (m.last) {
      p.done = true;
      this.owner.delete(w);
      this.idle.push(w);
      for (const x of this.waiters.splice(0)) x();
    }
    p.wake?.();
  }

  private park(p: Pending, chunk: ByteChunk): Spilled {
    if (!p.spill) {
      const path = join(tmpdir(), `forge-spill-${process.pid}-${this.spillSeq++}`);
      p.spill = { fd: openSync(path, 'w+'), path, size: 0 };
    }
    const at = p.spill.size;
    writeSync(p.spill.fd, chunk.csv, 0, chunk.csv.length, at);
    writeSync(p.spill.fd, chunk.json, 0, chunk.json.length, at + chunk.csv.length);
    p.spill.size += chunk.csv.length + chunk.json.length;
    return { rows: chunk.rows, offset: at, csvBytes: chunk.csv.length, jsonBytes: chunk.json.length, unitsDone: chunk.unitsDone };
  }

  private unpark(p: Pending, s: Spilled): ByteChunk {
    const csv = Buffer.allocUnsafe(s.csvBytes);
    const json = Buffer.allocUnsafe(s.jsonBytes);
    readSync(p.spill!.fd, csv, 0, s.csvBytes, s.offset);
    readSync(p.spill!.fd, json, 0, s.jsonBytes, s.offset + s.csvBytes);
    return { rows: s.rows, csv, json, unitsDone: s.unitsDone };
  }

  private release(p: Pending | undefined): void {
    if (!p?.spill) return;
    closeSync(p.spill.fd);
    rmSync(p.spill.path, { force: true });
    p.spill = undefined;
  }

  private spillSeq = 0;
  private yielded = 0;

  private async acquire(): Promise<Worker> {
    for (;;) {
      if (this.failure) throw this.failure;
      const w = this.idle.pop();
      if (w) return w;
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }

  /** The chunks of the tasks, in task order, while later tasks run on other workers. */
  async *run(table: string, tasks: [number, number][], what: EncodeWhat): AsyncGenerator<ByteChunk> {
    const ids: number[] = [];
    let dispatched = 0;
    const dispatch = async () => {
      const w = await this.acquire();
      const [from, to] = tasks[dispatched++];
      const id = this.nextId++;
      this.pending.set(id, { entries: [], done: false, unitsDone: to, memBytes: 0, head: false });
      this.owner.set(w, id);
      ids.push(id);
      const msg: TaskMessage = { id, table, from, to, what };
      w.postMessage(msg);
    };
    try {
      for (let head = 0; head < tasks.length; head++) {
        // Keep every worker busy, but never more tasks ahead of the writer
        // than there are workers: waiting chunks are what costs memory.
        while (dispatched < tasks.length && dispatched < head + this.size && (this.idle.length > 0 || dispatched === head)) await dispatch();
        const p = this.pending.get(ids[head])!;
        p.head = true;
        for (;;) {
          if (this.failure) throw this.failure;
          throwIfInterrupted();
          const entry = p.entries.shift();
          if (entry) {
            if ('csv' in entry) {
              p.memBytes -= entry.csv.length + entry.json.length;
              yield entry;
            } else yield this.unpark(p, entry);
            if (++this.yielded % 16 === 0) collectGarbage();
            continue;
          }
          if (p.done) break;
          await new Promise<void>((r) => (p.wake = r));
          p.wake = undefined;
          while (dispatched < tasks.length && dispatched < head + this.size && this.idle.length > 0) await dispatch();
        }
        this.release(p);
        this.pending.delete(ids[head]);
      }
    } finally {
      for (const id of ids) {
        this.release(this.pending.get(id));
        this.pending.delete(id);
      }
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
