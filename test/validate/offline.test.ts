/**
 * `forge validate ARTIFACT` as a user runs it: a clean artifact passes; each
 * kind of defect injected into a copy (checksums rewritten, so that only
 * validate can tell) is caught with its table, row key and column, and only
 * the checks it breaks fail.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { build } from '../../src/artifact/build.ts';
import type { Report, Violation } from '../../src/validate/report.ts';
import { clinicDataset } from '../datasets/clinic.ts';
import { forge, ROOT, tempDir, type RunResult } from '../helpers.ts';
import { copyArtifact, editCsv, fixChecksums, type Rec } from './tamper.ts';

let clinic: string;
let leaky: string;

before(async () => {
  const out = tempDir();
  clinic = (await build({ dataset: clinicDataset, seed: 7, profile: 'tiny', outRoot: out })).dir;
  leaky = (await build({ dataset: clinicDataset, seed: 7, profile: 'leaky', outRoot: out })).dir;
});

function validate(dir: string, ...args: string[]): { r: RunResult; report: Report } {
  const r = forge(['validate', dir, '--json', ...args]);
  return { r, report: JSON.parse(r.stdout) as Report };
}

function failedChecks(report: Report): string[] {
  return report.checks
    .filter((c) => c.status === 'FAIL')
    .map((c) => c.name)
    .sort();
}

function assertCaught(dir: string, want: Partial<Violation> & Pick<Violation, 'check' | 'kind' | 'table'>, failing: string[]): Violation {
  const { r, report } = validate(dir);
  assert.equal(r.code, 1, r.stderr);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], /^forge: validation failed: /);
  assert.deepEqual(failedChecks(report), [...failing].sort(), JSON.stringify(report.violations, null, 1));
  const found = report.violations.find((v) => Object.entries(want).every(([k, val]) => JSON.stringify(v[k as keyof Violation]) === JSON.stringify(val)));
  assert.ok(found, `no violation like ${JSON.stringify(want)} in ${JSON.stringify(report.violations, null, 1)}`);
  return found;
}

/** A copy of the clinic artifact with one table's rows edited and the checksums made to match again. */
function injected(table: string, edit: (rows: Rec[], header: string[]) => Rec[], fix = true): string {
  const dir = copyArtifact(clinic);
  let rows = 0;
  editCsv(dir, table, (r, h) => {
    const out = edit(r, h);
    rows = out.length;
    return out;
  });
  if (fix) fixChecksums(dir, (m) => (m.tables.find((t) => t.name === table)!.rows = rows));
  return dir;
}

/** Sets column `col` of the row whose id is `id`. */
const set = (id: string, col: string, value: string | null) => (rows: Rec[], header: string[]) => {
  const i = header.indexOf(col);
  const row = rows.find((r) => r[0] === id);
  assert.ok(row, `row ${id}`);
  row[i] = value;
  return rows;
};

test('the committed retail golden and a clean multi-tenant artifact pass, in both outputs', () => {
  const golden = join(ROOT, 'fixtures', 'retail');
  const [version] = readdirSync(golden);
  const dir = join(golden, version, 'seed-42-tiny');
  const human = forge(['validate', dir]);
  assert.equal(human.code, 0, human.stderr + human.stdout);
  assert.match(human.stdout, /primary keys\s+✓ PASS/);
  assert.match(human.stdout, /all validations passed/);
  for (const d of [dir, clinic]) {
    const { r, report } = validate(d);
    assert.equal(r.code, 0, r.stdout);
    assert.equal(report.ok, true);
    assert.deepEqual(report.violations, []);
  }
  const { report } = validate(clinic);
  assert.ok(
    report.checks.every((c) => c.status === 'PASS'),
    JSON.stringify(report.checks),
  );
});

test('a value that is not of its type', () => {
  const v = assertCaught(injected('client', set('2', 'age', 'abc')), { check: 'types', kind: 'bad_value', table: 'client', key: { id: '2' }, column: 'age' }, [
    'types',
  ]);
  assert.equal(v.line, 2);
});

test('NULL in a NOT NULL column', () => {
  assertCaught(injected('client', set('3', 'name', null)), { check: 'not_null', kind: 'null', table: 'client', key: { id: '3' }, column: 'name' }, [
    'not_null',
  ]);
});

test('a duplicate primary key', () => {
  const dir = injected('appointment', (rows) => {
    rows[1][0] = rows[0][0];
    return rows;
  });
  assertCaught(dir, { check: 'primary_key', kind: 'duplicate_key', table: 'appointment', key: { id: '1' }, column: 'id', line: 2 }, ['primary_key']);
});

test('a duplicate unique key', () => {
  assertCaught(
    injected('client', set('6', 'email', 'client5@clinic.local')),
    { check: 'unique', kind: 'duplicate_key', table: 'client', key: { id: '6' }, column: 'email' },
    ['unique'],
  );
});

test('a row that fails a check constraint', () => {
  const v = assertCaught(
    injected('appointment', set('1', 'seq', '0')),
    { check: 'check', kind: 'check_failed', table: 'appointment', key: { id: '1' }, column: 'seq' },
    ['check'],
  );
  assert.match(v.message, /seq_positive \(seq > 0\) with seq=0/);
});

test('a foreign key to no row', () => {
  assertCaught(
    injected('appointment', set('1', 'client_id', '999')),
    { check: 'foreign_key', kind: 'orphan', table: 'appointment', key: { id: '1' }, column: 'client_id' },
    ['foreign_key'],
  );
});

test('a reference to a row of another tenant', () => {
  const v = assertCaught(
    injected('appointment', set('1', 'client_id', '7')),
    { check: 'tenant_isolation', kind: 'cross_tenant', table: 'appointment', key: { id: '1' }, column: 'client_id' },
    ['tenant_isolation'],
  );
  assert.match(v.message, /tenant clinic_b, this row is tenant clinic_a/);
});

test('a tenant-owned row without a tenant', () => {
  assertCaught(
    injected('appointment', set('1', 'tenant_id', null)),
    { check: 'tenant_isolation', kind: 'null_tenant', table: 'appointment', key: { id: '1' }, column: 'tenant_id' },
    ['not_null', 'tenant_isolation'],
  );
});

test('a nullable tenant column declares shared rows: NULL there is no violation, and any tenant may reference them', () => {
  const dir = injected('client', set('1', 'tenant_id', null), false);
  fixChecksums(dir, (m) => (m.tables.find((t) => t.name === 'client')!.columns.find((c) => c.name === 'tenant_id')!.nullable = true));
  // Only the promised per-tenant count of clinic_a (now 5 + 1 shared) tells.
  assertCaught(dir, { check: 'counts', kind: 'tenant_count', table: 'client', value: 'clinic_a' }, ['counts']);
});

test('PHI: SSN-shaped, card-shaped, phone and e-mail values, also inside jsonb', () => {
  const cases: [string, string, string, string, Violation['kind'], string][] = [
    ['client', '4', 'notes', 'SSN 123-45-6789 on file', 'ssn', '123-45-6789'],
    ['client', '4', 'notes', 'paid with 4111 1111 1111 1111', 'card_number', '4111 1111 1111 1111'],
    ['client', '5', 'phone', '(212) 867-5309', 'phone', '(212) 867-5309'],
    ['client', '5', 'email', 'jane.doe@gmail.com', 'email_domain', 'jane.doe'],
    ['appointment', '1', 'detail', '{"room": "R0", "contact": "desk0@hospital.org"}', 'email_domain', 'desk0@'],
  ];
  for (const [table, id, column, value, kind, secret] of cases) {
    const dir = injected(table, set(id, column, value));
    assertCaught(dir, { check: 'phi', kind, table, key: { id }, column }, ['phi']);
    const human = forge(['validate', dir]);
    assert.ok(!human.stdout.includes(secret) && !validate(dir).r.stdout.includes(secret), `the found value is masked in both outputs: ${secret}`);
  }
});

test('a column named like a sensitive field', () => {
  assertCaught(leaky, { check: 'phi', kind: 'sensitive_column', table: 'client', column: 'ssn' }, ['phi']);
});

test('counts: a missing row breaks the profile promise per table and per tenant, even when the manifest was made to agree', () => {
  const dir = injected('client', (rows) => rows.filter((r) => r[0] !== '12'));
  // Its appointments would be orphans: remove them too, so that only the counts are wrong.
  editCsv(dir, 'appointment', (rows) => rows.filter((r) => r[2] !== '12'));
  fixChecksums(dir); // the manifest still claims the old appointment count
  const { report } = validate(dir);
  const appointments = report.violations.find((v) => v.table === 'appointment' && v.kind === 'row_count');
  assert.ok(appointments && /the manifest says/.test(appointments.message), JSON.stringify(report.violations));
  const v = assertCaught(dir, { check: 'counts', kind: 'tenant_count', table: 'client', column: 'tenant_id', value: 'clinic_b' }, ['counts']);
  assert.match(v.message, /clinic_b has 5 rows, the profile promises 6/);
  assert.ok(report.violations.some((x) => x.table === 'client' && x.kind === 'row_count' && /profile promises 12/.test(x.message)));
});

test('tampered without fixing the checksums: the files check fails too, and the defect is still named', () => {
  const dir = injected('appointment', set('1', 'seq', '-1'), false);
  assertCaught(dir, { check: 'files', kind: 'checksum', table: 'appointment' }, ['files', 'check']);
  assertCaught(dir, { check: 'check', kind: 'check_failed', table: 'appointment', key: { id: '1' } }, ['files', 'check']);
  const load = forge(['load', dir, '--dry-run']);
  assert.notEqual(load.code, 0, 'load refuses what validate reports');
});

test("a header that is not the manifest's columns", () => {
  const dir = copyArtifact(clinic);
  editCsv(dir, 'tenant', (rows, header) => {
    header[1] = 'title';
    return rows;
  });
  fixChecksums(dir);
  assertCaught(dir, { check: 'files', kind: 'header', table: 'tenant' }, ['files']);
});

test('the human summary names each check and each violation with table, row key and column', () => {
  const r = forge(['validate', injected('appointment', set('11', 'client_id', '999'))]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /foreign keys\s+✗ FAIL \(1\)/);
  assert.match(r.stdout, /tenant isolation\s+✓ PASS/);
  assert.match(r.stdout, /foreign_key\/orphan: appointment row \(id=11\) line 2 column client_id: \(client_id\) = \(999\) has no row in client\(id\)/);
});

test('bad input: one line and a non-zero exit', () => {
  const cases: [string[], RegExp][] = [
    [['validate', join(tempDir(), 'nope')], /no artifact at .*nope/],
    [['validate', clinic, '--db', 'postgres://x@127.0.0.1:1/db'], /--db validates what is loaded.*takes no artifact/],
    [['validate', clinic, '--limit', 'many'], /--limit must be an integer/],
    [['validate', clinic, '--schema', 'x'], /--schema needs --db or --online/],
    [['validate', clinic, '--max-keys', '5'], /would keep \d+ keys in memory .* over the limit of 5/],
  ];
  for (const [args, pattern] of cases) {
    const r = forge(args);
    assert.notEqual(r.code, 0, args.join(' '));
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], pattern);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  }
});
