/**
 * Configuration from outside, on the retail dataset: --config, FORGE_* and
 * SEEDER_* variables, --print-config, the manifest's record of what built
 * an artifact, and appends that may not change the seed.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { CHOICE_ENV, isToolEnv, paramEnvNames, TOOL_ENV } from '../../src/config/env.ts';
import { datasets } from '../../generators/index.ts';
import { forge, ROOT, tempDir, manifestOf, ok, oneLine } from '../helpers.ts';

const out = tempDir('forge-cfgcli-');

test('a config file, the environment and --set build the same artifact as the equivalent flags; the manifest records the resolved parameters', () => {
  const cfg = join(out, 'small.yaml');
  writeFileSync(cfg, 'dimensions:\n  stores:\n    count: 4\ndate_range:\n  end: "2024-01-10"\nseed: 5\nprofile: tiny\n');
  const viaFile = ok(forge(['build', '--config', cfg, '--out', join(out, 'f'), '--quiet']));
  const viaEnv = ok(
    forge(['build', '--out', join(out, 'e'), '--quiet'], { env: { FORGE_STORES: '4', FORGE_END_DATE: '2024-01-10', FORGE_SEED: '5', FORGE_PROFILE: 'tiny' } }),
  );
  const viaSet = ok(
    forge(['build', '--profile', 'tiny', '--seed', '5', '--set', 'stores=4', '--set', 'date_range.end=2024-01-10', '--out', join(out, 's'), '--quiet']),
  );
  assert.equal(relative(join(out, 'f'), viaFile), relative(join(out, 'e'), viaEnv));
  assert.equal(relative(join(out, 'f'), viaFile), relative(join(out, 's'), viaSet));
  const m = manifestOf(viaFile);
  assert.equal(readFileSync(join(viaFile, 'data/sales_daily.csv'), 'utf8'), readFileSync(join(viaSet, 'data/sales_daily.csv'), 'utf8'));
  assert.equal(m.seed, 5);
  assert.equal(m.params.stores, 4);
  assert.equal(m.params.endDate, '2024-01-10');
  assert.deepEqual(Object.keys(m.params).sort(), Object.keys(datasets.retail.parameters!).sort(), 'every parameter, resolved');
});

test('the document SEEDER_* names are aliases; flags beat the environment, which beats the file', () => {
  const cfg = join(out, 'prec.yaml');
  writeFileSync(cfg, 'dimensions:\n  stores:\n    count: 3\n  products:\n    count: 5\n');
  const print = (env: NodeJS.ProcessEnv, ...extra: string[]) => ok(forge(['build', '--profile', 'tiny', '--config', cfg, '--print-config', ...extra], { env }));
  assert.match(print({}), /count: 3 # from .*prec\.yaml/);
  assert.match(print({ SEEDER_DEFAULT_STORES: '8' }), /count: 8 # from environment SEEDER_DEFAULT_STORES/);
  assert.match(print({ SEEDER_DEFAULT_STORES: '8', FORGE_STORES: '9' }), /count: 9 # from environment FORGE_STORES/);
  assert.match(print({ FORGE_STORES: '9' }, '--set', 'stores=2'), /count: 2 # from --set/);
  assert.match(print({ SEEDER_DEFAULT_SEED: '77' }), /^seed: 77 # from the environment$/m);
});

test('--print-config output fed back with --config builds the same artifact', () => {
  const printed = ok(forge(['build', '--profile', 'tiny', '--seed', '3', '--set', 'stores=5', '--print-config']));
  const cfg = join(out, 'printed.yaml');
  writeFileSync(cfg, printed + '\n');
  const a = ok(forge(['build', '--profile', 'tiny', '--seed', '3', '--set', 'stores=5', '--out', join(out, 'pa'), '--quiet']));
  const b = ok(forge(['build', '--config', cfg, '--out', join(out, 'pb'), '--quiet']));
  assert.equal(relative(join(out, 'pa'), a), relative(join(out, 'pb'), b));
  assert.deepEqual(manifestOf(a), manifestOf(b));
});

test('bad configuration is one line naming the key, where it is, and what is allowed; nothing is built', () => {
  const bad = join(out, 'bad.yaml');
  writeFileSync(bad, 'dimensions:\n  stores:\n    count: -1\n');
  const o = join(out, 'nothing');
  oneLine(
    forge(['build', '--config', bad, '--out', o]),
    /dimensions\.stores\.count \(stores\) in .*bad\.yaml line 3, column 12: -1 is not allowed \(allowed: an integer from 1 to 10000\)/,
  );
  writeFileSync(bad, 'dimension:\n  stores:\n    count: 4\n');
  oneLine(forge(['build', '--config', bad, '--out', o]), /unknown key "dimension" in .*bad\.yaml line 1, column 1 \(did you mean dimensions\?\)/);
  oneLine(forge(['build', '--out', o], { env: { FORGE_STORE: '4' } }), /unknown variable "FORGE_STORE" in the environment \(did you mean FORGE_STORES\?\)/);
  oneLine(forge(['build', '--out', o, '--set', 'store=4']), /unknown parameter "store" in --set \(did you mean stores\?\)/);
  assert.ok(!existsSync(o), 'no output directory');
});

test('a dataset without parameters takes a config file that chooses it, its profile and seed; a parameter section there is one line', () => {
  const file = join(out, 'pms.yaml');
  writeFileSync(file, 'dataset: pms\nprofile: tiny\nseed: 7\n');
  const byFile = ok(forge(['build', '--config', file, '--out', join(out, 'pms-file'), '--quiet']));
  const byFlags = ok(forge(['build', '--dataset', 'pms', '--profile', 'tiny', '--seed', '7', '--out', join(out, 'pms-flags'), '--quiet']));
  assert.equal(readFileSync(join(byFile, 'manifest.json'), 'utf8'), readFileSync(join(byFlags, 'manifest.json'), 'utf8'));
  writeFileSync(file, 'dataset: pms\ntrend:\n  kind: linear\n');
  oneLine(
    forge(['build', '--config', file, '--out', join(out, 'pms-bad')]),
    /pms\.yaml: dataset pms declares no parameter table, so its config file holds only dataset, seed, profile, scenario, dirty \(found trend\)/,
  );
  assert.ok(!existsSync(join(out, 'pms-bad')));
});

test('an append keeps its base seed: another seed is refused with one line, the same one is accepted', () => {
  const base = ok(forge(['build', '--profile', 'tiny', '--seed', '42', '--out', join(out, 'ap'), '--quiet']));
  oneLine(
    forge(['build', '--append-from', base, '--seed', '43', '--set', 'endDate=2024-02-10', '--quiet']),
    /an append continues its base artifact, built with seed 42; --seed asks for seed 43/,
  );
  oneLine(
    forge(['build', '--append-from', base, '--set', 'endDate=2024-02-10', '--quiet'], { env: { FORGE_SEED: '7' } }),
    /built with seed 42; the environment asks for seed 7/,
  );
  ok(forge(['build', '--append-from', base, '--seed', '42', '--set', 'endDate=2024-02-10', '--quiet']));
});

test('every FORGE_* name in the project is a tool variable or a parameter (so the unknown-variable check never refuses one)', () => {
  const known = new Set<string>([...TOOL_ENV, ...Object.values(CHOICE_ENV).flat()]);
  for (const d of Object.values(datasets)) if (d.parameters) for (const n of paramEnvNames(d.parameters).keys()) known.add(n);
  const seen = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (['node_modules', '.git', '.forge', 'dist-fixtures', 'fixtures', 'config'].includes(name) && dir !== join(ROOT, 'src')) continue;
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ts|js|mjs|py|sh|md|yaml|yml)$|Makefile$/.test(name))
        for (const m of readFileSync(p, 'utf8').matchAll(/\bFORGE_[A-Z0-9_]*[A-Z0-9]\b/g)) seen.set(m[0], relative(ROOT, p));
    }
  };
  for (const d of ['src', 'bin', 'test', 'scripts', 'docker', 'bench', 'clients', 'examples', 'Makefile', 'README.md']) {
    const p = join(ROOT, d);
    if (!existsSync(p)) continue;
    if (statSync(p).isDirectory()) walk(p);
    else for (const m of readFileSync(p, 'utf8').matchAll(/\bFORGE_[A-Z0-9_]*[A-Z0-9]\b/g)) seen.set(m[0], d);
  }
  const unknown = [...seen].filter(([n]) => !known.has(n) && !isToolEnv(n));
  assert.deepEqual(unknown, [], 'add tool variables to TOOL_ENV in src/config/env.ts');
});
