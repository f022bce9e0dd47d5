/**
 * Safety: bounded by construction. Workers are capped at the cores (said
 * when capped) and never outnumber the ranges they could make; sizes,
 * disk use and model memory are estimated before generating and refused
 * beyond the documented budget, with the estimate and the flag that allows it.
 */
import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { build, workerCount } from '../../src/artifact/build.ts';
import { poolStats } from '../../src/artifact/parallel-stats.ts';
import { typesDataset } from '../datasets/types.ts';
import { forge, hashTree, tempDir } from '../helpers.ts';

test('--jobs beyond the cores is capped at the cores, with a note saying so; the artifact is the same', () => {
  const out = tempDir();
  const cores = availableParallelism();
  const many = forge(['build', '--profile', 'tiny', '--jobs', '1000', '--out', join(out, 'many'), '--quiet']);
  assert.equal(many.code, 0, many.stderr);
  assert.equal(many.stderr.trim(), `forge: note: --jobs 1000 is more than the ${cores} cores here; using ${cores}`);
  const one = forge(['build', '--profile', 'tiny', '--jobs', '1', '--out', join(out, 'one'), '--quiet']);
  assert.equal(one.code, 0, one.stderr);
  assert.equal(one.stderr, '', 'no note when nothing is capped');
  assert.deepEqual(hashTree(many.stdout.trim()), hashTree(one.stdout.trim()));
});

test('never more workers than ranges: N jobs are at most one worker per range besides this thread', async () => {
  assert.equal(workerCount(1, 100, false), 0);
  assert.equal(workerCount(8, 3, false), 2, 'this thread takes one of the three ranges');
  assert.equal(workerCount(8, 3, true), 3);
  assert.equal(workerCount(2, 1, false), 0, 'one range: no worker at all');
  assert.equal(workerCount(4, 100, false), 3);
  // A real build of a dataset with two tables, one range each, asked for 8 jobs: one worker, not 7.
  const before = { ...poolStats };
  const ref = { module: new URL('../datasets/types.ts', import.meta.url).href, export: 'typesDataset' };
  await build({ dataset: typesDataset, seed: 1, profile: 'tiny', outRoot: tempDir(), jobs: 8, taskBytes: 1 << 30, datasetRef: ref });
  const ranges = poolStats.rangesHere + poolStats.rangesInWorkers - before.rangesHere - before.rangesInWorkers;
  assert.equal(ranges, 2);
  assert.equal(poolStats.workersStarted - before.workersStarted, 1, 'one worker for two ranges (this thread makes the other)');
});
