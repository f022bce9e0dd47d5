/**
 * Seed document 003's Makefile commands against a real PostgreSQL started
 * here: seed, validate, reset, clean for local and staging, as thin wrappers
 * over forge; the loaded data verifies and validates clean, and the composite
 * foreign keys make a cross-tenant reference impossible in the database.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { before, test } from 'node:test';
import { forge, queryAt, ROOT, tempCluster, tempDir } from '../helpers.ts';

const server = tempCluster();
let url: string;
let out: string;

before(async () => {
  url = await server.createDatabase('pms');
  out = tempDir();
});

/** `make <target>` as a user types it (setup taken as done: the test runs inside an installed checkout). */
function make(target: string, vars: Record<string, string> = {}) {
  // DATABASE_URL in the environment, as the Makefile passes it on (never on a command line); none of
  // an outer make's variables (make test); and a local-cluster directory that cannot be created, so
  // that a target falling back to the local Postgres fails instead of starting one.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(MAKE|MFLAGS|STAGING_DATABASE_URL$)/.test(k)));
  const r = spawnSync('make', ['--no-print-directory', '-o', 'setup', target, `OUT=${out}`, ...Object.entries(vars).map(([k, v]) => `${k}=${v}`)], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...env, DATABASE_URL: url, FORGE_PG_DIR: '/dev/null/forge-pg' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const query = (sql: string) => queryAt(url, sql);

test('seed-data loads the local profile; validate-data and forge verify pass', async () => {
  const seeded = make('seed-data');
  assert.equal(seeded.code, 0, seeded.stderr);
  const [{ n }] = await query('SELECT count(*)::int AS n FROM client');
  assert.equal(n, 25);
  const [{ tenants }] = await query("SELECT string_agg(DISTINCT tenant_id, ',' ORDER BY tenant_id) AS tenants FROM appointment");
  assert.equal(tenants, 'dev_tenant_001,dev_tenant_002,dev_tenant_003');
  const v = make('validate-data');
  assert.equal(v.code, 0, v.stdout + v.stderr);
  assert.match(v.stdout, /tenant isolation\s+✓ PASS/);
  assert.match(v.stdout, /PHI patterns\s+✓ PASS/);
  assert.match(v.stdout, /all validations passed/);
  const verify = forge(['verify', '--dataset', 'pms', '--profile', 'local', '--out', out, '--db', url]);
  assert.equal(verify.code, 0, verify.stderr);
});

test('a cross-tenant reference is impossible, not just absent: the composite foreign key refuses it', async () => {
  await assert.rejects(
    query(
      "UPDATE appointment SET client_id = (SELECT min(id) FROM client WHERE tenant_id = 'dev_tenant_002') WHERE id = (SELECT min(id) FROM appointment WHERE tenant_id = 'dev_tenant_001')",
    ),
    (e: { code?: string; message: string }) => e.code === '23503' && /appointment_tenant_id_client_id_fkey/.test(e.message),
  );
  await assert.rejects(query("UPDATE note SET tenant_id = 'dev_tenant_002' WHERE id = 1"), (e: { code?: string }) => e.code === '23503');
});

test('seed-data refuses to replace; reset-data replaces in one go; a hand edit fails validate-data by name', async () => {
  const again = make('seed-data');
  assert.notEqual(again.code, 0);
  assert.match(again.stderr, /loading would replace 11 existing table\(s\)/);
  // The database's own checks refuse a real-looking e-mail…
  await assert.rejects(query("UPDATE client SET email = 'leaked@gmail.com' WHERE id = 3"), /client_email_local/);
  // …so a user must drop one first; free text has no such check.
  await query(
    "ALTER TABLE client DROP CONSTRAINT client_email_local; UPDATE client SET email = 'leaked@gmail.com' WHERE id = 3; UPDATE note SET body = 'SSN 123-45-6789' WHERE id = 4",
  );
  const bad = make('validate-data');
  assert.notEqual(bad.code, 0);
  assert.match(bad.stdout, /constraints\/missing_constraint: client: check client_email_local is missing/);
  assert.match(bad.stdout, /phi\/email_domain: client row \(id=3\) column email/);
  assert.match(bad.stdout, /phi\/ssn: note row \(id=4\) column body: body holds an SSN-shaped value/);
  assert.doesNotMatch(bad.stdout, /123-45-6789|leaked@/, 'found values are masked');
  assert.equal(make('reset-data').code, 0);
  assert.equal(make('validate-data').code, 0);
});

test('staging: seed, validate and clean in their own schema, next to local data', async () => {
  const seeded = make('seed-staging');
  assert.equal(seeded.code, 0, seeded.stderr);
  const [{ n }] = await query('SELECT count(*)::int AS n FROM pms_staging.fhir_mapping');
  assert.equal(n, 250);
  const v = make('validate-staging');
  assert.equal(v.code, 0, v.stdout + v.stderr);
  assert.match(v.stdout, /pms 1\.0\.0 seed 42 profile staging/);
  assert.equal(make('clean-staging').code, 0);
  assert.deepEqual(await query("SELECT tablename FROM pg_tables WHERE schemaname = 'pms_staging'"), []);
  assert.equal(make('validate-data').code, 0, 'local data untouched');
  assert.equal(make('clean-data').code, 0);
  const gone = make('validate-data');
  assert.notEqual(gone.code, 0);
  assert.match(gone.stderr, /no pms loaded by forge in schema public/);
});
