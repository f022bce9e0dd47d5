/**
 * `forge build --verbose` from outside: every choice and every parameter not
 * at its default with where it came from (profile, scenario, file,
 * environment, flag), the dirty rates, the plan, then every file written
 * with the size and checksum its manifest gives; stdout stays the directory
 * alone. (`forge load --verbose` is checked against a real PostgreSQL in
 * dirty-config.test.ts.)
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { allFiles } from '../../src/artifact/manifest.ts';
import { forge, tempDir } from '../helpers.ts';

const out = tempDir('forge-verbose-');

test('--verbose names every choice and its source, then every file with its manifest size and sha256', () => {
  const cfg = join(out, 'v.yaml');
  writeFileSync(cfg, 'time_series:\n  noise_sigma: 0.3\n');
  const r = forge(['build', '--profile', 'tiny', '--scenario', 'sparse', '--config', cfg, '--set', 'stores=4', '--out', out, '--jobs', '1', '--verbose'], {
    env: { FORGE_ANOMALY_PROBABILITY: '0.02' },
  });
  assert.equal(r.code, 0, r.stderr);
  const dir = r.stdout.trim();
  assert.equal(r.stdout.split('\n').filter(Boolean).length, 1, 'stdout: the directory only');
  const err = r.stderr;
  assert.match(err, /^dataset retail \S+, seed 42 \(default\), profile tiny \(from --profile\), scenario sparse \(from --scenario\)$/m);
  assert.match(err, /^ {2}dimensions\.stores\.count = 4 \(from --set\)$/m);
  assert.match(err, /^ {2}dimensions\.products\.count = 12 \(from profile tiny\)$/m);
  assert.match(err, /^ {2}sparsity\.missing_combinations_pct = 0\.6 \(from scenario sparse\)$/m);
  assert.match(err, /^ {2}time_series\.noise_sigma = 0\.3 \(from .*v\.yaml\)$/m);
  assert.match(err, /^ {2}time_series\.anomaly_probability = 0\.02 \(from environment FORGE_ANOMALY_PROBABILITY\)$/m);
  assert.doesNotMatch(err, /time_series\.trend = /, 'parameters at their default are not listed');
  assert.match(err, /^building with 1 job\(s\), formats csv, json, dump, under /m);
  const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  const files = allFiles(m);
  assert.match(err, new RegExp(`^wrote ${files.length} files, `, 'm'));
  for (const f of files)
    assert.match(err, new RegExp(`^ {2}${f.path.replace(/\./g, '\\.')} +[\\d.]+ (B|KB|MB) {2}sha256 ${f.sha256.slice(0, 16)}…$`, 'm'), f.path);
});

test('--verbose on a dirty build lists every rate and where it came from', () => {
  const r = forge(['build', '--profile', 'tiny', '--dirty-rate', 'null_required=0.1', '--out', out, '--verbose']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^dirty build \(from --dirty-rate\), rates per kind:$/m);
  assert.match(r.stderr, /^ {2}null_required = 0\.1 \(from --dirty-rate\)$/m);
  assert.match(r.stderr, /^ {2}orphan_reference = 0\.01 \(default\)$/m);
});

test('--quiet with --verbose is one line, and nothing is built', () => {
  const o = join(out, 'none');
  const r = forge(['build', '--profile', 'tiny', '--quiet', '--verbose', '--out', o]);
  assert.equal(r.code, 2);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /^forge: --quiet and --verbose cannot be combined/);
});
