/**
 * Scale without changing a byte: any number of workers, any shard split, and
 * merged shards all give the same artifact; a failing worker fails the
 * build cleanly.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { build } from '../../src/artifact/build.ts';
import { poolStats } from '../../src/artifact/parallel-stats.ts';
import { ForgeError } from '../../src/errors.ts';
import { datasets } from '../../generators/index.ts';
import { crashingDataset } from '../datasets/crashing.ts';
import { tenantsDataset } from '../datasets/tenants.ts';
import { typesDataset } from '../datasets/types.ts';
import { forge, hashTree, tempDir } from '../helpers.ts';

let out: string;
before(() => {
  out = tempDir();
});

const small = { stores: 5, products: 15, endDate: '2024-03-31' };
const moduleOf = (file: string, name: string) => ({ module: new URL(`../datasets/${file}`, import.meta.url).href, export: name });

test('retail: byte-identical artifacts for 1, 2, 4 and 7 jobs, and with workers only (more threads than cores, tables with fewer units than threads)', async () => {
  const hashes = [];
  for (const [jobs, workersOnly] of [
    [1, false],
    [2, false],
    [4, false],
    [7, false],
    [2, true],
  ] as const) {
    const { dir } = await build({
      dataset: datasets.retail,
      seed: 11,
      profile: 'tiny',
      overrides: small,
      outRoot: join(out, `retail-${jobs}-${workersOnly}`),
      jobs,
      workersOnly,
      taskBytes: 8 << 10,
    });
    hashes.push(hashTree(dir));
  }
  for (const h of hashes.slice(1)) assert.deepEqual(h, hashes[0]);
});

test('datasets outside the registry run in workers too, with the same bytes', async () => {
  for (const [file, name, dataset] of [
    ['types.ts', 'typesDataset', typesDataset],
    ['tenants.ts', 'tenantsDataset', tenantsDataset],
  ] as const) {
    const one = await build({ dataset, seed: 3, profile: 'tiny', outRoot: join(out, `${name}-1`) });
    const many = await build({ dataset, seed: 3, profile: 'tiny', outRoot: join(out, `${name}-3`), jobs: 3, taskBytes: 256, datasetRef: moduleOf(file, name) });
    assert.deepEqual(hashTree(many.dir), hashTree(one.dir), name);
  }
});

test('shards 1/3..3/3: their data concatenated is the whole build, and forge merge gives the whole artifact', () => {
  const args = ['--profile', 'tiny', '--set', 'endDate=2024-02-29', '--seed', '5', '--quiet'];
  const whole = forge(['build', ...args, '--out', join(out, 'whole')]).stdout.trim();
  const shards = [1, 2, 3].map((i) => {
    const r = forge(['build', ...args, '--shard', `${i}/3`, '--jobs', '2', '--out', join(out, 'shards')]);
    assert.equal(r.code, 0, r.stderr);
    return r.stdout.trim();
  });
  for (const table of ['store', 'calendar', 'sales_daily', 'inventory_snapshot_daily', 'promotion']) {
    const parts = shards.map((s) => readFileSync(join(s, 'data', `${table}.csv`), 'utf8'));
    const header = parts[0].slice(0, parts[0].indexOf('\n') + 1);
    const joined = header + parts.map((p) => p.slice(header.length)).join('');
    assert.equal(joined, readFileSync(join(whole, 'data', `${table}.csv`), 'utf8'), table);
  }
  const merged = forge(['merge', ...[shards[2], shards[0], shards[1]], '--out', join(out, 'merged'), '--quiet']);
  assert.equal(merged.code, 0, merged.stderr);
  assert.deepEqual(hashTree(merged.stdout.trim()), hashTree(whole));

  const missing = forge(['merge', shards[0], shards[2], '--out', join(out, 'bad')]);
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /do not cover table \w+ contiguously/);
  const other = forge(['build', '--profile', 'tiny', '--seed', '6', '--shard', '2/3', '--out', join(out, 'other'), '--quiet']).stdout.trim();
  const mixed = forge(['merge', shards[0], other, shards[2], '--out', join(out, 'bad')]);
  assert.match(mixed.stderr, /shard of another build/);
});

test('a build bigger than the in-memory limits: ranges made by both threads, chunks parked on disk and buffers recycled, same bytes as one thread', async () => {
  const formats = { csv: true, json: true, dump: true };
  const one = await build({ dataset: datasets.retail, seed: 2, profile: 'local', outRoot: join(out, 'local-1'), formats });
  const before = { ...poolStats };
  const two = await build({ dataset: datasets.retail, seed: 2, profile: 'local', outRoot: join(out, 'local-2'), formats, jobs: 2 });
  assert.ok(poolStats.parkedBytes > before.parkedBytes, 'some chunks waited on disk');
  assert.ok(poolStats.recycledBuffers > before.recycledBuffers, 'written buffers went back to the workers');
  assert.ok(
    poolStats.rangesHere > before.rangesHere && poolStats.rangesInWorkers > before.rangesInWorkers,
    'the writing thread and the worker both made ranges',
  );
  assert.deepEqual(hashTree(two.dir), hashTree(one.dir));
});

const failures: Record<string, RegExp> = {
  throw: /generator failed at row 4000/,
  exit: /exited with code 9/,
  exit0: /exited with code 0/,
  oom: /out of memory|heap/i,
};
for (const [how, message] of Object.entries(failures)) {
  test(`a worker that fails (${how}) fails the build cleanly: WORKER_FAILED, no artifact, no temp dir`, async () => {
    const outRoot = join(out, `crash-${how}`);
    await assert.rejects(
      build({
        dataset: crashingDataset,
        seed: 1,
        profile: 'tiny',
        overrides: { how },
        outRoot,
        jobs: 2,
        workersOnly: true,
        taskBytes: 4096,
        datasetRef: moduleOf('crashing.ts', 'crashingDataset'),
      }),
      (e: unknown) => e instanceof ForgeError && e.code === 'WORKER_FAILED' && message.test(e.message),
    );
    const parent = join(outRoot, 'crashing', '1');
    assert.deepEqual(existsSync(parent) ? readdirSync(parent) : [], []);
  });
}

test('a generator that throws fails the build whichever thread makes its range: no artifact, no temp dir', async () => {
  const outRoot = join(out, 'crash-any-thread');
  await assert.rejects(
    build({
      dataset: crashingDataset,
      seed: 1,
      profile: 'tiny',
      overrides: { how: 'throw' },
      outRoot,
      jobs: 2,
      taskBytes: 4096,
      datasetRef: moduleOf('crashing.ts', 'crashingDataset'),
    }),
    /generator failed at row 4000/,
  );
  const parent = join(outRoot, 'crashing', '1');
  assert.deepEqual(existsSync(parent) ? readdirSync(parent) : [], []);
});
