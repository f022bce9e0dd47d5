/**
 * `forge golden check` on a copy of the project whose retail generator has
 * one value changed: the CLI fails and names the table and the column;
 * `forge golden update` refuses to rewrite that version's goldens (unless
 * --force); after a version bump the check asks for `forge golden update`,
 * which passes and names what else to regenerate (forge types). The dataset's
 * version is read from its generator, never written here.
 * (A copy, so that the shared work tree and its goldens are never touched.)
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { hashTree, ROOT, tempDir } from '../helpers.ts';

let copy: string;
/** The retail version as its generator says now, and the one after a patch bump. */
let version: string;
let bumped: string;
const esc = (s: string) => s.replace(/\./g, '\\.');

before(() => {
  copy = tempDir('forge-golden-copy-');
  for (const dir of ['src', 'generators', 'fixtures']) cpSync(join(ROOT, dir), join(copy, dir), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
  symlinkSync(join(ROOT, 'package.json'), join(copy, 'package.json'));
  version = /version: '([^']+)'/.exec(readFileSync(join(copy, 'generators/retail/index.ts'), 'utf8'))![1];
  const [major, minor, patch] = version.split('.').map(Number);
  bumped = `${major}.${minor}.${patch + 1}`;
});

after(() => rmSync(copy, { recursive: true, force: true }));

/** The copy's own CLI, run from source: its generators, its fixtures/. */
function golden(action: 'check' | 'update', ...flags: string[]) {
  const r = spawnSync(join(ROOT, 'node_modules/.bin/tsx'), [join(copy, 'src/cli/main.ts'), 'golden', action, ...flags], { cwd: copy, encoding: 'utf8' });
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
  edit('generators/retail/params.ts', "default: ['North', 'South', 'East', 'West']", "default: ['North', 'South', 'West', 'East']");
  const r = golden('check');
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stderr, new RegExp(`retail ${esc(version)} seed 42 no longer builds`));
  assert.match(r.stderr, /no longer builds its golden files.*bump the version in generators\/retail\/index\.ts and run forge golden update/);
  assert.match(r.stderr, /^ {2}store: \d+ row\(s\) changed in column\(s\) region$/m);
  assert.match(r.stderr, /^ {4}store_id=2: region "East" → "West"$/m);
  assert.doesNotMatch(r.stderr, /^ {2}(sales_daily|product|calendar):/m, 'only the changed table is reported');
  // Every retail golden (the plain one and each golden scenario's) holds stores.
  const retailGoldens = readdirSync(join(copy, 'fixtures/retail', version)).length;
  assert.match(r.stderr.trim().split('\n').at(-1)!, new RegExp(`^forge: ${retailGoldens} golden dataset\\(s\\) differ`));
});

test('forge golden update refuses to rewrite the same version with other data, and writes nothing', () => {
  const before = hashTree(join(copy, 'fixtures'));
  const u = golden('update');
  assert.equal(u.code, 1, u.stdout + u.stderr);
  assert.match(u.stderr, /^ {4}store_id=2: region "East" → "West"$/m, 'it shows what would change');
  const last = u.stderr.trim().split('\n').at(-1)!;
  assert.match(
    last,
    new RegExp(
      `^forge: refusing to rewrite the goldens of retail ${esc(version)}: .*bump the version in generators/retail/index\\.ts, then forge golden update; or forge golden update --force`,
    ),
  );
  assert.equal(u.stdout, '');
  assert.deepEqual(hashTree(join(copy, 'fixtures')), before, 'fixtures/ untouched');
});

test('--force rewrites them (the committed goldens were wrong), and the check passes', () => {
  const u = golden('update', '--force');
  assert.equal(u.code, 0, u.stderr);
  assert.equal(golden('check').code, 0);
  edit('generators/retail/params.ts', "default: ['North', 'South', 'West', 'East']", "default: ['North', 'South', 'East', 'West']");
  assert.equal(golden('check').code, 1, 'back to the committed generator: the forced goldens differ again');
  assert.equal(golden('update', '--force').code, 0);
  edit('generators/retail/params.ts', "default: ['North', 'South', 'East', 'West']", "default: ['North', 'South', 'West', 'East']");
});

test('with the version bumped it asks for forge golden update, which passes and names forge types', () => {
  edit('generators/retail/index.ts', `version: '${version}'`, `version: '${bumped}'`);
  const r = golden('check');
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    new RegExp(
      `dataset retail is at version ${esc(bumped)} but fixtures/ has goldens for ${esc(version)}: if the change is deliberate, run forge golden update`,
    ),
  );
  const u = golden('update');
  assert.equal(u.code, 0, u.stderr);
  assert.deepEqual(readdirSync(join(copy, 'fixtures/retail')), [bumped]);
  assert.match(
    u.stderr,
    new RegExp(`^regenerate what is generated from it too: forge types fixtures/retail/${esc(bumped)}/seed-42-tiny --output <your retail\\.d\\.ts>$`, 'm'),
  );
  const again = golden('check');
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(readdirSync(join(ROOT, 'fixtures/retail')).includes(bumped), false, 'the real fixtures/ is untouched');
});
