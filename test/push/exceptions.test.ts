/**
 * The exceptions dataset pushed through its declared mapping (document 001)
 * into a real API on 127.0.0.1: the ingestion endpoint per tenant, the
 * document's tenant ids, FIN-/HC- ids, exception types and severities.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { forge, readJson, tempDir } from '../helpers.ts';
import { forgeAsync, startApi, type ApiServer } from './api-server.ts';

const KEYS = { TENANT_FINANCE_001: 'fin-key-001', TENANT_HEALTHCARE_042: 'hc-key-042' };
const TYPES: Record<string, Record<string, string>> = {
  FIN: {
    MISMATCHED_TRADE_DETAILS: 'MEDIUM',
    FAILED_ALLOCATION: 'MEDIUM',
    POSITION_BREAK: 'CRITICAL',
    CASH_BREAK: 'HIGH',
    SETTLEMENT_FAIL: 'HIGH',
    REG_REPORT_REJECTED: 'HIGH',
    SEC_MASTER_MISMATCH: 'LOW',
  },
  HC: {
    CLAIM_MISSING_AUTH: 'HIGH',
    CLAIM_CODE_MISMATCH: 'MEDIUM',
    PROVIDER_CREDENTIAL_EXPIRED: 'HIGH',
    PATIENT_DEMOGRAPHIC_CONFLICT: 'LOW',
    PHARMACY_DUPLICATE_THERAPY: 'CRITICAL',
    ELIGIBILITY_COVERAGE_LAPSE: 'HIGH',
  },
};
let dir: string;
let work: string;
let api: ApiServer;

before(async () => {
  work = tempDir('forge-push-exc-');
  const b = forge(['build', '--dataset', 'exceptions', '--profile', 'tiny', '--out', work, '--quiet']);
  assert.equal(b.code, 0, b.stderr);
  dir = b.stdout.trim();
  api = await startApi({ keys: KEYS });
});
after(async () => {
  await api?.close();
});

test("forge push --dataset exceptions: document 001's endpoint, tenants, ids, types and severities, every exception once and in order", async () => {
  const rows = readJson(join(dir, 'data/exception.json'));
  const env = { FORGE_PUSH_KEY_TENANT_FINANCE_001: KEYS.TENANT_FINANCE_001, FORGE_PUSH_KEY_TENANT_HEALTHCARE_042: KEYS.TENANT_HEALTHCARE_042 };
  const dry = await forgeAsync(['push', dir, '--to', api.url, '--dry-run', '--checkpoint', join(work, 'cp')], { env });
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /table exception: POST \/exceptions\/\{tenant_id\}/);
  assert.match(dry.stdout, /tenant TENANT_HEALTHCARE_042: \d+ rows, API key from env FORGE_PUSH_KEY_TENANT_HEALTHCARE_042/);
  const r = await forgeAsync(['push', dir, '--to', api.url, '--concurrency', '8', '--checkpoint', join(work, 'cp')], { env });
  assert.equal(r.code, 0, r.stderr);
  assert.ok(!(r.stdout + r.stderr).includes('fin-key-001') && !(r.stdout + r.stderr).includes('hc-key-042'));
  const created = [...api.created.values()];
  assert.equal(created.length, rows.length);
  const seen = new Set<string>();
  for (const c of created) {
    const b = c.body as Record<string, string>;
    const m = /^(FIN|HC)-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}-(\d+)$/.exec(b.exceptionId);
    assert.ok(m, b.exceptionId);
    assert.equal(b.tenantId, m[1] === 'FIN' ? 'TENANT_FINANCE_001' : 'TENANT_HEALTHCARE_042');
    assert.equal(c.path, `/exceptions/${b.tenantId}`);
    assert.equal(TYPES[m[1]][b.exceptionType], b.severity, `${b.exceptionType} ${b.severity}`);
    assert.ok(b.sourceSystem && typeof b.rawPayload === 'object');
    seen.add(b.exceptionId);
  }
  assert.equal(seen.size, rows.length, 'ids are unique');
  // Each tenant's exceptions arrive in artifact order.
  for (const [tenant, source] of [
    ['TENANT_FINANCE_001', 'TENANT_FINANCE_001'],
    ['TENANT_HEALTHCARE_042', 'TENANT_HEALTH_001'],
  ]) {
    const got = created.filter((c) => c.body.tenantId === tenant).map((c) => String(c.body.exceptionId).split('-').at(-1));
    const want = rows.filter((x) => x.tenant_id === source).map((x) => String(x.exception_id).split('-').at(-1));
    assert.ok(want.length > 0);
    assert.deepEqual(got, want);
  }
});
