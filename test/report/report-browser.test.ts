/**
 * The report in a real browser (Debian's headless Chromium, driven over the
 * DevTools protocol): no console error, no request but the page itself,
 * every chart laid out with all its data points, and a screenshot that is
 * not blank. A page with a broken point and an outside image proves the
 * checks can fail.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { before, test } from 'node:test';
import { build } from '../../src/artifact/build.ts';
import { tenantsDataset } from '../datasets/tenants.ts';
import { forge, tempDir } from '../helpers.ts';
import { inspectPages, type PageCheck } from './chromium.ts';
import { RETAIL_CHARTS } from './charts.ts';
import { decodePng, pixelStats } from './png.ts';

let out: string;
let pages: Record<'retail' | 'generic' | 'dirty' | 'broken', { file: string; check: PageCheck }>;

before(async () => {
  out = tempDir('forge-report-browser-');
  // A year of the tiny retail profile: holidays, promotions, the whole weekly and monthly profile.
  const b = forge(['build', '--profile', 'tiny', '--set', 'endDate=2024-12-31', '--formats', 'csv', '--out', join(out, 'dist'), '--quiet']);
  assert.equal(b.code, 0, b.stderr);
  const retail = join(out, 'retail.html');
  assert.equal(forge(['report', b.stdout.trim(), '-o', retail]).code, 0);
  const { dir } = await build({ dataset: tenantsDataset, seed: 5, profile: 'tiny', outRoot: join(out, 'tenants') });
  const generic = join(out, 'generic.html');
  assert.equal(forge(['report', dir, '-o', generic]).code, 0);
  const d = forge(['build', '--profile', 'tiny', '--set', 'endDate=2024-03-31', '--dirty', '--out', join(out, 'dist'), '--quiet']);
  assert.equal(d.code, 0, d.stderr);
  const dirty = join(out, 'dirty.html');
  assert.equal(forge(['report', d.stdout.trim(), '-o', dirty]).code, 0);
  const broken = join(out, 'broken.html');
  writeFileSync(
    broken,
    readFileSync(retail, 'utf8').replace(
      '<main>',
      '<main><img src="http://127.0.0.1:9/x.png"><figure class="chart" id="bad" data-points="1"><svg><circle class="pt" cx="NaN" cy="1" r="2"/></svg></figure>',
    ),
  );
  const checks = await inspectPages([retail, generic, dirty, broken]);
  pages = {
    retail: { file: retail, check: checks[0] },
    generic: { file: generic, check: checks[1] },
    dirty: { file: dirty, check: checks[2] },
    broken: { file: broken, check: checks[3] },
  };
});

function assertRendered(name: keyof typeof pages, expectedCharts: string[]) {
  const { file, check } = pages[name];
  assert.deepEqual(check.consoleErrors, [], `${name}: console errors`);
  assert.deepEqual(check.requests, [pathToFileURL(file).href], `${name}: the page fetched nothing else`);
  assert.match(check.title, /^fixture-forge report: /);
  const ids = check.charts.map((c) => c.id);
  for (const id of expectedCharts) assert.ok(ids.includes(id), `${name}: ${id} is on the page (${ids.join(', ')})`);
  for (const c of check.charts) {
    assert.ok(c.points > 0, `${name}: ${c.id} has data points`);
    assert.equal(c.points, c.declared, `${name}: ${c.id} drew every point`);
    assert.equal(c.broken, 0, `${name}: ${c.id} has no point with a non-numeric position`);
    assert.ok(c.width > 300 && c.height > 100, `${name}: ${c.id} is laid out (${c.width}x${c.height})`);
  }
  const img = decodePng(check.screenshot);
  const px = pixelStats(img);
  assert.equal(img.width, 1200);
  assert.ok(img.height > 900, `${name}: the whole page was captured (${img.height} px)`);
  assert.ok(
    px.nonBackground > 0.05 && px.colors > 50,
    `${name}: screenshot is not blank (${(px.nonBackground * 100).toFixed(1)} % drawn, ${px.colors} colours)`,
  );
}

test('the retail report renders in Chromium with every chart and no console error', () => {
  assertRendered('retail', RETAIL_CHARTS);
  assert.ok(pages.retail.check.charts.length >= 15);
});

test('a generic dataset report renders in Chromium', () => {
  assertRendered('generic', ['chart-row-counts']);
});

test('a dirty artifact report renders in Chromium, with its defects', () => {
  assertRendered('dirty', ['chart-sales', 'chart-defect-kinds', 'chart-defect-tables']);
  assert.match(pages.dirty.check.title, /\(dirty\)$/);
});

test('the checks fail on a page with a broken point and an outside request', () => {
  const c = pages.broken.check;
  assert.ok(
    c.consoleErrors.some((e) => /attribute cx: Expected length, "NaN"/.test(e)),
    c.consoleErrors.join('\n'),
  );
  assert.ok(
    c.consoleErrors.some((e) => /Content Security Policy/.test(e)),
    c.consoleErrors.join('\n'),
  );
  assert.ok(c.requests.includes('http://127.0.0.1:9/x.png'));
  assert.equal(c.charts.find((x) => x.id === 'bad')?.broken, 1);
});
