/**
 * forge build as a user runs it: determinism, CSV/JSON parity, the manifest,
 * and the one-line errors that leave nothing behind.
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { build } from '../../src/artifact/build.ts';
import { allFiles, Manifest } from '../../src/artifact/manifest.ts';
import { datasets } from '../../generators/index.ts';
import { forge, hashTree, readCsv, readJson, tempDir } from '../helpers.ts';
import { typesDataset } from '../datasets/types.ts';
import { createHash } from 'node:crypto';

let out: string;
let a: string;
before(() => {
  out = tempDir();
  const r = forge(['build', '--profile', 'tiny', '--seed', '42', '--out', join(out, 'a'), '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  a = r.stdout.trim();
});

test('the artifact has the documented layout', () => {
  assert.equal(a, join(out, 'a', 'retail', datasets.retail.version, 'seed-42-tiny'));
  const files = Object.keys(hashTree(a));
  for (const f of ['manifest.json', 'schema.sql', 'post.sql', 'dump.sql.gz', 'data/sales_daily.csv', 'data/sales_daily.json', 'data/store.csv'])
    assert.ok(files.includes(f), `missing ${f}`);
  assert.ok(!readdirSync(join(out, 'a', 'retail', datasets.retail.version)).some((n) => n.includes('.partial-')), 'no temp dir left');
});

test('two builds with the same seed are byte-identical, whatever TZ and locale; another seed differs', () => {
  const b = forge(['build', '--profile', 'tiny', '--seed', '42', '--out', join(out, 'b'), '--quiet'], {
    env: { TZ: 'Pacific/Kiritimati', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' },
  });
  assert.equal(b.code, 0, b.stderr);
  assert.deepEqual(hashTree(b.stdout.trim()), hashTree(a));
  const c = forge(['build', '--profile', 'tiny', '--seed', '43', '--out', join(out, 'c'), '--quiet']);
  assert.equal(c.code, 0, c.stderr);
  const ha = hashTree(a);
  const hc = hashTree(c.stdout.trim());
  for (const t of ['store', 'product', 'sales_daily', 'inventory_snapshot_daily']) assert.notEqual(hc[`data/${t}.csv`], ha[`data/${t}.csv`], t);
  assert.equal(hc['schema.sql'], ha['schema.sql'], 'the schema does not depend on the seed');
});

test('manifest validates, has no timestamps, and its checksums match the files', () => {
  const text = readFileSync(join(a, 'manifest.json'), 'utf8');
  const m = Manifest.parse(JSON.parse(text));
  assert.doesNotMatch(text, /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/, 'no timestamps');
  assert.equal(m.dataset.name, 'retail');
  assert.equal(m.seed, 42);
  assert.equal(m.profile, 'tiny');
  assert.equal(m.params.stores, 6);
  assert.match(m.generator.fakerVersion, /^\d+\.\d+\.\d+$/);
  for (const f of allFiles(m)) {
    const buf = readFileSync(join(a, f.path));
    assert.equal(buf.length, f.bytes, f.path);
    assert.equal(createHash('sha256').update(buf).digest('hex'), f.sha256, f.path);
  }
  const sales = m.tables.find((t) => t.name === 'sales_daily')!;
  assert.deepEqual(sales.unique, [['date', 'store_id', 'product_id']]);
  assert.deepEqual(
    sales.foreignKeys.map((f) => f.table),
    ['calendar', 'store', 'product'],
  );
  assert.equal(sales.rows, readCsv(join(a, 'data/sales_daily.csv')).rows.length);
  const total = m.tables.reduce((n, t) => n + t.rows, 0);
  assert.ok(total > 2000 && total < 10_000, `tiny has a few thousand rows, got ${total}`);
});

test('the committed JSON Schema is the one zod derives from the manifest type', async () => {
  const { manifestJsonSchema } = await import('../../src/artifact/manifest.ts');
  const committed = JSON.parse(readFileSync(new URL('../../schemas/manifest.schema.json', import.meta.url), 'utf8'));
  assert.deepEqual(committed, JSON.parse(JSON.stringify(manifestJsonSchema())), 'run: npm run schema');
});

/** Compares each CSV field with the JSON value of the same row and column. */
function assertCsvJsonAgree(dir: string, m: Manifest) {
  for (const t of m.tables) {
    const csv = readCsv(join(dir, t.files.csv!.path));
    const json = readJson(join(dir, t.files.json!.path));
    assert.deepEqual(
      csv.header,
      t.columns.map((c) => c.name),
      t.name,
    );
    assert.equal(json.length, csv.rows.length, t.name);
    csv.rows.forEach((row, i) => {
      t.columns.forEach((c, j) => {
        const text = row[j];
        const v = json[i][c.name];
        const where = `${t.name} row ${i} ${c.name}`;
        if (text === null) return assert.equal(v, null, where);
        if (c.type === 'boolean') return assert.equal(v, text === 't', where);
        if (c.type === 'timestamptz') return assert.equal(Date.parse(v as string), Date.parse(text.replace(' ', 'T').replace(/\+00$/, 'Z')), where);
        if (c.type === 'jsonb') return assert.deepEqual(v, JSON.parse(text), where);
        if (typeof v === 'number') return assert.equal(v, Number(text), where);
        assert.equal(v, text, where);
      });
    });
  }
}

test('CSV and JSON files of every retail table hold the same values', () => {
  assertCsvJsonAgree(a, Manifest.parse(JSON.parse(readFileSync(join(a, 'manifest.json'), 'utf8'))));
});

test('CSV and JSON agree on every type and on nasty text', async () => {
  const { dir, manifest } = await build({ dataset: typesDataset, seed: 1, profile: 'tiny', outRoot: join(out, 'types') });
  assertCsvJsonAgree(dir, manifest);
  const typed = readJson(join(dir, 'data/typed.json'));
  assert.equal(typed[0].body, '');
  assert.equal(typed[0].maybe, null);
  const csv = readCsv(join(dir, 'data/typed.csv'));
  assert.equal(csv.rows[0][1], '', "'' stays an empty string in CSV");
  assert.equal(csv.rows[0][2], null, 'NULL stays NULL in CSV');
});

function assertOneLineError(r: ReturnType<typeof forge>, pattern: RegExp) {
  assert.notEqual(r.code, 0);
  assert.equal(r.stderr.trim().split('\n').length, 1, `one line, got: ${r.stderr}`);
  assert.match(r.stderr, pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
}

test('bad input gives one clear line, a non-zero exit and no artifact', () => {
  const o = join(out, 'bad');
  assertOneLineError(forge(['build', '--dataset', 'nope', '--out', o]), /unknown dataset "nope".*known datasets: retail/);
  assertOneLineError(forge(['build', '--profile', 'huge', '--out', o]), /no profile "huge".*tiny/);
  assertOneLineError(forge(['build', '--seed', '4x2', '--out', o]), /--seed must be an integer/);
  assertOneLineError(forge(['build', '--seed', '1.5', '--out', o]), /--seed must be an integer/);
  assertOneLineError(forge(['build', '--bogus', '--out', o]), /Unknown option '--bogus'/);
  assertOneLineError(
    forge(['build', '--profile', 'tiny', '--set', 'stores=-3', '--out', o]),
    /dimensions\.stores\.count \(stores\) in --set stores: -3 is not allowed/,
  );
  assertOneLineError(forge(['frobnicate']), /unknown command "frobnicate"/);
  assert.ok(!existsSync(join(o, 'retail')) || readdirSync(join(o, 'retail')).length === 0 || !hasArtifact(join(o, 'retail')));
});

function hasArtifact(dir: string): boolean {
  return readdirSync(dir, { recursive: true }).some((p) => String(p).endsWith('manifest.json'));
}

test('an unwritable output directory is one line and leaves nothing', () => {
  const ro = join(out, 'readonly');
  mkdirSync(ro);
  writeFileSync(join(ro, 'keep'), '');
  chmodSync(ro, 0o555);
  // root ignores permission bits: use a path under a regular file instead, which no one can create.
  const r = forge(['build', '--profile', 'tiny', '--out', join(ro, 'keep', 'sub')]);
  assertOneLineError(r, /cannot write to output directory/);
  assert.deepEqual(readdirSync(ro), ['keep']);
});

test('an interrupted build leaves no partial artifact', async () => {
  const { spawn } = await import('node:child_process');
  const { ROOT } = await import('../helpers.ts');
  const o = join(out, 'interrupted');
  const child = spawn(process.execPath, [join(ROOT, 'bin/forge.js'), 'build', '--profile', 'local', '--out', o], { stdio: ['ignore', 'pipe', 'pipe'] });
  // Wait until the build is writing fact rows, then interrupt it.
  await new Promise<void>((resolve) => {
    child.stderr.on('data', (d: Buffer) => {
      if (/store: \d+ rows/.test(d.toString())) resolve();
    });
  });
  child.kill('SIGINT');
  const code = await new Promise<number | null>((r) => child.on('exit', (c, s) => r(c ?? (s ? 128 : null))));
  assert.notEqual(code, 0);
  const base = join(o, 'retail', datasets.retail.version);
  assert.deepEqual(existsSync(base) ? readdirSync(base) : [], [], 'neither the artifact nor its temp dir remains');
});
