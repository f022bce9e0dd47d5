/**
 * The exceptions dataset is a pure function of its inputs: the same bytes
 * with 1, 2 or 4 jobs and in another time zone and locale; a one-tenant
 * build is exactly that tenant's rows of the full build; a bigger count
 * keeps every exception of a smaller one.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { forge, hashTree, tempDir } from '../helpers.ts';

const build = (args: string[], env: NodeJS.ProcessEnv = {}) => {
  const r = forge(['build', '--dataset', 'exceptions', '--out', tempDir(), '--quiet', ...args], { env });
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.trim();
};

test('identical bytes with --jobs 1, 2 and 4, and in another time zone and locale', () => {
  // ~80k events (~45 MB of CSV and JSON): several 8 MB worker ranges per large table, so --jobs really splits them.
  const args = ['--set', 'count=5000', '--formats', 'csv,json,dump'];
  const one = hashTree(build([...args, '--jobs', '1']));
  assert.ok(Object.keys(one).length >= 23, 'every table, both formats, the dump');
  assert.deepEqual(hashTree(build([...args, '--jobs', '2'])), one);
  assert.deepEqual(hashTree(build([...args, '--jobs', '4'])), one);
  assert.deepEqual(hashTree(build([...args, '--jobs', '2'], { TZ: 'Pacific/Chatham', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' })), one);
});

const lines = (dir: string, table: string) =>
  readFileSync(join(dir, 'data', `${table}.csv`), 'utf8')
    .trimEnd()
    .split('\n');

test("--tenant builds that tenant's rows of the full build, byte for byte; --domain alone selects by domain", () => {
  const all = build(['--profile', 'tiny']);
  const fin = build(['--profile', 'tiny', '--tenant', 'TENANT_FINANCE_001', '--domain', 'CapitalMarketsTrading']);
  const byDomain = build(['--profile', 'tiny', '--domain', 'CapitalMarketsTrading']);
  for (const file of readdirSync(join(fin, 'data')).filter((f) => f.endsWith('.csv'))) {
    const table = file.replace('.csv', '');
    const [header, ...rows] = lines(fin, table);
    const [allHeader, ...allRows] = lines(all, table);
    assert.equal(header, allHeader);
    assert.ok(rows.length > 0, table);
    assert.ok(
      rows.every((r) => !r.includes('TENANT_HEALTH_001') && !r.includes('HealthcareClaims')),
      `${table} has only the finance tenant`,
    );
    const expected = allRows.filter((r) => !r.includes('TENANT_HEALTH_001') && !r.includes('HealthcareClaims'));
    assert.deepEqual(rows, expected, table);
    assert.deepEqual(lines(byDomain, table), lines(fin, table));
  }
});

test('a bigger count keeps every exception and event of a smaller one', () => {
  const small = build(['--set', 'count=30', '--formats', 'csv']);
  const big = build(['--set', 'count=60', '--formats', 'csv']);
  for (const table of ['exception', 'exception_event', 'tool_execution']) {
    const bigRows = new Set(lines(big, table));
    for (const r of lines(small, table)) assert.ok(bigRows.has(r), `${table}: ${r.slice(0, 60)}`);
  }
});

test('tenant flags: one line and a non-zero exit for a wrong tenant, a tenant outside its domain, --all-tenants with --tenant, or a dataset without tenants', () => {
  const fail = (args: string[], re: RegExp) => {
    const r = forge(['build', '--out', tempDir(), ...args]);
    assert.notEqual(r.code, 0);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, re);
  };
  fail(['--dataset', 'exceptions', '--tenant', 'TENANT_NOPE'], /tenant: must be one of TENANT_FINANCE_001, TENANT_HEALTH_001/);
  fail(
    ['--dataset', 'exceptions', '--tenant', 'TENANT_FINANCE_001', '--domain', 'HealthcareClaimsAndCareOps'],
    /tenant TENANT_FINANCE_001 is in domain CapitalMarketsTrading/,
  );
  fail(['--dataset', 'exceptions', '--all-tenants', '--tenant', 'TENANT_FINANCE_001'], /--all-tenants cannot be combined/);
  fail(['--dataset', 'retail', '--tenant', 'TENANT_FINANCE_001'], /dataset retail has no tenants/);
  fail(['--dataset', 'exceptions', '--set', 'referenceTime=now'], /referenceTime: /);
});
