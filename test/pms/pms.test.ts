/**
 * The pms dataset (seed document 003) as a user builds it: the document's
 * counts and tenant ids exactly, composite same-tenant foreign keys in
 * post.sql, no PHI pattern in any file, the same bytes whatever --jobs, TZ
 * or locale, and `forge validate` clean.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { before, test } from 'node:test';
import type { Manifest } from '../../src/artifact/manifest.ts';
import { scanText } from '../../src/validate/phi.ts';
import { forge, hashTree, readCsv, tempDir } from '../helpers.ts';

// The document's LOCAL_CONFIG and STAGING_CONFIG, copied here on purpose (not imported from the dataset).
const DOCUMENT = {
  local: {
    counts: {
      practice_profiles: 3,
      locations: 6,
      clients: 25,
      providers: 8,
      appointments: 50,
      notes: 75,
      ledger_entries: 100,
      auth_tokens: 15,
      encryption_keys: 10,
      fhir_mappings: 80,
    },
    tenant_ids: ['dev_tenant_001', 'dev_tenant_002', 'dev_tenant_003'],
  },
  staging: {
    counts: {
      practice_profiles: 5,
      locations: 12,
      clients: 100,
      providers: 20,
      appointments: 200,
      notes: 300,
      ledger_entries: 400,
      auth_tokens: 30,
      encryption_keys: 20,
      fhir_mappings: 250,
    },
    tenant_ids: ['staging_tenant_001', 'staging_tenant_002', 'staging_tenant_003', 'staging_tenant_004', 'staging_tenant_005'],
  },
};
const TABLE: Record<string, string> = {
  practice_profiles: 'practice_profile',
  locations: 'location',
  clients: 'client',
  providers: 'provider',
  appointments: 'appointment',
  notes: 'note',
  ledger_entries: 'ledger_entry',
  auth_tokens: 'auth_token',
  encryption_keys: 'encryption_key',
  fhir_mappings: 'fhir_mapping',
};

const built: Record<string, string> = {};
before(() => {
  const out = tempDir();
  for (const profile of ['tiny', 'local', 'staging']) {
    const r = forge(['build', '--dataset', 'pms', '--profile', profile, '--out', out, '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    built[profile] = r.stdout.trim();
  }
});

const manifestOf = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));

test("local and staging have exactly the document's counts (totals over the tenants) and tenant ids", () => {
  for (const profile of ['local', 'staging'] as const) {
    const want = DOCUMENT[profile];
    const m = manifestOf(built[profile]);
    for (const [model, n] of Object.entries(want.counts)) assert.equal(m.tables.find((t) => t.name === TABLE[model])!.rows, n, `${profile} ${model}`);
    const tenants = readCsv(join(built[profile], 'data/tenant.csv')).rows.map((r) => r[0]);
    assert.deepEqual(tenants, want.tenant_ids);
    for (const t of m.tables.filter((x) => x.name !== 'tenant')) {
      assert.equal(t.tenantColumn, 'tenant_id', `${t.name} declares its tenant column`);
      assert.equal(t.columns.find((c) => c.name === 'tenant_id')?.nullable, false, `${t.name}.tenant_id is NOT NULL`);
      const { header, rows } = readCsv(join(built[profile], `data/${t.name}.csv`));
      const i = header.indexOf('tenant_id');
      const per = new Map<string, number>();
      for (const r of rows) per.set(r[i]!, (per.get(r[i]!) ?? 0) + 1);
      assert.deepEqual(
        [...per.keys()].filter((k) => !want.tenant_ids.includes(k)),
        [],
        `${t.name}: only the document's tenants`,
      );
      // Spread evenly: tenants differ by at most one row.
      const sizes = want.tenant_ids.map((k) => per.get(k) ?? 0);
      assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `${t.name}: ${sizes}`);
    }
  }
});

test("every reference between tenant-owned tables is a composite (tenant_id, x) → (tenant_id, id) foreign key in post.sql, with the parent's second unique key", () => {
  const post = readFileSync(join(built.local, 'post.sql'), 'utf8');
  const m = manifestOf(built.local);
  let composite = 0;
  for (const t of m.tables) {
    for (const fk of t.foreignKeys) {
      if (fk.table === 'tenant') {
        assert.deepEqual(fk.columns, ['tenant_id']);
        continue;
      }
      assert.deepEqual(fk.columns[0], 'tenant_id', `${t.name} → ${fk.table}`);
      assert.deepEqual(fk.references, ['tenant_id', 'id']);
      assert.match(
        post,
        new RegExp(`ALTER TABLE ONLY ${t.name} ADD CONSTRAINT \\S+ FOREIGN KEY \\(tenant_id, ${fk.columns[1]}\\) REFERENCES ${fk.table} \\(tenant_id, id\\);`),
      );
      assert.match(post, new RegExp(`ALTER TABLE ONLY ${fk.table} ADD CONSTRAINT ${fk.table}_tenant_id_id_key UNIQUE \\(tenant_id, id\\);`));
      composite++;
    }
  }
  assert.equal(composite, 18, 'location 1, client 1, provider 2, appointment 3, note 3, ledger 2, token 1, fhir 5 + practice 0, key 0');
});

/** Every file of an artifact as text (the dump decompressed). */
function files(dir: string): [string, string][] {
  const out: [string, string][] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push([p, name.endsWith('.gz') ? gunzipSync(readFileSync(p)).toString('utf8') : readFileSync(p, 'utf8')]);
    }
  };
  walk(dir);
  return out;
}

test('no PHI pattern in any file of any profile: SSN- or card-shaped values, real-looking phones, e-mails off .local', () => {
  const policy = { emailDomains: ['local'], phoneMasks: ['xxx55501xx'] };
  let emails = 0;
  let phones = 0;
  for (const dir of Object.values(built)) {
    for (const [path, text] of files(dir)) {
      for (const line of text.split('\n')) {
        const found = scanText(line, policy);
        assert.deepEqual(found, [], `${path}: ${line.slice(0, 120)}`);
        emails += (line.match(/@[a-z0-9.-]+\.local\b/g) ?? []).length;
        phones += (line.match(/\(\d{3}\) 555-01\d\d/g) ?? []).length;
        assert.doesNotMatch(line, /-----BEGIN|eyJ[A-Za-z0-9_-]{10,}\.|sk_live_|AKIA[0-9A-Z]{16}/, `no key material or token format scanners flag: ${path}`);
      }
    }
  }
  assert.ok(emails > 100 && phones > 100, `e-mails and phones were there to check (${emails}, ${phones})`);
  const keys = readCsv(join(built.staging, 'data/encryption_key.csv'));
  assert.ok(keys.rows.every((r) => r[keys.header.indexOf('key_reference')]!.startsWith('fake-kms://')));
  const tokens = readCsv(join(built.staging, 'data/auth_token.csv'));
  assert.ok(tokens.rows.every((r) => r[tokens.header.indexOf('token')]!.startsWith('FAKE-TOKEN-')));
  const clients = readCsv(join(built.staging, 'data/client.csv'));
  const dob = clients.header.indexOf('date_of_birth');
  assert.ok(clients.rows.every((r) => r[dob]! >= '1930-01-01' && r[dob]! <= '2020-12-31'));
});

test('forge validate passes on every profile, offline', () => {
  for (const dir of Object.values(built)) {
    const r = forge(['validate', dir, '--json']);
    assert.equal(r.code, 0, r.stdout);
    const report = JSON.parse(r.stdout);
    assert.ok(
      report.checks.every((c: { status: string }) => c.status === 'PASS'),
      JSON.stringify(report.checks),
    );
    assert.equal(report.checks.find((c: { name: string }) => c.name === 'check').note, undefined, 'every check constraint was evaluated');
  }
});

test('the same bytes whatever --jobs, time zone and locale', () => {
  const ref = hashTree(built.staging);
  for (const [jobs, env] of [
    ['1', { TZ: 'Pacific/Kiritimati', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' }],
    ['2', { TZ: 'America/St_Johns', LANG: 'de_DE.UTF-8' }],
    ['4', { TZ: 'UTC', LANG: 'C' }],
  ] as const) {
    const out = tempDir();
    const r = forge(['build', '--dataset', 'pms', '--profile', 'staging', '--jobs', jobs, '--out', out, '--quiet'], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(hashTree(r.stdout.trim()), ref, `--jobs ${jobs} ${JSON.stringify(env)}`);
  }
});

test('bad parameters are one line', () => {
  const r = forge(['build', '--dataset', 'pms', '--profile', 'local', '--set', 'clients=2', '--out', tempDir()]);
  assert.notEqual(r.code, 0);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /clients: must be at least the number of tenants \(3\)/);
});
