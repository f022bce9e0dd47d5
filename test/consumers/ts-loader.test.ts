/**
 * The TypeScript loader (`fixture-forge/fixtures`) and `forge types`: CSV and
 * JSON give equal typed rows for every column type and nasty value; files are
 * checked when opened; the committed example types are what forge types says.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { loadFixture } from 'fixture-forge-reader';
import { build } from '../../src/artifact/build.ts';
import { ForgeError } from '../../src/errors.ts';
import { goldenDir } from '../../examples/golden.ts';
import { typesDataset } from '../datasets/types.ts';
import { forge, ROOT, tempDir } from '../helpers.ts';

let out: string;
let typesDir: string;

before(async () => {
  out = tempDir();
  typesDir = (await build({ dataset: typesDataset, seed: 7, profile: 'tiny', outRoot: out, formats: { csv: true, json: true, dump: false } })).dir;
});

const isCode = (code: string) => (e: unknown) => e instanceof ForgeError && e.code === code;

test('CSV rows decode to exactly the JSON rows, for every type and nasty value', async () => {
  const fx = await loadFixture(typesDir);
  for (const name of fx.tables) {
    const json = await fx.rows(name);
    assert.equal(json.length, fx.table(name).rows);
    assert.deepEqual(await fx.rows(name, { from: 'csv' }), json, name);
  }
  const typed = await fx.rows('typed');
  assert.equal(typed[0].maybe, null, 'NULL stays null');
  assert.equal(typed[1].body, ' ');
  assert.equal(typed.find((r) => r.body === '')?.body, '', "'' stays ''");
  assert.equal(typeof typed[0].at, 'string');
  assert.match(String(typed[0].at), /^2024-01-01T12:30:15\.000Z$/);
});

test('a file is checked when it is opened: an edited table fails, the others still load', async () => {
  const copy = join(out, 'edited');
  cpSync(goldenDir(), copy, { recursive: true });
  const path = join(copy, 'data/store.json');
  writeFileSync(path, readFileSync(path, 'utf8').replace('"S0001"', '"S0009"'));
  const fx = await loadFixture(copy);
  assert.ok((await fx.rows('product')).length > 0);
  await assert.rejects(fx.rows('store'), (e: unknown) => isCode('CHECKSUM_MISMATCH')(e) && /data\/store\.json/.test((e as Error).message));
  assert.ok((await fx.rows('store', { from: 'csv' })).length > 0, 'the CSV file was not edited');
  await assert.rejects(loadFixture(copy, { verifyAll: true }), isCode('CHECKSUM_MISMATCH'));
});

test('the manifest is validated: a wrong one is refused with the field it breaks', async () => {
  const copy = join(out, 'bad-manifest');
  cpSync(goldenDir(), copy, { recursive: true });
  const m = JSON.parse(readFileSync(join(copy, 'manifest.json'), 'utf8'));
  m.tables[0].rows = -1;
  writeFileSync(join(copy, 'manifest.json'), JSON.stringify(m));
  await assert.rejects(loadFixture(copy), (e: unknown) => isCode('ARTIFACT_INVALID')(e) && /tables\.0\.rows/.test((e as Error).message));
  await assert.rejects(loadFixture(join(out, 'nothing-here')), isCode('ARTIFACT_MISSING'));
});

test('a packed archive loads the same rows, and close() removes its temp dir', async () => {
  const p = forge(['pack', goldenDir(), '--output', join(out, 'golden.tar.gz')]);
  assert.equal(p.code, 0, p.stderr);
  const fx = await loadFixture(join(out, 'golden.tar.gz'));
  const dirFx = await loadFixture(goldenDir());
  assert.deepEqual(await fx.rows('sales_daily'), await dirFx.rows('sales_daily'));
  assert.ok(existsSync(fx.dir));
  fx.close();
  assert.ok(!existsSync(fx.dir));
});

test('forge types: declarations for every table and column; the committed example types are current', () => {
  const r = forge(['types', join(typesDir)]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /import type \{ JsonValue \} from 'fixture-forge-reader';/);
  assert.match(
    r.stdout,
    /export interface TypesTyped \{[^}]*maybe: string \| null;[^}]*amount: number;[^}]*at: string;[^}]*flag: boolean;[^}]*doc: JsonValue;[^}]*big: number \| null;\n\}/s,
  );
  assert.match(r.stdout, /export interface TypesTables \{\n {2}typed: TypesTyped;\n {2}generated: TypesGenerated;\n\}/);
  const golden = forge(['types', goldenDir()]);
  assert.equal(golden.code, 0, golden.stderr);
  assert.equal(
    readFileSync(join(ROOT, 'examples/types/retail.d.ts'), 'utf8'),
    golden.stdout,
    'examples/types/retail.d.ts is stale: node bin/forge.js types fixtures/retail/<version>/seed-42-tiny --output examples/types/retail.d.ts',
  );
});
