/**
 * The build's worker threads and the messages they exchange with this
 * thread; which ranges they make is the RangeSchedule's business.
 */
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { Params } from '../core/dataset.ts';
import { CHUNK_BUFFER_BYTES } from '../emit/byte-sink.ts';
import type { OutputFormats } from '../emit/encode-range.ts';
import { ForgeError } from '../errors.ts';
import { diskFull, isDiskFull } from '../write-error.ts';
import { poolStats } from './parallel-stats.ts';

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
export interface RangeTask {
  table: string;
  from: number;
  to: number;
  what: OutputFormats;
}

export type WorkerRequest = RangeTask & { id: number };

export type WorkerReply = { id: number; rows: number; csv: Uint8Array; json: Uint8Array; last: boolean } | { id: number; error: string };
export type WorkerChunkReply = Extract<WorkerReply, { rows: number }>;

/** The worker's entry: the bundle beside the bundled CLI, or the sources through tsx. */
function workerEntry(): { url: URL; workerData?: Record<string, unknown> } {
  const self = import.meta.url;
  if (self.endsWith('.ts')) return { url: new URL('./worker-boot.mjs', self), workerData: { entry: new URL('./worker.ts', self).href } };
  return { url: new URL('./worker.mjs', self) };
}

// A small heap makes V8 collect early: a worker's live data is one range's
// rows and the dataset's per-series arrays, a few MB.
const WORKER_HEAP = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 2 };

/** One worker thread of the pool. */
export interface PoolWorker {
  worker: Worker;
  /** Where written chunks' buffers go back to this worker. */
  recycle: MessagePort;
  busy: boolean;
}

/** The workers and their messages; the ranges themselves are the RangeSchedule's. */
export class WorkerPool {
  readonly workers: PoolWorker[] = [];
  failure?: ForgeError;
  private closing = false;
  /** Where replies go (set by the schedule). */
  onReply?: (from: PoolWorker, m: WorkerChunkReply) => void;
  onFailure?: () => void;

  constructor(
    readonly size: number,
    init: WorkerInit,
  ) {
    const entry = workerEntry();
    for (let i = 0; i < size; i++) {
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(entry.url, { workerData: { ...entry.workerData, init, recycle: port2 }, transferList: [port2], resourceLimits: WORKER_HEAP });
      const member: PoolWorker = { worker, recycle: port1, busy: false };
      worker.on('message', (m: WorkerReply) => {
        if ('error' in m) this.fail(new ForgeError('WORKER_FAILED', `a build worker failed: ${m.error}`, 'nothing was written'));
        else {
          // Parking a chunk on disk happens here, in an event handler: a full disk must fail the build, not crash the process.
          try {
            this.onReply?.(member, m);
          } catch (e) {
            this.fail(
              e instanceof ForgeError
                ? e
                : isDiskFull(e)
                  ? diskFull('parking chunks of a build', 'choose another place with --out')
                  : new ForgeError('WORKER_FAILED', `a build worker's range could not be kept: ${(e as Error).message}`, 'nothing was written'),
            );
          }
        }
      });
      worker.on('error', (e) =>
        this.fail(new ForgeError('WORKER_FAILED', `a build worker failed: ${e.message}`, 'nothing was written; FORGE_DEBUG=1 shows more')),
      );
      // Any exit before close, even with code 0, leaves its range unmade.
      worker.on('exit', (code) => {
        if (!this.closing) this.fail(new ForgeError('WORKER_FAILED', `a build worker exited with code ${code}`, 'nothing was written'));
      });
      this.workers.push(member);
      poolStats.workersStarted++;
    }
  }

  private fail(e: ForgeError): void {
    this.failure ??= e;
    this.onFailure?.();
  }

  idle(): PoolWorker | undefined {
    return this.failure ? undefined : this.workers.find((w) => !w.busy);
  }

  send(to: PoolWorker, req: WorkerRequest): void {
    to.busy = true;
    to.worker.postMessage(req);
  }

  /** Sends a written chunk's buffers back to the worker that filled them. */
  giveBack(to: PoolWorker, bufs: Buffer[]): void {
    const abs = bufs.map((b) => b.buffer as ArrayBuffer).filter((ab) => ab.byteLength === CHUNK_BUFFER_BYTES);
    if (abs.length === 0 || this.closing) return;
    poolStats.recycledBuffers += abs.length;
    to.recycle.postMessage(abs, abs);
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
    for (const w of this.workers) w.recycle.close();
  }
}
