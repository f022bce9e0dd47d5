/**
 * A build worker: makes the dataset's tables once, then encodes the ranges
 * it is sent and posts the bytes back in chunks (transferred, not copied).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { datasets } from '../../generators/index.ts';
import type { Dataset, Table } from '../core/dataset.ts';
import { encodeUnits, type Chunk } from '../emit/encode-range.ts';
import { RowEncoder } from '../emit/row-encoder.ts';
import { planBuild } from './build.ts';
import type { TaskMessage, WorkerInit, WorkerReply } from './parallel.ts';

const init = (workerData as { init: WorkerInit }).init;

async function loadDataset(): Promise<Dataset> {
  const ref = init.dataset;
  if ('registry' in ref) return datasets[ref.registry];
  return (await import(ref.module))[ref.export] as Dataset;
}

const dataset = await loadDataset();
const { tables } = planBuild(dataset, init.seed, init.profile, init.overrides);
const byName = new Map<string, { table: Table; encoder: RowEncoder }>(tables.map((t) => [t.name, { table: t, encoder: new RowEncoder(t.columns) }]));

function post(m: WorkerReply): void {
  if ('error' in m) parentPort!.postMessage(m);
  else parentPort!.postMessage(m, [m.csv.buffer as ArrayBuffer, m.json.buffer as ArrayBuffer]);
}

parentPort!.on('message', (task: TaskMessage) => {
  try {
    const { table, encoder } = byName.get(task.table)!;
    // Chunks own their ArrayBuffers (ByteSink.take), so they can be transferred.
    let held: Chunk | undefined;
    // Hold one chunk back so that the final message carries `last: true`.
    encodeUnits(table.rows, encoder, task.from, task.to, task.what, (c) => {
      if (held) post({ id: task.id, rows: held.rows, csv: held.csv, json: held.json, last: false });
      held = c;
    });
    const last = held ?? { rows: 0, csv: new Uint8Array(0), json: new Uint8Array(0) };
    post({ id: task.id, rows: last.rows, csv: last.csv, json: last.json, last: true });
  } catch (e) {
    post({ id: task.id, error: (e as Error).message });
  }
});
