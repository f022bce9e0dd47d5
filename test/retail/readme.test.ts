/** The README's generated tables (retail profile sizes, retail parameters) are what the dataset gives now: `npx tsx scripts/readme-tables.ts` rewrites them. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { datasets } from '../../generators/index.ts';
import { profileSize } from '../../generators/retail/sizes.ts';
import { withGeneratedTables } from '../../scripts/readme-tables.ts';
import { ROOT } from '../helpers.ts';

test('the README profile and parameter tables are generated from the dataset and up to date', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  assert.equal(withGeneratedTables(readme), readme, 'run npx tsx scripts/readme-tables.ts and commit README.md');
});

test('the profile sizes count what a build generates (the daily-row arithmetic agrees)', () => {
  const tiny = profileSize(datasets.retail, 'tiny');
  const m = JSON.parse(readFileSync(join(ROOT, 'fixtures/retail', datasets.retail.version, 'seed-42-tiny/manifest.json'), 'utf8'));
  assert.equal(tiny.salesRows, m.tables.find((t: { name: string }) => t.name === 'sales_daily').rows);
  assert.equal(
    tiny.allRows,
    m.tables.reduce((n: number, t: { rows: number }) => n + t.rows, 0),
  );
});
