/**
 * forge report --db against a real PostgreSQL started here: the page shows
 * what the database holds now (rows changed by hand included), the load
 * history from forge.loaded_fixture, and renders in Chromium; a database
 * with nothing loaded, or one that cannot be reached, is one line.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { forge, queryAt, retailVersionPattern, ROOT, tempCluster, tempDir } from '../helpers.ts';
import { inspectPages } from './chromium.ts';
import { chartsOf } from './charts.ts';
import { datasets } from '../../generators/index.ts';

const GOLDEN = join(ROOT, 'fixtures/retail', datasets.retail.version, 'seed-42-tiny');
const server = tempCluster();
let out: string;

before(async () => {
  out = tempDir('forge-report-db-');
  await server.createDatabase('shop');
  const r = forge(['load', GOLDEN, '--db', server.url('shop'), '--quiet']);
  assert.equal(r.code, 0, r.stderr);
});

async function sql(db: string, text: string): Promise<void> {
  await queryAt(server.url(db), text);
}

test('a loaded database: the same charts as its artifact, the load history, and the database as it is now', async () => {
  const fromArtifact = join(out, 'artifact.html');
  const fromDb = join(out, 'db.html');
  assert.equal(forge(['report', GOLDEN, '-o', fromArtifact]).code, 0);
  const r = forge(['report', '--db', server.url('shop'), '-o', fromDb]);
  assert.equal(r.code, 0, r.stderr);
  const html = readFileSync(fromDb, 'utf8');
  const artifactHtml = readFileSync(fromArtifact, 'utf8');
  // Same data, same figures: every chart's markup is the artifact report's.
  const figures = (s: string) => s.match(/<figure class="chart"[\s\S]*?<\/figure>/g) ?? [];
  assert.deepEqual(figures(html), figures(artifactHtml));
  assert.match(
    html,
    new RegExp(
      `<section id="history"><h2>Load history \\(forge\\.loaded_fixture\\)<\\/h2><table>.*<td>public<\\/td><td>retail ${retailVersionPattern()}<\\/td><td class="n">42<\\/td><td>tiny<\\/td><td>\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ<\\/td>`,
    ),
  );
  assert.match(html, /database: postgres:\/\/postgres@127\.0\.0\.1:\d+\/shop schema public/);

  // Rows deleted by hand show up: counts differ from the load record, the day has no sales.
  await sql('shop', "DELETE FROM sales_anomaly WHERE date = '2024-01-10'"); // the anomalies point at those rows
  await sql('shop', "DELETE FROM sales_daily WHERE date = '2024-01-10'");
  const edited = join(out, 'edited.html');
  assert.equal(forge(['report', '--db', server.url('shop'), '-o', edited]).code, 0);
  const after = readFileSync(edited, 'utf8');
  assert.match(after, /Row counts differ from what the load record says: sales_daily [\d,]+ \(expected [\d,]+\)/);
  assert.match(after, /1 day\(s\) without any sales row shaded/);
  assert.match(after, /<rect class="band gap"[^>]*><title>no sales rows 2024-01-10<\/title>/);
  assert.ok(chartsOf(after).get('chart-sales')! > 0);

  const [check] = await inspectPages([edited]);
  assert.deepEqual(check.consoleErrors, []);
  assert.ok(check.charts.length >= 10);
  for (const c of check.charts) assert.ok(c.points > 0 && c.points === c.declared && c.broken === 0, `${c.id}: ${JSON.stringify(c)}`);
});

test('nothing loaded, an unreachable server: one line, no page', async () => {
  await server.createDatabase('empty');
  const none = forge(['report', '--db', server.url('empty'), '-o', join(out, 'none.html')]);
  assert.equal(none.code, 1);
  assert.equal(none.stderr.trim().split('\n').length, 1);
  assert.match(none.stderr, /^forge: no fixture is loaded in schema public of postgres:\/\/postgres@127\.0\.0\.1:\d+\/empty \(load one first/);
  const down = forge(['report', '--db', 'postgres://u:secret@127.0.0.1:1/x', '-o', join(out, 'down.html')]);
  assert.equal(down.code, 1);
  assert.match(down.stderr, /^forge: cannot reach the database at postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/x/);
  assert.doesNotMatch(down.stderr, /secret/);
});
