/**
 * The generic config machinery on a small test dataset: precedence of every
 * layer, checks where each value comes from, and the closest valid key.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { configYaml } from '../../src/config/print.ts';
import { resolveConfig, type ConfigFlags } from '../../src/config/resolve.ts';
import { ForgeError } from '../../src/errors.ts';
import { widgetsDataset } from '../datasets/configurable.ts';
import { tempDir } from '../helpers.ts';

const dir = tempDir('forge-config-');
const ctx = (env: NodeJS.ProcessEnv = {}) => ({ env, cwd: dir, datasetNamed: () => widgetsDataset, defaultDataset: 'widgets', defaultSeed: 42 });
const resolve = (flags: ConfigFlags, env?: NodeJS.ProcessEnv) => resolveConfig(flags, ctx(env));
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return name;
};
const fails = (f: () => unknown, re: RegExp) =>
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof ForgeError, String(e));
    assert.match(e.toLine(), re);
    assert.ok(!e.toLine().includes('\n'), 'one line');
    return true;
  });

test('precedence: defaults < profile < scenario < file < environment < flags, for every key', () => {
  assert.equal(resolve({}).params.colour, 'red');
  assert.equal(resolve({ profile: 'big' }).params.colour, 'green');
  assert.equal(resolve({ profile: 'big', scenario: 'blue' }).params.colour, 'blue');
  const cfg = file('p.yaml', 'look:\n  colour: green\nsize:\n  count: 7\n');
  assert.equal(resolve({ scenario: 'blue', config: cfg }).params.colour, 'green');
  assert.equal(resolve({ scenario: 'blue', config: cfg }, { FORGE_COLOUR: 'red' }).params.colour, 'red');
  assert.equal(resolve({ scenario: 'blue', config: cfg, set: ['colour=blue'] }, { FORGE_COLOUR: 'red' }).params.colour, 'blue');
  // Keys the upper layers do not set come from below.
  const r = resolve({ scenario: 'blue', config: cfg, set: ['colour=blue'] }, { FORGE_COLOUR: 'red' });
  assert.equal(r.params.count, 7);
  assert.equal(r.params.low, 1);
  assert.deepEqual(r.sources, { count: 'p.yaml', colour: '--set', weights: 'default', low: 'scenario blue', high: 'default' });
});

test('seed, profile and scenario are chosen flag > environment > file; aliases are read', () => {
  const cfg = file('s.yaml', 'seed: 7\nprofile: big\nscenario: heavy\n');
  const f = resolve({ config: cfg });
  assert.deepEqual([f.seed, f.profile, f.scenario], [7, 'big', 'heavy']);
  const e = resolve({ config: cfg }, { FORGE_SEED: '8', FORGE_PROFILE: 'small', FORGE_SCENARIO: 'blue' });
  assert.deepEqual([e.seed, e.profile, e.scenario], [8, 'small', 'blue']);
  const g = resolve({ config: cfg, seed: '9', profile: 'big', scenario: 'heavy' }, { FORGE_SEED: '8', FORGE_PROFILE: 'small', FORGE_SCENARIO: 'blue' });
  assert.deepEqual([g.seed, g.profile, g.scenario], [9, 'big', 'heavy']);
  assert.equal(resolve({}, { SEEDER_DEFAULT_SEED: '11' }).seed, 11);
  assert.equal(resolve({}, { WIDGET_COUNT: '12' }).params.count, 12);
  assert.equal(resolve({}, { WIDGET_COUNT: '12', FORGE_COUNT: '13' }).params.count, 13, 'FORGE_<KEY> wins over an alias');
  fails(() => resolve({ config: file('c.yaml', 'sed: 7\n') }), /unknown key "sed" in c\.yaml line 1, column 1 \(did you mean seed\?\)/);
});

test('overrides are what differs from profile + scenario: restating a value names the same artifact', () => {
  assert.deepEqual(resolve({ set: ['count=3'] }).overrides, {});
  assert.deepEqual(resolve({ set: ['count=4'] }).overrides, { count: 4 });
  assert.deepEqual(resolve({ scenario: 'blue', set: ['colour=blue', 'look.weights=[1, 2, 3]'] }).overrides, { weights: [1, 2, 3] });
});

test('--set and environment values are YAML: lists and maps, by key or by config path', () => {
  assert.deepEqual(resolve({ set: ['weights=[2, 3, 4]'] }).params.weights, [2, 3, 4]);
  assert.deepEqual(resolve({}, { FORGE_WEIGHTS: '[2, 3, 4]' }).params.weights, [2, 3, 4]);
  assert.equal(resolve({ set: ['size.count=9'] }).params.count, 9);
});

test('errors name the key path, where the value came from (file line and column, variable, flag) and what is allowed', () => {
  fails(
    () => resolve({ config: file('e1.yaml', 'size:\n  count: 5\nlook:\n  colour: purple\n') }),
    /look\.colour \(colour\) in e1\.yaml line 4, column 11: "purple" is not allowed \(allowed: red, green, blue\)/,
  );
  fails(
    () => resolve({ config: file('e2.yaml', 'look:\n  colur: red\n') }),
    /unknown key "look\.colur" in e2\.yaml line 2, column 3 \(did you mean look\.colour\?\)/,
  );
  fails(() => resolve({ config: file('e3.yaml', 'sise:\n  count: 5\n') }), /unknown key "sise" in e3\.yaml line 1, column 1 \(did you mean size\?\)/);
  fails(
    () => resolve({ config: file('e4.yaml', 'look:\n  weights: [1, -2, 3]\n') }),
    /look\.weights\.1 \(weights\) in e4\.yaml line 2, column 16: .*allowed: like \[1,1,1\]/,
  );
  fails(() => resolve({ config: file('e5.yaml', 'look:\n  colour: [red\n') }), /e5\.yaml line \d+, column \d+: not valid YAML/);
  fails(() => resolve({ config: file('e6.yaml', 'seed: many\n') }), /seed in e6\.yaml line 1, column 7: "many" is not allowed \(allowed: an integer\)/);
  fails(() => resolve({ config: 'missing.yaml' }), /cannot read config file missing\.yaml: ENOENT/);
  fails(
    () => resolve({}, { FORGE_COLOUR: 'pink' }),
    /look\.colour \(colour\) in environment variable FORGE_COLOUR: "pink" is not allowed \(allowed: red, green, blue\)/,
  );
  fails(() => resolve({}, { FORGE_COLOR: 'red' }), /unknown variable "FORGE_COLOR" in the environment \(did you mean FORGE_COLOUR\?\)/);
  fails(() => resolve({}, { SEEDER_DEFAULT_SEEDS: '1' }), /unknown variable "SEEDER_DEFAULT_SEEDS".*did you mean SEEDER_DEFAULT_SEED\?/);
  fails(() => resolve({}, { SEEDER_BATCH_SIZE: '500' }), /SEEDER_BATCH_SIZE=500 is not supported \(forge streams each table with COPY/);
  fails(() => resolve({ set: ['colr=red'] }), /unknown parameter "colr" in --set \(did you mean colour\?\)/);
  fails(() => resolve({ set: ['count=0'] }), /size\.count \(count\) in --set count: 0 is not allowed \(allowed: an integer from 1 to 1000\)/);
  fails(() => resolve({ set: ['low=5', 'high=4'] }), /range\.high \(4\) is below range\.low \(5\)/);
  fails(() => resolve({ scenario: 'bleu' }), /no scenario "bleu" \(did you mean blue\?/);
  fails(() => resolve({ profile: 'bigg' }), /no profile "bigg" \(did you mean big\?/);
  fails(() => resolve({ seed: 'x' }), /--seed must be an integer/);
});

test('the document-style SEEDER_* settings that match what forge does are accepted', () => {
  assert.equal(resolve({}, { SEEDER_ALLOW_PRODUCTION: 'false', SEEDER_REQUIRE_CONFIRM: 'true', SEEDER_ENABLE_PROGRESS: 'false' }).progress, false);
  fails(() => resolve({}, { SEEDER_ALLOW_PRODUCTION: 'true' }), /--allow-production/);
});

test('--print-config is YAML in the config-file layout that reads back to the same parameters', () => {
  const r = resolve({ scenario: 'blue', set: ['weights=[2, 3, 4]'] }, { FORGE_COUNT: '6' });
  const text = configYaml(r);
  assert.match(text, /count: 6 # from environment FORGE_COUNT/);
  assert.match(text, /colour: blue # from scenario blue/);
  const doc = parse(text);
  assert.deepEqual(doc.look, { colour: 'blue', weights: [2, 3, 4] });
  const again = resolve({ config: file('round.yaml', text) });
  assert.deepEqual(again.params, r.params);
  assert.equal(again.scenario, 'blue');
});
