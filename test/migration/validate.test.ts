/**
 * `forge validate` on the migration dataset (issue 13: "every table
 * populated, zero orphans, column defaults … asserted by forge validate"),
 * run as a user runs it: on the committed golden and built profiles
 * offline, and on a loaded database online. The document's demo domain
 * democorp.com is allowed by the dataset's own rules, and nothing else is:
 * a real-looking address still fails. Emptied tables, dropped defaults and
 * disabled row-level security each fail with their own line.
 */
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { stripVTControlCharacters } from 'node:util';
import { sql } from '../safety/helpers.ts';
import { clusterOnDemand, forge, ROOT, tempDir } from '../helpers.ts';

const GOLDEN = join(ROOT, 'fixtures/migration/1.0.0/seed-42-tiny');
let out: string;
const cluster = clusterOnDemand();

before(() => {
  out = tempDir('forge-migration-validate-');
});

const text = (r: { stdout: string; stderr: string }) => stripVTControlCharacters(r.stdout + r.stderr);

test('forge validate passes on the committed golden and on the demo and multi profiles; the allow-list is the reserved domains plus democorp.com', () => {
  const dirs = [GOLDEN];
  for (const profile of ['demo', 'multi']) {
    const b = forge(['build', '--dataset', 'migration', '--profile', profile, '--out', out, '--quiet']);
    assert.equal(b.code, 0, b.stderr);
    dirs.push(b.stdout.trim());
  }
  for (const dir of dirs) {
    const r = forge(['validate', dir]);
    assert.equal(r.code, 0, text(r));
    assert.match(text(r), /PHI patterns\s+✓ PASS/);
    assert.match(text(r), /counts per table and tenant\s+✓ PASS/);
    assert.match(text(r), /all validations passed/);
  }
  const m = JSON.parse(readFileSync(join(GOLDEN, 'manifest.json'), 'utf8'));
  assert.deepEqual(m.validation.emailDomains, [
    'example',
    'example.com',
    'example.net',
    'example.org',
    'test',
    'invalid',
    'localhost',
    'local',
    'democorp.com',
  ]);
  // Every one of the 19 tables must be populated; the document's fixed sizes are exact.
  assert.equal(Object.keys(m.validation.counts.min).length, 19);
  assert.equal(m.validation.counts.min.raw_import_record, 1000);
  assert.equal(m.validation.counts.tables.asset, 500);
});

test('an address on another domain is still PHI: democorp.com is allowed, not every domain', () => {
  const copy = join(out, 'other-domain');
  cpSync(GOLDEN, copy, { recursive: true });
  const csv = join(copy, 'data/app_user.csv');
  writeFileSync(
    csv,
    readFileSync(csv, 'utf8').replace('analyst@democorp.com', 'analyst@gmail.com').replace('manager@democorp.com', 'manager@democorp.com.evil.io'),
  );
  const r = forge(['validate', copy, '--limit', '20']);
  assert.equal(r.code, 1, text(r));
  assert.match(text(r), /phi\/email_domain: app_user .* column email: email holds an e-mail address on gmail\.com, outside the allowed domains/);
  assert.match(text(r), /phi\/email_domain: app_user .* on democorp\.com\.evil\.io, outside/);
  assert.doesNotMatch(text(r), /analyst@|manager@/, 'the local part is never printed');
});

test('online: a loaded demo passes; an emptied table, a dropped default and disabled row-level security each fail with one line', async () => {
  const server = await cluster();
  await server.createDatabase('m');
  const load = forge(['load', GOLDEN, '--db', server.url('m'), '--quiet']);
  assert.equal(load.code, 0, load.stderr);
  const ok = forge(['validate', '--db', server.url('m')]);
  assert.equal(ok.code, 0, text(ok));
  assert.match(text(ok), /constraints exist and are valid\s+✓ PASS/);

  await sql(server, 'm', 'DELETE FROM agent_insight');
  await sql(server, 'm', 'ALTER TABLE discovery_flow ALTER COLUMN flow_type DROP DEFAULT');
  await sql(server, 'm', 'ALTER TABLE asset DISABLE ROW LEVEL SECURITY');
  const r = forge(['validate', '--db', server.url('m'), '--limit', '20']);
  assert.equal(r.code, 1, text(r));
  assert.match(text(r), /counts\/row_count: agent_insight: has 0 rows, the profile promises at least 1/);
  assert.match(text(r), /constraints\/missing_constraint: discovery_flow column flow_type: column flow_type lost its default/);
  assert.match(text(r), /constraints\/missing_constraint: asset: row-level security policy tenant_isolation is not enforced/);
  assert.match(r.stderr, /^forge: validation failed: .*constraints \(2\)/m);
});
