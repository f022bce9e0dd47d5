/**
 * `forge golden check` on a copy of the project whose retail generator has
 * one value changed: the CLI fails and names the table and the column; after
 * a version bump it asks for `forge golden update`, and passes once that ran.
 * (A copy, so that the shared work tree and its goldens are never touched.)
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, tempDir } from '../helpers.ts';

let copy: string;

before(() => {
  copy = tempDir('forge-golden-copy-');
  for (const dir of ['src', 'generators', 'fixtures']) cpSync(join(ROOT, dir), join(copy, dir), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
  symlinkSync(join(ROOT, 'package.json'), join(copy, 'package.json'));
});

after(() => rmSync(copy, { recursive: true, force: true }));

/** The copy's own CLI, run from source: its generators, its fixtures/. */
function golden(action: 'check' | 'update') {
  const r = spawnSync(join(ROOT, 'node_modules/.bin/tsx'), [join(copy, 'src/cli/main.ts'), 'golden', action], { cwd: copy, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function edit(path: string, from: string, to: string) {
  const text = readFileSync(join(copy, path), 'utf8');
  assert.ok(text.includes(from), `${path} no longer contains ${from}: update this test`);
  writeFileSync(join(copy, path), text.replace(from, to));
}

test('the unedited copy passes', () => {
  const r = golden('check');
  assert.equal(r.code, 0, r.stderr);
});

test('one generator value changed: the check fails, naming the table, the column and the values', () => {
  edit('generators/retail/tables/store.ts', "const REGIONS = ['North', 'South', 'East', 'West'];", "const REGIONS = ['North', 'South', 'West', 'East'];");
  const r = golden('check');
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /retail 1\.0\.0 seed 42 no longer builds its golden files.*bump the version in generators\/retail\/index\.ts and run forge golden update/);
  assert.match(r.stderr, /^ {2}store: \d+ row\(s\) changed in column\(s\) region$/m);
  assert.match(r.stderr, /^ {4}store_id=2: region "East" → "West"$/m);
  assert.doesNotMatch(r.stderr, /^ {2}(sales_daily|product|calendar):/m, 'only the changed table is reported');
  assert.match(r.stderr.trim().split('\n').at(-1)!, /^forge: 1 golden dataset\(s\) differ/);
});

test('with the version bumped it asks for forge golden update, and passes after it', () => {
  edit('generators/retail/index.ts', "version: '1.0.0'", "version: '1.0.1'");
  const r = golden('check');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /dataset retail is at version 1\.0\.1 but fixtures\/ has goldens for 1\.0\.0: if the change is deliberate, run forge golden update/);
  const u = golden('update');
  assert.equal(u.code, 0, u.stderr);
  assert.deepEqual(readdirSync(join(copy, 'fixtures/retail')), ['1.0.1']);
  const again = golden('check');
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(readdirSync(join(ROOT, 'fixtures/retail')).includes('1.0.1'), false, 'the real fixtures/ is untouched');
});
