/**
 * Scoring forge validate against the known answers of a dirty artifact: on
 * the clean build it passes; on the dirty one it reports exactly the
 * defects listed in manifest.json (same table, row key, column, check and
 * violation kind): precision and recall 100 %.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { forge, tempDir } from '../helpers.ts';
import { KINDS, RATES } from './rates.ts';

const sig = (table: string, key: Record<string, unknown> | undefined, column: string | undefined, check: string, kind: string) =>
  `${table}|${JSON.stringify(Object.entries(key ?? {}).sort())}|${column ?? ''}|${check}|${kind}`;

test('forge validate: the clean build passes, the dirty one reports exactly the injected defects', () => {
  const out = tempDir('forge-dirty-validate-');
  const c = forge(['build', '--profile', 'tiny', '--set', 'endDate=2024-02-29', '--formats', 'csv', '--out', out, '--quiet']);
  assert.equal(c.code, 0, c.stderr);
  const clean = forge(['validate', c.stdout.trim()]);
  assert.equal(clean.code, 0, clean.stdout + clean.stderr);
  const d = forge(['build', '--profile', 'tiny', '--set', 'endDate=2024-02-29', ...RATES, '--out', out, '--quiet']);
  assert.equal(d.code, 0, d.stderr);
  const manifest = JSON.parse(readFileSync(join(d.stdout.trim(), 'manifest.json'), 'utf8'));
  const defects: { table: string; key: Record<string, string>; column: string; check: string; violation: string; kind: string }[] = manifest.dirty.defects;
  assert.deepEqual([...new Set(defects.map((x) => x.kind))].sort(), [...KINDS].sort(), 'every kind is injected');
  const r = forge(['validate', d.stdout.trim(), '--json', '--limit', '1000000']);
  assert.equal(r.code, 1, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.equal(report.truncated, 0);
  const found = new Set<string>(report.violations.map((v: any) => sig(v.table, v.key, v.column, v.check, v.kind)));
  const expected = new Set(defects.map((x) => sig(x.table, x.key, x.column, x.check, x.violation)));
  const hits = [...found].filter((s) => expected.has(s)).length;
  const missed = [...expected].filter((s) => !found.has(s));
  const extra = [...found].filter((s) => !expected.has(s));
  assert.deepEqual({ missed: missed.slice(0, 5), extra: extra.slice(0, 5) }, { missed: [], extra: [] });
  assert.equal(report.violations.length, defects.length, 'one violation per defect');
  assert.equal(hits / found.size, 1, 'precision');
  assert.equal(hits / expected.size, 1, 'recall');
});
