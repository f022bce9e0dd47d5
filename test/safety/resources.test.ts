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
import { readdirSync } from 'node:fs';
import { estimate } from '../../src/artifact/build.ts';
import { BUDGET } from '../../src/artifact/budget.ts';
import { datasets } from '../../generators/index.ts';
import { forge, hashTree, tempDir } from '../helpers.ts';
import { assertOneLine, onSmallDisk } from './helpers.ts';

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

test('dimensions whose model state would not fit the budget are refused before anything is made: one line with the estimate and the flag', () => {
  const out = tempDir();
  const r = forge(['build', '--profile', 'tiny', '--set', 'stores=10000', '--set', 'products=100000', '--out', out]);
  assertOneLine(
    r,
    /^forge: retail with these parameters would hold about 87\.0GB of model state \(10000 stores × 100000 products = 1000000000 series, 87 bytes each\) in every generating thread, more than the budget of 64\.0MB \(nothing was generated; .*add --allow-large to build anyway\)$/,
    1,
  );
  assert.deepEqual(readdirSync(out), []);
  // The same through load --build, and through a shard plan.
  const load = forge([
    'load',
    '--profile',
    'tiny',
    '--set',
    'stores=10000',
    '--set',
    'products=100000',
    '--build',
    '--out',
    out,
    '--db',
    'postgres://nobody@127.0.0.1:1/none',
  ]);
  assert.equal(load.code, 1);
  assert.match(load.stderr.trim().split('\n').at(-1)!, /^forge: retail with these parameters would hold about 87\.0GB of model state/);
  assert.doesNotMatch(load.stderr, /\n\s+at |internal error/);
  assertOneLine(
    forge(['build', '--profile', 'tiny', '--set', 'stores=10000', '--set', 'products=100000', '--shard', '1/4', '--out', out]),
    /would hold about 87\.0GB of model state/,
  );
  assert.deepEqual(readdirSync(out), []);
});

test('a build estimated beyond the row budget (more than xlarge) is refused before generating, with the estimate and the flag', () => {
  const out = tempDir();
  const r = forge(['build', '--profile', 'xlarge', '--set', 'endDate=2030-12-31', '--out', out]);
  assertOneLine(
    r,
    /^forge: retail profile xlarge would make about \d+M rows, [\d.]+GB: more than the budget of 250M rows \(estimated before generating; nothing was written; add --allow-large to build anyway\)$/,
    1,
  );
  assert.equal(BUDGET.rows, 250_000_000);
  assert.deepEqual(readdirSync(out), []);
});

test('a build estimated beyond the free disk is refused before writing a byte; a build that fits is not', () => {
  const { runs, left } = onSmallDisk('8m', [
    ['build', '--profile', 'local', '--out', 'DISK/out', '--quiet'],
    ['build', '--profile', 'tiny', '--out', 'DISK/out', '--quiet'],
  ]);
  assertOneLine(
    runs[0],
    /^forge: retail profile local would make about \d+K rows, [\d.]+MB, more than the [\d.]+MB free on .*\/out \(estimated before generating; nothing was written; free space, choose another place with --out, or add --allow-large to build anyway\)$/,
    1,
  );
  assert.equal(runs[1].code, 0, `a build that fits is not refused: ${runs[1].stderr}`);
  assert.ok(
    left.every((p) => !p.includes('seed-42-local')),
    'nothing of the refused build',
  );
});

test('--estimate says how big a build would be without building it (a 100-year range: millions of rows, GBs)', () => {
  const out = tempDir();
  const r = forge(['build', '--profile', 'local', '--set', 'startDate=1925-01-01', '--set', 'endDate=2024-12-31', '--estimate', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  const m = /^about [\d.]+M rows, [\d.]+GB \((\d+) rows, (\d+) bytes, estimated from sample units; nothing was built\)$/.exec(r.stdout.trim());
  assert.ok(m, r.stdout);
  assert.ok(Number(m[1]) > 10_000_000 && Number(m[2]) > 1e9, r.stdout);
  assert.deepEqual(readdirSync(out), []);
});

test('the estimate is close to what a build makes (rows within 15 %, bytes within 35 %)', async () => {
  for (const profile of ['tiny', 'local']) {
    const e = estimate({ dataset: datasets.retail, seed: 42, profile });
    const { dir, manifest } = await build({ dataset: datasets.retail, seed: 42, profile, outRoot: tempDir() });
    const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
    const bytes =
      manifest.files.reduce((n, f) => n + f.bytes, 0) + manifest.tables.reduce((n, t) => n + (t.files.csv?.bytes ?? 0) + (t.files.json?.bytes ?? 0), 0);
    assert.ok(Math.abs(e.rows - rows) / rows < 0.15, `${profile}: estimated ${e.rows} rows, built ${rows} (${dir})`);
    assert.ok(Math.abs(e.bytes - bytes) / bytes < 0.35, `${profile}: estimated ${e.bytes} bytes, built ${bytes}`);
  }
});
