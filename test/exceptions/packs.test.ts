/**
 * The exceptions dataset's packs: the shipped JSON files are valid, a
 * missing file falls back to the minimal built-in pack (and the dataset
 * still builds every table from it), a malformed one is one line naming the
 * file and the key.
 */
import assert from 'node:assert/strict';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { GenContext } from '../../src/core/context.ts';
import { resolveTables } from '../../src/core/dataset.ts';
import { ForgeError } from '../../src/errors.ts';
import { datasetDir } from '../../src/packs/read-pack.ts';
import exceptions from '../../generators/exceptions/index.ts';
import { loadPacks } from '../../generators/exceptions/packs.ts';
import { TENANTS } from '../../generators/exceptions/tenants.ts';
import { tempDir } from '../helpers.ts';

const [FIN, HLT] = TENANTS;

function packsCopy(): string {
  const dir = tempDir('forge-packs-');
  for (const sub of ['domainpacks', 'tenantpacks']) cpSync(join(datasetDir('exceptions'), sub), join(dir, sub), { recursive: true });
  return dir;
}

const badPack = (fn: () => unknown, re: RegExp) =>
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ForgeError && e.code === 'BAD_PACK', String(e));
    assert.match(e.toLine(), re);
    assert.ok(!e.toLine().includes('\n'));
    return true;
  });

test('the shipped packs are read from their files', () => {
  for (const t of TENANTS) {
    const p = loadPacks(t);
    assert.deepEqual([p.domainSource, p.tenantSource], ['file', 'file']);
    assert.equal(p.domain.domainName, t.domain);
    assert.equal(p.tenant.tenantId, t.id);
    assert.deepEqual(
      p.domain.tools.slice(0, 3).map((x) => x.name),
      t.tools,
    );
  }
});

test('missing pack files give the minimal built-in packs, from which every table is still made', () => {
  const dir = packsCopy();
  rmSync(join(dir, FIN.domainPackFile));
  rmSync(join(dir, FIN.tenantPackFile));
  const p = loadPacks(FIN, dir);
  assert.deepEqual([p.domainSource, p.tenantSource], ['fallback', 'fallback']);
  assert.equal(p.domain.domainName, 'CapitalMarketsTrading');
  assert.equal(p.domain.playbooks.length, 6);
  assert.deepEqual(
    p.domain.tools.map((x) => x.name),
    FIN.tools,
  );
  assert.equal(loadPacks(HLT, dir).domainSource, 'file');
});

test('a malformed pack is one line naming the file and the key', () => {
  const dir = packsCopy();
  const file = join(dir, FIN.domainPackFile);
  const pack = JSON.parse(readFileSync(file, 'utf8'));
  pack.exceptionTypes[2].defaultSeverity = 'URGENT';
  writeFileSync(file, JSON.stringify(pack));
  badPack(() => loadPacks(FIN, dir), /pack .*domainpacks\/finance\.sample\.json: key exceptionTypes\[2\]\.defaultSeverity: /);
  writeFileSync(file, '{ "domainName": ');
  badPack(() => loadPacks(FIN, dir), /pack .*domainpacks\/finance\.sample\.json is not valid JSON/);
  pack.exceptionTypes[2].defaultSeverity = 'HIGH';
  pack.domainName = 'HealthcareClaimsAndCareOps';
  writeFileSync(file, JSON.stringify(pack));
  badPack(() => loadPacks(FIN, dir), /domainpacks\/finance\.sample\.json: key domainName: .*tenant TENANT_FINANCE_001 is in domain CapitalMarketsTrading/);
  pack.domainName = 'CapitalMarketsTrading';
  pack.playbooks[4].exceptionType = 'NOT_A_TYPE';
  writeFileSync(file, JSON.stringify(pack));
  badPack(() => loadPacks(FIN, dir), /key playbooks\[4\]\.exceptionType: NOT_A_TYPE is not one of exceptionTypes/);
  const tfile = join(dir, HLT.tenantPackFile);
  writeFileSync(tfile, JSON.stringify({ ...JSON.parse(readFileSync(tfile, 'utf8')), tenantId: 'TENANT_FINANCE_001' }));
  badPack(() => loadPacks(HLT, dir), /tenantpacks\/tenant_healthcare\.sample\.json: key tenantId: /);
});

test('the dataset builds from the shipped packs in-process too (the model the CLI runs)', () => {
  const tables = resolveTables(exceptions.tables(new GenContext(1, 'exceptions'), exceptions.resolveParams('tiny')));
  assert.deepEqual(
    tables.map((t) => t.name),
    ['domain_pack', 'tenant', 'tenant_policy_pack', 'tool', 'tool_enablement', 'playbook', 'playbook_step', 'exception', 'exception_event', 'tool_execution'],
  );
  assert.deepEqual(
    tables.filter((t) => t.tenantColumn).map((t) => t.name),
    ['tenant_policy_pack', 'tool', 'tool_enablement', 'playbook', 'playbook_step', 'exception', 'exception_event', 'tool_execution'],
  );
});
