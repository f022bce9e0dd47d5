/**
 * The zod-free manifest check (src/artifact/manifest-check.ts, what every
 * read of an artifact uses) against the zod schema that defines the
 * contract (src/artifact/manifest.ts): the same verdict and the same output
 * on every golden manifest, on one with every optional part present, and on
 * ~1,700 mutations of it (each field removed, given a wrong value,
 * or joined by an unknown key).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkManifest, ManifestIssue } from '../../src/artifact/manifest-check.ts';
import { Manifest } from '../../src/artifact/manifest.ts';
import { ROOT } from '../helpers.ts';

function goldens(dir = join(ROOT, 'fixtures')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? goldens(join(dir, e.name)) : e.name === 'manifest.json' ? [join(dir, e.name)] : [],
  );
}

type Verdict = { ok: true; json: string } | { ok: false; path: string };

function viaZod(value: unknown): Verdict {
  const r = Manifest.safeParse(value);
  return r.success ? { ok: true, json: JSON.stringify(r.data) } : { ok: false, path: r.error.issues[0].path.join('.') };
}

function viaCheck(value: unknown): Verdict {
  try {
    return { ok: true, json: JSON.stringify(checkManifest(value)) };
  } catch (e) {
    if (!(e instanceof ManifestIssue)) throw e;
    return { ok: false, path: e.path.join('.') };
  }
}

/** A golden manifest with every optional part filled in (range, validation, dirty, scenario, rowFiles, tenantColumn, JSON files). */
function maximal(): Record<string, any> {
  const m = JSON.parse(readFileSync(goldens().find((p) => p.includes('migration'))!, 'utf8'));
  m.tables = m.tables.slice(0, 2);
  const t = m.tables[0];
  t.tenantColumn ??= 'client_account_id';
  t.rowFiles = { path: 'documents/{id}.md', body: 'body' };
  t.files.json ??= { ...t.files.csv, path: 'json/x.json' };
  m.scenario = 'demo';
  m.range = { kind: 'shard', description: 'units 0-10', tables: { a: { from: 0, to: 10 } } };
  m.validation = {
    emailDomains: ['example.com'],
    phoneMasks: ['555xxxxxxx'],
    counts: { tables: { a: 1 }, perTenant: { t1: { a: 2 } }, min: { a: 0 } },
  };
  m.dirty = {
    rates: { nulls: 0.5 },
    kinds: { nulls: 'null in a NOT NULL column' },
    load: 'relaxed',
    defects: [{ table: 'a', key: { id: '1', other: null }, column: 'c', kind: 'nulls', check: 'not_null', violation: 'null' }],
  };
  return m;
}

const WRONG: unknown[] = [null, true, 0, -1, 1.5, 2 ** 60, '', 'x', 'a'.repeat(64), 'fact', 'shard', 'postgres-csv', [], ['x'], {}, { k: 'v' }];

/** Every place in the value (arrays: their first item only, the others share its schema), with a setter. */
function* places(value: any, path: (string | number)[] = []): Generator<(string | number)[]> {
  yield path;
  if (Array.isArray(value)) {
    if (value.length) yield* places(value[0], [...path, 0]);
  } else if (value && typeof value === 'object') {
    for (const k of Object.keys(value)) yield* places(value[k], [...path, k]);
  }
}

function mutate(root: unknown, path: (string | number)[], change: (parent: any, key: string | number) => void): unknown {
  const copy = structuredClone(root) as any;
  let at = copy;
  for (const k of path.slice(0, -1)) at = at[k];
  change(at, path[path.length - 1]);
  return copy;
}

test('the check and zod agree on every golden manifest', () => {
  const files = goldens();
  assert.ok(files.length >= 4, `golden manifests: ${files.length}`);
  for (const f of files) {
    const value = JSON.parse(readFileSync(f, 'utf8'));
    const z = viaZod(value);
    assert.equal(z.ok, true, f);
    assert.deepEqual(viaCheck(value), z, f);
  }
});

test('the check and zod agree on ~1,700 mutations of a manifest with every optional part', () => {
  const base = maximal();
  assert.equal(viaZod(base).ok, true);
  assert.deepEqual(viaCheck(base), viaZod(base));
  let cases = 0;
  let rejected = 0;
  for (const path of places(base)) {
    const variants: unknown[] = [];
    if (path.length) {
      for (const w of WRONG) variants.push(mutate(base, path, (p, k) => (p[k] = w)));
      variants.push(mutate(base, path, (p, k) => (Array.isArray(p) ? p.splice(Number(k), 1) : delete p[k])));
    } else variants.push(...WRONG);
    const node = path.reduce((v: any, k) => v[k], base);
    if (node && typeof node === 'object' && !Array.isArray(node)) {
      // Unknown keys are dropped, as zod drops them; "__proto__" arrives as an own key from JSON.parse.
      variants.push(mutate(base, [...path, 'unknownKey'], (p, k) => (p[k] = 1)));
      variants.push(JSON.parse(JSON.stringify(mutate(base, [...path, 'marker'], (p, k) => (p[k] = 1))).replace('"marker":1', '"__proto__":{"x":1}')));
    }
    if (Array.isArray(node)) variants.push(mutate(base, path, (p, k) => (path.length ? p[k].push(p[k][0] ?? 'x') : undefined)));
    for (const v of variants) {
      const z = viaZod(v);
      assert.deepEqual(viaCheck(v), z, `at ${path.join('.') || '(root)'}: ${JSON.stringify(v).slice(0, 200)}`);
      cases++;
      if (!z.ok) rejected++;
    }
  }
  assert.ok(cases > 1500 && rejected > 1000, `${cases} cases, ${rejected} rejected`);
});
