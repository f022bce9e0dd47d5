/**
 * Shards (dbgen-style): shard i of N holds units [⌊(i-1)·U/N⌋, ⌊i·U/N⌋) of
 * every table, so shards can be built on different machines and their data
 * concatenated in order is the whole build's, byte for byte.
 */
import type { Table } from '../core/dataset.ts';
import { ForgeError } from '../errors.ts';
import type { BuildRange } from './build.ts';

export function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count)
    throw new ForgeError('USAGE', `--shard takes i/N with 1 <= i <= N, got "${text}"`, 'for example --shard 2/3');
  return { index, count };
}

export function shardRange(tables: Table[], index: number, count: number): BuildRange {
  const at = (units: number, k: number) => Math.floor((k * units) / count);
  return {
    kind: 'shard',
    description: `shard ${index} of ${count}`,
    suffix: `shard-${index}-of-${count}`,
    tables: Object.fromEntries(tables.map((t) => [t.name, { from: at(t.rows.units, index - 1), to: at(t.rows.units, index) }])),
  };
}
