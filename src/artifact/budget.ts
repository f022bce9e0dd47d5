/**
 * The budget a build is held to, checked before anything is generated
 * (README: Safety, "Bounded by construction"):
 * - model state per generating thread, from the parameters alone, before
 *   the dataset's tables (and their O(stores × products) arrays) are made;
 * - rows, estimated from a few sample units of every table;
 * - bytes, estimated the same way, against the free space where the
 *   artifact goes.
 * Beyond it the build is refused in one line giving the estimate; the flag
 * --allow-large lifts the budget (the disk-full path still cleans up).
 */
import { existsSync, statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Dataset, Params, Table } from '../core/dataset.ts';
import { bufferPool } from '../emit/byte-sink.ts';
import { encodeUnits } from '../emit/encode-range.ts';
import { RowEncoder } from '../emit/row-encoder.ts';
import { ForgeError } from '../errors.ts';

export const BUDGET = {
  /** More than the biggest profile (retail xlarge, ~197M rows in all). */
  rows: 250_000_000,
  /** Model state one generating thread may hold (retail xlarge: ~9 MB). */
  stateBytes: 64_000_000,
};

/** Builds estimated above this many bytes get a note with the estimate before they start. */
export const NOTE_BYTES = 1 << 30;

/** gzip's ratio on these dumps is 4-6; assume the low end. */
const DUMP_RATIO = 4;
const ALLOW = 'add --allow-large to build anyway';

export interface Estimate {
  rows: number;
  bytes: number;
}

export function human(n: number): string {
  const units = ['', 'K', 'M', 'G', 'T', 'P'];
  let i = 0;
  while (n >= 1000 && i < units.length - 1) {
    n /= 1000;
    i++;
  }
  return `${n >= 100 || i === 0 ? Math.round(n) : n.toFixed(1)}${units[i]}`;
}

/** Refuses parameters whose model state alone would exceed the budget: before any table is made. */
export function checkStateBudget(dataset: Dataset, params: Params): void {
  const state = dataset.stateBytes?.(params);
  if (!state || state.bytes <= BUDGET.stateBytes) return;
  throw new ForgeError(
    'TOO_LARGE',
    `${dataset.name} with these parameters would hold about ${human(state.bytes)}B of model state (${state.what}) in every generating thread, more than the budget of ${human(BUDGET.stateBytes)}B`,
    `nothing was generated; make the dataset's dimensions smaller, or ${ALLOW}`,
  );
}

/**
 * Rows and bytes of a build, from up to three sample units of every table
 * (first, middle, last of its range), scaled to the range: an estimate,
 * exact for tables whose units all have the same rows.
 */
export function estimateBuild(
  tables: Table[],
  units: (t: Table) => { from: number; to: number },
  formats: { csv: boolean; json: boolean; dump: boolean },
): Estimate {
  let rows = 0;
  let bytes = 0;
  for (const t of tables) {
    const { from, to } = units(t);
    if (to <= from) continue;
    const samples = [...new Set([from, Math.floor((from + to - 1) / 2), to - 1])];
    const encoder = RowEncoder.of(t.columns);
    let r = 0;
    let csv = 0;
    let json = 0;
    for (const u of samples) {
      encodeUnits(t.rows, encoder, u, u + 1, { csv: true, json: formats.json }, (c) => {
        r += c.rows;
        csv += c.csv.length;
        json += c.json.length;
        bufferPool.put(c.csv.buffer);
        bufferPool.put(c.json.buffer);
      });
    }
    const scale = (to - from) / samples.length;
    rows += r * scale;
    bytes += ((formats.csv ? csv : 0) + (formats.dump ? csv / DUMP_RATIO : 0) + json) * scale;
  }
  return { rows: Math.round(rows), bytes: Math.round(bytes) };
}

/** Free bytes on the file system `dir` is (or will be) on. */
function freeBytes(dir: string): number | undefined {
  let d = dir;
  while (!existsSync(d) && dirname(d) !== d) d = dirname(d);
  try {
    const s = statfsSync(d);
    return s.bavail * s.bsize;
  } catch {
    return undefined;
  }
}

export function checkOutputBudget(what: string, e: Estimate, outRoot: string): void {
  const size = `about ${human(e.rows)} rows, ${human(e.bytes)}B`;
  if (e.rows > BUDGET.rows) {
    throw new ForgeError(
      'TOO_LARGE',
      `${what} would make ${size}: more than the budget of ${human(BUDGET.rows)} rows`,
      `estimated before generating; nothing was written; ${ALLOW}`,
    );
  }
  const free = freeBytes(outRoot);
  if (free !== undefined && e.bytes > free) {
    throw new ForgeError(
      'TOO_LARGE',
      `${what} would make ${size}, more than the ${human(free)}B free on ${outRoot}`,
      `estimated before generating; nothing was written; free space, choose another place with --out, or ${ALLOW}`,
    );
  }
}
