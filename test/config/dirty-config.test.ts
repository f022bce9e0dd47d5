/**
 * Dirty-data mode from a config file, as a user runs it: a `dirty:` section
 * with rates per kind builds the same artifact as the equivalent flags;
 * flags win over the file; --print-config shows the section and reads back;
 * every command that finds its artifact by configuration (validate, load
 * --build) finds the dirty variant; a scenario keeps its name; bad sections
 * are one line with the line and column. The loaded tables are checked in a
 * real PostgreSQL.
 */
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import pg from 'pg';
import { clusterOnDemand, forge, hashTree, manifestOf, ok, oneLine, tempDir } from '../helpers.ts';

const out = tempDir('forge-dirtycfg-');
const file = (name: string, text: string) => {
  const p = join(out, name);
  writeFileSync(p, text);
  return p;
};
const RATES = 'dirty:\n  null_required: 0.05\n  negative_quantity: 0.1\n  control_characters: 0\n';
const FLAGS = ['--dirty-rate', 'null_required=0.05', '--dirty-rate', 'negative_quantity=0.1', '--dirty-rate', 'control_characters=0'];

test('a dirty: section builds the same marked artifact as the equivalent --dirty-rate flags', () => {
  const cfg = file('rates.yaml', `profile: tiny\n${RATES}`);
  const viaFile = ok(forge(['build', '--config', cfg, '--out', join(out, 'f'), '--quiet']));
  const viaFlags = ok(forge(['build', '--profile', 'tiny', ...FLAGS, '--out', join(out, 'g'), '--quiet']));
  assert.match(viaFile, /seed-42-tiny-dirty-[0-9a-f]{8}$/);
  assert.equal(relative(join(out, 'f'), viaFile), relative(join(out, 'g'), viaFlags));
  assert.deepEqual(hashTree(viaFile), hashTree(viaFlags));
  const m = manifestOf(viaFile);
  assert.equal(m.dirty.rates.null_required, 0.05);
  assert.equal(m.dirty.rates.negative_quantity, 0.1);
  assert.equal(m.dirty.rates.control_characters, 0);
  assert.equal(m.dirty.rates.orphan_reference, 0.01, 'kinds not named: the default rate');
  const kinds = new Set(m.dirty.defects.map((d: { kind: string }) => d.kind));
  assert.ok(kinds.has('negative_quantity') && !kinds.has('control_characters'), [...kinds].join(', '));
});

test('dirty: true is --dirty, dirty: false a clean build; --dirty-rate wins over the file', () => {
  const on = ok(forge(['build', '--config', file('on.yaml', 'profile: tiny\ndirty: true\n'), '--out', join(out, 'on'), '--quiet']));
  const flag = ok(forge(['build', '--profile', 'tiny', '--dirty', '--out', join(out, 'flag'), '--quiet']));
  assert.match(on, /seed-42-tiny-dirty$/);
  assert.deepEqual(hashTree(on), hashTree(flag));
  const off = ok(forge(['build', '--config', file('off.yaml', 'profile: tiny\ndirty: false\n'), '--out', join(out, 'off'), '--quiet']));
  assert.match(off, /seed-42-tiny$/);
  assert.equal(manifestOf(off).dirty, undefined);
  // The flag sets the one kind it names back to the default: the rates are then the file's other two.
  const mixed = ok(
    forge(['build', '--config', file('mixed.yaml', `profile: tiny\n${RATES}`), '--dirty-rate', 'null_required=0.01', '--out', join(out, 'mixed'), '--quiet']),
  );
  const rates = manifestOf(mixed).dirty.rates;
  assert.equal(rates.null_required, 0.01);
  assert.equal(rates.negative_quantity, 0.1);
  const printed = ok(forge(['build', '--config', join(out, 'mixed.yaml'), '--dirty-rate', 'null_required=0.01', '--print-config']));
  assert.match(printed, /^ {2}null_required: 0.01 # from --dirty-rate$/m);
  assert.match(printed, /^ {2}negative_quantity: 0.1 # from .*mixed\.yaml$/m);
});

test('--print-config shows the dirty section; fed back with --config it builds the same artifact', () => {
  const printed = ok(forge(['build', '--profile', 'tiny', ...FLAGS, '--print-config']));
  assert.match(printed, /^dirty:$/m);
  assert.match(printed, /^ {2}# a dirty build \(from --dirty-rate\)/m);
  const cfg = file('printed.yaml', printed + '\n');
  const a = ok(forge(['build', '--profile', 'tiny', ...FLAGS, '--out', join(out, 'pa'), '--quiet']));
  const b = ok(forge(['build', '--config', cfg, '--out', join(out, 'pb'), '--quiet']));
  assert.equal(relative(join(out, 'pa'), a), relative(join(out, 'pb'), b));
  assert.deepEqual(hashTree(a), hashTree(b));
  assert.doesNotMatch(ok(forge(['build', '--profile', 'tiny', '--print-config'])), /^dirty:/m, 'a clean build prints no dirty section');
});

test('a dirty scenario build keeps its scenario: its own directory and the manifest says which', () => {
  const dir = ok(forge(['build', '--config', file('scen.yaml', 'profile: tiny\nscenario: sparse\ndirty: true\n'), '--out', join(out, 'scen'), '--quiet']));
  assert.match(dir, /seed-42-tiny-sparse-dirty$/);
  const m = manifestOf(dir);
  assert.equal(m.scenario, 'sparse');
  assert.equal(m.params.sparsity, 0.6);
  const plain = ok(forge(['build', '--profile', 'tiny', '--dirty', '--out', join(out, 'scen'), '--quiet']));
  assert.notEqual(dir, plain);
});

test('bad dirty sections are one line with the line, column and what is allowed; nothing is built', () => {
  const o = join(out, 'nothing');
  oneLine(
    forge(['build', '--config', file('b1.yaml', 'profile: tiny\ndirty:\n  null_requird: 0.1\n'), '--out', o]),
    /unknown key "dirty\.null_requird" in .*b1\.yaml line 3, column 3 \(did you mean dirty\.null_required\?\)/,
  );
  oneLine(
    forge(['build', '--config', file('b2.yaml', 'dirty:\n  null_required: 2\n'), '--out', o]),
    /dirty\.null_required in .*b2\.yaml line 2, column 18: 2 is not allowed \(allowed: a number from 0 to 1/,
  );
  oneLine(
    forge(['build', '--config', file('b3.yaml', 'dirty: sometimes\n'), '--out', o]),
    /dirty in .*b3\.yaml line 1, column 8: "sometimes" is not allowed \(allowed: true, false, or a map of defect kind to a rate/,
  );
  oneLine(
    forge(['build', '--config', file('b4.yaml', 'dirt: true\n'), '--out', o]),
    /unknown key "dirt" in .*b4\.yaml line 1, column 1 \(did you mean dirty\?\)/,
  );
  assert.ok(!existsSync(o), 'no output directory');
});

const cluster = clusterOnDemand();

test('validate and load --build find the dirty variant the config file names', async () => {
  const cfg = file('cmds.yaml', `profile: tiny\nseed: 9\n${RATES}`);
  const o = join(out, 'cmds');
  // Not built yet: validate says so instead of checking the clean artifact.
  assert.notEqual(forge(['validate', '--config', cfg, '--out', o]).code, 0);
  const server = await cluster();
  await server.createDatabase('d');
  const loaded = forge(['load', '--config', cfg, '--out', o, '--build', '--db', server.url('d'), '--verbose']);
  assert.equal(loaded.code, 0, loaded.stderr);
  assert.match(loaded.stderr, /building retail seed 9 profile tiny \(dirty\) first/);
  // --verbose: the artifact, its tables, the target (no password) and every step done.
  assert.match(loaded.stderr, /^artifact .*seed-9-tiny-dirty-[0-9a-f]{8}: retail \S+ seed 9 profile tiny \(DIRTY\), manifest sha256 [0-9a-f]{64}$/m);
  assert.match(loaded.stderr, /^ {2}sales_daily +\d+ rows {2}data\/sales_daily\.csv$/m);
  assert.match(loaded.stderr, /^target postgres:\/\/\S+ schema dirty$/m);
  assert.match(loaded.stderr, /^done, step by step:\n {2}load the DIRTY retail .*\n {2}create relaxed tables/m);
  const dir = ok(forge(['build', '--config', cfg, '--out', o, '--quiet']));
  const m = manifestOf(dir);
  const v = forge(['validate', '--config', cfg, '--out', o]);
  assert.notEqual(v.code, 0, 'a dirty artifact fails validation');
  assert.match(v.stderr, /validation failed/);
  const c = new pg.Client({ connectionString: server.url('d') });
  await c.connect();
  try {
    const negatives = m.dirty.defects.filter((d: { kind: string; table: string }) => d.kind === 'negative_quantity' && d.table === 'sales_daily').length;
    assert.ok(negatives > 0);
    const r = await c.query('SELECT count(*)::int AS n FROM dirty.sales_daily WHERE quantity < 0');
    assert.equal(r.rows[0].n, negatives, 'every negative quantity listed is in the database as written');
  } finally {
    await c.end();
  }
});
