/**
 * Retail scenarios and the seed document's config files, from outside: each
 * scenario builds, loads into a real Postgres and verifies there; `forge
 * scenarios` lists them; the document's seed_config.yaml and
 * examples/seed/config_holiday.yaml build as written; appends and splits
 * stay byte-identical with backlog and gaps on.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { build } from '../../src/artifact/build.ts';
import { datasets } from '../../generators/index.ts';
import { forge, hashTree, ROOT, tempCluster, tempDir } from '../helpers.ts';

const retail = datasets.retail;
const scenarioNames = Object.keys(retail.scenarios!);
const server = tempCluster();
let out: string;
before(async () => {
  out = tempDir('forge-scenarios-');
});
const ok = (r: ReturnType<typeof forge>) => {
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.trim();
};

test('forge scenarios lists the ten scenarios, one line each', () => {
  const lines = ok(forge(['scenarios'])).split('\n');
  assert.equal(lines[0], 'retail:');
  assert.deepEqual(
    lines.slice(1).map((l) => l.trim().split(/\s+/)[0]),
    [
      'retail_standard',
      'holiday_rush',
      'high_variance',
      'stockout_heavy',
      'new_launches',
      'sparse',
      'summer_slowdown',
      'new_store_opening',
      'competitor_entry',
      'rag-agent',
    ],
  );
  for (const l of lines.slice(1)) assert.match(l, /^ {2}[\w-]+ +\S.{20,}$/, 'a one-line description');
});

test('each scenario builds, loads into Postgres and verifies there, and differs from the plain dataset where it acts', async () => {
  const plain = ok(forge(['build', '--profile', 'tiny', '--out', join(out, 'plain'), '--quiet']));
  for (const name of scenarioNames) {
    const dir = ok(forge(['build', '--profile', 'tiny', '--scenario', name, '--out', out, '--quiet']));
    assert.ok(dir.endsWith(`seed-42-tiny-${name}`), dir);
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    assert.equal(m.scenario, name);
    for (const [k, v] of Object.entries(retail.scenarios![name].params)) assert.deepEqual(m.params[k], v, `${name}: ${k} recorded`);
    await server.createDatabase(name);
    ok(forge(['load', dir, '--db', server.url(name), '--quiet']));
    ok(forge(['verify', dir, '--db', server.url(name)]));
    const same = hashTree(dir)['data/sales_daily.csv'] === hashTree(plain)['data/sales_daily.csv'];
    // holiday_rush, summer_slowdown and competitor_entry act outside January (the tiny profile's month) on sales.
    if (['retail_standard'].includes(name)) assert.ok(same, `${name} is the defaults`);
    // rag-agent is the standard data plus documents: the same sales, and a documents table.
    else if (name === 'rag-agent') assert.ok(same && m.tables.some((t: { name: string }) => t.name === 'documents'), `${name} adds documents to the defaults`);
    else if (!['summer_slowdown', 'competitor_entry'].includes(name)) assert.ok(!same, `${name} changes sales in January`);
  }
});

test('a scenario combines with --config and --set, which win over it', () => {
  const printed = ok(forge(['build', '--profile', 'tiny', '--scenario', 'high_variance', '--set', 'noise_sigma=0.2', '--print-config']));
  assert.match(printed, /^scenario: high_variance # from --scenario$/m);
  assert.match(printed, /noise_sigma: 0.2 # from --set/);
  assert.match(printed, /anomaly_probability: 0.05 # from scenario high_variance/);
  ok(forge(['build', '--profile', 'tiny', '--scenario', 'high_variance', '--config', join(ROOT, 'examples/seed/config_holiday.yaml'), '--print-config']));
});

test("the document's seed_config.yaml and examples/seed/config_holiday.yaml build as written", () => {
  const holiday = ok(forge(['build', '--config', join(ROOT, 'examples/seed/config_holiday.yaml'), '--out', out, '--formats', 'csv', '--quiet']));
  const hm = JSON.parse(readFileSync(join(holiday, 'manifest.json'), 'utf8'));
  assert.equal(hm.seed, 2024);
  assert.equal(hm.params.stores, 15);
  assert.equal(hm.params.products, 100);
  assert.deepEqual(hm.params.monthlySeasonality, { '10': 1, '11': 1.3, '12': 1.8 });
  assert.equal(hm.params.holidays.length, 4);
  const calendar = readFileSync(join(holiday, 'data/calendar.csv'), 'utf8');
  assert.match(calendar, /2024-11-29,.*,t,Black Friday/);
  const products = readFileSync(join(holiday, 'data/product.csv'), 'utf8');
  assert.match(products, /,Gift,/);
  const seed = ok(forge(['build', '--config', join(ROOT, 'examples/seed/seed_config.yaml'), '--profile', 'tiny', '--out', out, '--formats', 'csv', '--quiet']));
  const sm = JSON.parse(readFileSync(join(seed, 'manifest.json'), 'utf8'));
  assert.deepEqual([sm.params.stores, sm.params.products, sm.params.randomGapsPerSeries, sm.params.sparsity], [10, 50, 2, 0.3]);
  assert.deepEqual(sm.params.brands, ['BrandA', 'BrandB', 'Generic']);
});

test('with backlog and gaps on, any split of the days and an append give the same bytes as one whole build', async () => {
  const overrides = { stockoutBehavior: 'backlog', randomGapsPerSeries: 4, gapDays: 3, endDate: '2024-03-31' };
  const opts = { dataset: retail, seed: 9, profile: 'tiny', scenario: 'stockout_heavy', formats: { csv: true, json: false, dump: false } } as const;
  const whole = await build({ ...opts, overrides, outRoot: join(out, 'whole') });
  const split = await build({ ...opts, overrides, outRoot: join(out, 'split'), jobs: 2, workersOnly: true, taskBytes: 2000 });
  assert.deepEqual(hashTree(split.dir), hashTree(whole.dir));
  const shorter = await build({ ...opts, overrides: { ...overrides, endDate: '2024-02-10' }, outRoot: join(out, 'short') });
  for (const t of ['sales_daily', 'inventory_snapshot_daily', 'sales_anomaly']) {
    const a = readFileSync(join(shorter.dir, 'data', `${t}.csv`), 'utf8');
    const b = readFileSync(join(whole.dir, 'data', `${t}.csv`), 'utf8');
    assert.ok(b.startsWith(a), `${t}: the shorter range is a prefix of the longer`);
  }
});
