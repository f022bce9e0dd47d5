/**
 * Workers that encode ranges of a table, and the in-order stream of their
 * chunks. Each worker builds the dataset's tables once from (dataset, seed,
 * profile, parameters): generators are pure, so a worker makes exactly the
 * bytes the main thread would. At most `size` tasks are in flight, so the
 * chunks waiting for their turn stay under `size - 1` task-sizes of memory.
 */
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

const WORKER_HEAP = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 };

/** The worker's entry: the bundle beside the bundled CLI, or the sources through tsx. */
function workerEntry(): { url: URL; workerData?: unknown } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return { url: new URL('./worker-boot.mjs', here), workerData: { entry: new URL('./worker.ts', here).href } };
  return { url: new URL('./worker.mjs', here) };
}

interface Pending {
  chunks: ByteChunk[];
  done: boolean;
  error?: Error;
  wake?: () => void;
  unitsDone: number;
}

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
    p.chunks.push({ rows: m.rows, csv: Buffer.from(m.csv.buffer, m.csv.byteOffset, m.csv.byteLength), json: Buffer.from(m.json.buffer, m.json.byteOffset, m.json.byteLength), unitsDone: p.unitsDone });
    if (m.last) {
      p.done = true;
      this.owner.delete(w);
      this.idle.push(w);
      for (const x of this.waiters.splice(0)) x();
    }
    p.wake?.();
  }

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
      this.pending.set(id, { chunks: [], done: false, unitsDone: to });
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
        for (;;) {
          if (this.failure) throw this.failure;
          throwIfInterrupted();
          if (p.chunks.length) {
            yield p.chunks.shift()!;
            continue;
          }
          if (p.done) break;
          await new Promise<void>((r) => (p.wake = r));
          p.wake = undefined;
          while (dispatched < tasks.length && dispatched < head + this.size && this.idle.length > 0) await dispatch();
        }
        this.pending.delete(ids[head]);
      }
    } finally {
      for (const id of ids) this.pending.delete(id);
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
