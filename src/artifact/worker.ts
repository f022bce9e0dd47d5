/**
 * A build worker: makes the dataset's tables once, then encodes the ranges
 * it is sent and posts the bytes back in chunks (transferred, not copied).
 * The writer sends each chunk's buffers back once written, on a port of
 * their own that the encoder drains whenever it needs a fresh buffer.
 */
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { datasets } from '../../generators/index.ts';
import type { Dataset, Table } from '../core/dataset.ts';
import { bufferPool } from '../emit/byte-sink.ts';
import { encodeUnits, type EncodedChunk } from '../emit/encode-range.ts';
import { RowEncoder } from '../emit/row-encoder.ts';
import { planBuild } from './build.ts';
import type { WorkerInit, WorkerReply, WorkerRequest } from './worker-pool.ts';

const { init, recycle } = workerData as { init: WorkerInit; recycle: MessagePort };

bufferPool.refill = () => {
  for (let m = receiveMessageOnPort(recycle); m; m = receiveMessageOnPort(recycle)) for (const ab of m.message as ArrayBuffer[]) bufferPool.put(ab);
};

async function loadDataset(): Promise<Dataset> {
  const ref = init.dataset;
  if ('registry' in ref) return datasets[ref.registry];
  return (await import(ref.module))[ref.export] as Dataset;
}

const dataset = await loadDataset();
// The parent checked the budget (or was told --allow-large) before starting this worker.
const { tables } = planBuild(dataset, init.seed, init.profile, init.overrides, init.scenario, { allowLarge: true });
const byName = new Map<string, { table: Table; encoder: RowEncoder }>(tables.map((t) => [t.name, { table: t, encoder: RowEncoder.of(t.columns) }]));

function post(m: WorkerReply): void {
  if ('error' in m) parentPort!.postMessage(m);
  else parentPort!.postMessage(m, [m.csv.buffer as ArrayBuffer, m.json.buffer as ArrayBuffer]);
}

parentPort!.on('message', (req: WorkerRequest) => {
  try {
    const { table, encoder } = byName.get(req.table)!;
    // Chunks own their ArrayBuffers (ByteSink.take), so they can be transferred.
    let held: EncodedChunk | undefined;
    // Hold one chunk back so that the final message carries `last: true`.
    encodeUnits(table.rows, encoder, req.from, req.to, req.what, (c) => {
      if (held) post({ id: req.id, rows: held.rows, csv: held.csv, json: held.json, last: false });
      held = c;
    });
    const last = held ?? { rows: 0, csv: new Uint8Array(0), json: new Uint8Array(0) };
    post({ id: req.id, rows: last.rows, csv: last.csv, json: last.json, last: true });
  } catch (e) {
    post({ id: req.id, error: (e as Error).message });
  }
});
