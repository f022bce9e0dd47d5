/**
 * `forge validate --db` against a real PostgreSQL started here: what was
 * loaded passes; each hand edit a user can make (with constraints dropped,
 * triggers bypassed or disabled where Postgres would refuse the edit) is
 * caught with the table, row key and column, by the rules recorded at load.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { build } from '../../src/artifact/build.ts';
import type { Report, Violation } from '../../src/validate/report.ts';
import { clinicDataset } from '../datasets/clinic.ts';
import { forge, queryAt, ROOT, tempCluster, tempDir, type RunResult } from '../helpers.ts';

const server = tempCluster();
let clinic: string;
let dbs = 0;

before(async () => {
  clinic = (await build({ dataset: clinicDataset, seed: 7, profile: 'tiny', outRoot: tempDir() })).dir;
});

async function sql(db: string, text: string): Promise<void> {
  await queryAt(server.url(db), text);
}

/** A new database with the clinic artifact loaded by forge. */
async function loaded(artifact = clinic): Promise<string> {
  const db = `v${++dbs}`;
  await server.createDatabase(db);
  const r = forge(['load', artifact, '--db', server.url(db), '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  return db;
}

function validate(db: string, ...args: string[]): { r: RunResult; report: Report } {
  const r = forge(['validate', '--db', server.url(db), '--json', ...args]);
  return { r, report: JSON.parse(r.stdout) as Report };
}

function assertCaught(db: string, want: Partial<Violation> & Pick<Violation, 'check' | 'kind' | 'table'>, failing: string[]): Violation {
  const { r, report } = validate(db);
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.deepEqual(
    report.checks
      .filter((c) => c.status === 'FAIL')
      .map((c) => c.name)
      .sort(),
    [...failing].sort(),
    JSON.stringify(report.violations, null, 1),
  );
  const found = report.violations.find((v) => Object.entries(want).every(([k, val]) => JSON.stringify(v[k as keyof Violation]) === JSON.stringify(val)));
  assert.ok(found, `no violation like ${JSON.stringify(want)} in ${JSON.stringify(report.violations, null, 1)}`);
  return found;
}

test('what forge loaded validates clean (clinic and the retail golden), human and JSON', async () => {
  const db = await loaded();
  const human = forge(['validate', '--db', server.url(db)]);
  assert.equal(human.code, 0, human.stderr + human.stdout);
  assert.match(human.stdout, /constraints exist and are valid\s+✓ PASS/);
  assert.match(human.stdout, /tenant isolation\s+✓ PASS/);
  const { report } = validate(db);
  assert.equal(report.ok, true);
  assert.equal(report.mode, 'database');
  assert.ok(
    report.checks.every((c) => c.status === 'PASS'),
    JSON.stringify(report.checks),
  );
  const golden = join(ROOT, 'fixtures', 'retail');
  const retail = await loaded(join(golden, readdirSync(golden)[0], 'seed-42-tiny'));
  assert.equal(validate(retail).r.code, 0);
});

test('an orphan slipped past the foreign key (triggers bypassed)', async () => {
  const db = await loaded();
  await sql(db, 'SET session_replication_role = replica; UPDATE appointment SET client_id = 999 WHERE id = 1');
  assertCaught(db, { check: 'foreign_key', kind: 'orphan', table: 'appointment', key: { id: '1' }, column: 'client_id' }, ['foreign_key']);
});

test('a foreign key whose triggers are disabled, and the orphan it let in', async () => {
  const db = await loaded();
  await sql(db, 'ALTER TABLE appointment DISABLE TRIGGER ALL; UPDATE appointment SET client_id = 998 WHERE id = 11');
  const v = assertCaught(db, { check: 'constraints', kind: 'missing_constraint', table: 'appointment' }, ['constraints', 'foreign_key']);
  assert.match(v.message, /not enforced \(its triggers are disabled\)/);
  assertCaught(db, { check: 'foreign_key', kind: 'orphan', table: 'appointment', key: { id: '11' }, column: 'client_id' }, ['constraints', 'foreign_key']);
});

test("a reference to another tenant's row, which the single-column foreign key allows", async () => {
  const db = await loaded();
  await sql(db, 'UPDATE appointment SET client_id = 7 WHERE id = 1');
  assertCaught(db, { check: 'tenant_isolation', kind: 'cross_tenant', table: 'appointment', key: { id: '1' }, column: 'client_id' }, ['tenant_isolation']);
});

test('a check dropped, then broken', async () => {
  const db = await loaded();
  await sql(db, 'ALTER TABLE appointment DROP CONSTRAINT appointment_seq_positive; UPDATE appointment SET seq = 0 WHERE id = 1');
  const c = assertCaught(db, { check: 'constraints', kind: 'missing_constraint', table: 'appointment' }, ['constraints', 'check']);
  assert.match(c.message, /appointment_seq_positive is missing/);
  assertCaught(db, { check: 'check', kind: 'check_failed', table: 'appointment', key: { id: '1' }, column: 'seq' }, ['constraints', 'check']);
});

test('a primary key dropped, then duplicated', async () => {
  const db = await loaded();
  await sql(db, 'ALTER TABLE appointment DROP CONSTRAINT appointment_pkey; UPDATE appointment SET id = 1 WHERE id = 11');
  assertCaught(db, { check: 'primary_key', kind: 'duplicate_key', table: 'appointment', key: { id: '1' }, column: 'id' }, ['constraints', 'primary_key']);
});

test('a unique key dropped, then duplicated', async () => {
  const db = await loaded();
  await sql(db, "ALTER TABLE client DROP CONSTRAINT client_email_key; UPDATE client SET email = 'client5@clinic.local' WHERE id = 6");
  assertCaught(db, { check: 'unique', kind: 'duplicate_key', table: 'client', key: { id: '6' }, column: 'email' }, ['constraints', 'unique']);
});

test('NOT NULL dropped, then a tenant-owned row without a tenant', async () => {
  const db = await loaded();
  await sql(db, 'ALTER TABLE appointment ALTER COLUMN tenant_id DROP NOT NULL; UPDATE appointment SET tenant_id = NULL WHERE id = 1');
  assertCaught(db, { check: 'constraints', kind: 'missing_not_null', table: 'appointment', column: 'tenant_id' }, [
    'constraints',
    'not_null',
    'tenant_isolation',
  ]);
  assertCaught(db, { check: 'tenant_isolation', kind: 'null_tenant', table: 'appointment', key: { id: '1' }, column: 'tenant_id' }, [
    'constraints',
    'not_null',
    'tenant_isolation',
  ]);
});

test('PHI typed in by hand', async () => {
  const db = await loaded();
  await sql(
    db,
    "UPDATE client SET notes = 'SSN 123-45-6789', email = 'jane@gmail.com' WHERE id = 4; UPDATE appointment SET detail = '{\"card\": \"5555 5555 5555 4444\"}' WHERE id = 1",
  );
  assertCaught(db, { check: 'phi', kind: 'ssn', table: 'client', key: { id: '4' }, column: 'notes' }, ['phi']);
  assertCaught(db, { check: 'phi', kind: 'email_domain', table: 'client', key: { id: '4' }, column: 'email' }, ['phi']);
  assertCaught(db, { check: 'phi', kind: 'card_number', table: 'appointment', key: { id: '1' }, column: 'detail' }, ['phi']);
});

test('rows deleted: counts per table against the load, per tenant against the profile', async () => {
  const db = await loaded();
  await sql(db, 'DELETE FROM appointment WHERE client_id = 12; DELETE FROM client WHERE id = 12');
  const v = assertCaught(db, { check: 'counts', kind: 'tenant_count', table: 'client', value: 'clinic_b' }, ['counts']);
  assert.match(v.message, /has 5 rows, the profile promises 6/);
  assertCaught(db, { check: 'counts', kind: 'row_count', table: 'appointment' }, ['counts']);
});

test('a table dropped: named, and no false orphans for its children', async () => {
  const db = await loaded();
  await sql(db, 'DROP TABLE appointment');
  const { report } = validate(db);
  assert.deepEqual(
    report.checks.filter((c) => c.status === 'FAIL').map((c) => c.name),
    ['constraints'],
  );
  assert.ok(report.violations.some((v) => /table public\.appointment does not exist/.test(v.message)));
});

test('bad input: one line each', async () => {
  const db = await loaded();
  await server.createDatabase('empty');
  const cases: [string[], RegExp][] = [
    [['validate', '--db', server.url('empty')], /no fixture loaded by forge in schema public/],
    [['validate', '--db', server.url(db), '--schema', 'other'], /no fixture loaded by forge in schema other/],
    [['validate', '--db', server.url(db), '--dataset', 'retail'], /no retail loaded/],
    [['validate', '--db', 'postgres://nobody@127.0.0.1:1/x'], /cannot reach the database/],
  ];
  await sql(db, 'SELECT 1');
  for (const [args, pattern] of cases) {
    const r = forge(args);
    assert.notEqual(r.code, 0);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, pattern);
  }
  await sql(db, 'UPDATE forge.loaded_fixture SET manifest = NULL');
  const r = forge(['validate', '--db', server.url(db)]);
  assert.match(r.stderr, /^forge: forge\.loaded_fixture has no rules for clinic in schema public .*reload it/);
  assert.equal(r.stderr.trim().split('\n').length, 1);
});
