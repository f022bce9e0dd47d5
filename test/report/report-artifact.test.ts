/**
 * forge report on artifacts, run as a user runs it: one self-contained,
 * deterministic page whose figures are the artifact's; generic datasets get
 * the generic charts; a tampered file or an unwritable output fails with one
 * line and leaves no page.
 */
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { build } from '../../src/artifact/build.ts';
import { forge, readCsv, ROOT, tempDir } from '../helpers.ts';
import { tenantsDataset } from '../datasets/tenants.ts';
import { chartsOf, RETAIL_CHARTS } from './charts.ts';
import { datasets } from '../../generators/index.ts';

const GOLDEN = join(ROOT, 'fixtures/retail', datasets.retail.version, 'seed-42-tiny');
let out: string;

before(() => {
  out = tempDir('forge-report-');
});

test('a retail artifact: every retail chart, counts from the data, self-contained and deterministic', () => {
  const file = join(out, 'tiny.html');
  const r = forge(['report', GOLDEN, '-o', file]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), file);
  const html = readFileSync(file, 'utf8');
  const charts = chartsOf(html);
  for (const id of [...RETAIL_CHARTS, 'chart-table-sales_daily']) {
    assert.ok((charts.get(id) ?? 0) > 0, `${id} has data points`);
  }
  // Row counts as the manifest says, and as the files hold.
  const manifest = JSON.parse(readFileSync(join(GOLDEN, 'manifest.json'), 'utf8'));
  for (const t of manifest.tables) assert.match(html, new RegExp(`<title>${t.name}: ${t.rows.toLocaleString('en-US')}</title>`));
  // The sales chart's total for a day is the sum of that day's quantities in the CSV.
  const sales = readCsv(join(GOLDEN, 'data/sales_daily.csv'));
  const q = sales.header.indexOf('quantity');
  const jan5 = sales.rows.filter((row) => row[1] === '2024-01-05').reduce((s, row) => s + Number(row[q]), 0);
  assert.match(html, new RegExp(`<title>2024-01-05 all products: ${jan5.toLocaleString('en-US')}</title>`));
  // Holidays of the calendar are marked.
  assert.match(html, /<line class="holiday"[^>]*><title>2024-01-01 New Year&#39;s Day<\/title>/);
  // Nothing outside the page: no script, no link, no URL to fetch.
  assert.doesNotMatch(html, /<script|<link|<img|<iframe|url\(|https?:\/\//i);
  assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
  // Same artifact, same bytes (whatever the time zone and locale).
  const again = join(out, 'tiny-again.html');
  assert.equal(forge(['report', GOLDEN, '-o', again], { env: { TZ: 'Pacific/Kiritimati', LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8' } }).code, 0);
  assert.equal(readFileSync(again, 'utf8'), html);
});

test('a generic dataset gets row counts and per-table summaries, and no retail charts', async () => {
  const { dir } = await build({ dataset: tenantsDataset, seed: 5, profile: 'tiny', outRoot: join(out, 'tenants') });
  const file = join(out, 'tenants.html');
  const r = forge(['report', dir, '-o', file]);
  assert.equal(r.code, 0, r.stderr);
  const html = readFileSync(file, 'utf8');
  const charts = chartsOf(html);
  assert.equal(charts.get('chart-row-counts'), 3);
  assert.ok(!charts.has('chart-sales'));
  for (const t of ['tenant', 'client', 'appointment']) assert.match(html, new RegExp(`<h3 id="table-${t}">`));
  // The client table's email column: 40 distinct values, no NULLs.
  assert.match(
    html,
    /<td>email<\/td><td>text<\/td><td class="n">0<\/td><td class="n">0<\/td><td>[^<]*<\/td><td>[^<]*<\/td><td class="n"><\/td><td class="n">40<\/td>/,
  );
});

test('a dirty artifact: a banner, every defect counted by kind and table, its rows still charted', () => {
  const b = forge(['build', '--profile', 'tiny', '--dirty', '--out', join(out, 'dirty'), '--quiet']);
  assert.equal(b.code, 0, b.stderr);
  const manifest = JSON.parse(readFileSync(join(b.stdout.trim(), 'manifest.json'), 'utf8'));
  const file = join(out, 'dirty.html');
  assert.equal(forge(['report', b.stdout.trim(), '-o', file]).code, 0);
  const html = readFileSync(file, 'utf8');
  assert.match(html, /<div class="dirty">DIRTY ARTIFACT/);
  const n = manifest.dirty.defects.length;
  assert.match(html, new RegExp(`This is a <b>dirty</b> artifact: ${n} invalid values were injected`));
  const byKind = new Map<string, number>();
  for (const d of manifest.dirty.defects) byKind.set(d.kind, (byKind.get(d.kind) ?? 0) + 1);
  const charts = chartsOf(html);
  assert.equal(charts.get('chart-defect-kinds'), byKind.size);
  for (const [k, v] of byKind) assert.match(html, new RegExp(`<title>${k}: ${v}</title>`));
  // Dates moved before the calendar are left out of the charts, and said so.
  const outside = manifest.dirty.defects.filter(
    (d: { kind: string; check: string; table: string }) => d.kind === 'date_out_of_range' && d.check === 'foreign_key',
  ).length;
  assert.ok(outside > 0);
  assert.match(html, new RegExp(`${outside} row\\(s\\) dated outside the calendar`));
  assert.ok((charts.get('chart-sales') ?? 0) > 0);
});

test('a JSON-only artifact reports the same tables and counts as its CSV twin', () => {
  const csvFile = join(out, 'csv.html');
  const jsonFile = join(out, 'json.html');
  const b = forge(['build', '--profile', 'tiny', '--formats', 'json', '--out', join(out, 'json-only'), '--quiet']);
  assert.equal(b.code, 0, b.stderr);
  const c = forge(['report', GOLDEN, '-o', csvFile]);
  assert.equal(c.code, 0, c.stderr);
  const r = forge(['report', b.stdout.trim(), '-o', jsonFile]);
  assert.equal(r.code, 0, r.stderr);
  const strip = (s: string) => s.replace(/<header>[\s\S]*?<\/header>/, '').replace(/<span><b>source<\/b>[^<]*<\/span>/, '');
  const [fromJson, fromCsv] = [strip(readFileSync(jsonFile, 'utf8')), strip(readFileSync(csvFile, 'utf8'))];
  // On a difference, show where: the pages are too long for the assertion's own diff.
  const at = [...fromJson].findIndex((ch, i) => ch !== fromCsv[i]);
  assert.ok(
    fromJson === fromCsv,
    `the pages differ at ${at}: JSON …${fromJson.slice(Math.max(0, at - 200), at + 200)}… CSV …${fromCsv.slice(Math.max(0, at - 200), at + 200)}…`,
  );
});

test('a tampered data file: one line, non-zero exit, no page written', () => {
  const copy = join(out, 'tampered');
  cpSync(GOLDEN, copy, { recursive: true });
  appendFileSync(join(copy, 'data/sales_daily.csv'), '9999999,2024-01-05,1,1,5,1.00,5.00\n');
  const file = join(out, 'tampered.html');
  const r = forge(['report', copy, '-o', file]);
  assert.equal(r.code, 1);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /^forge: artifact file data\/sales_daily\.csv does not match its sha256/);
  assert.ok(!existsSync(file));
  assert.deepEqual(
    readdirSync(out).filter((f) => f.startsWith('tampered.html')),
    [],
  );
});

test('usage and output errors are one line', () => {
  const both = forge(['report', GOLDEN, '--db', 'postgres://127.0.0.1:1/x']);
  assert.equal(both.code, 2);
  assert.match(both.stderr, /^forge: give an artifact or --db, not both/);
  const missing = forge(['report', join(out, 'nope')]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^forge: no artifact at .* \(manifest\.json not found\)/);
  const dirOut = forge(['report', GOLDEN, '-o', join(out, 'no-such-dir', 'r.html')]);
  assert.equal(dirOut.code, 1);
  assert.match(dirOut.stderr, /^forge: cannot write .*r\.html: ENOENT/);
});
