/**
 * The exceptions dataset in a real PostgreSQL started here: it loads and
 * verifies; the composite foreign keys make a cross-tenant link impossible;
 * the document's tenant-scoped reset (forge load --tenant) puts one tenant's
 * rows back and keeps tenant records and domain packs; forge delete --tenant
 * removes one tenant's rows and nothing else.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { forge, queryAt, tempCluster, tempDir } from '../helpers.ts';

const server = tempCluster();
let dir: string;
let url: string;
const FIN = 'TENANT_FINANCE_001';
const HLT = 'TENANT_HEALTH_001';
const TENANT_TABLES = ['tenant_policy_pack', 'tool', 'tool_enablement', 'playbook', 'playbook_step', 'exception', 'exception_event', 'tool_execution'];

before(async () => {
  url = await server.createDatabase('exc');
  const b = forge(['build', '--dataset', 'exceptions', '--profile', 'tiny', '--out', tempDir(), '--quiet']);
  assert.equal(b.code, 0, b.stderr);
  dir = b.stdout.trim();
});

const query = <T = Record<string, unknown>>(sql: string) => queryAt<T>(url, sql);

async function countsByTenant(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TENANT_TABLES)
    for (const r of await query<{ k: string; n: string }>(`SELECT coalesce(tenant_id, 'global') AS k, count(*) AS n FROM ${t} GROUP BY 1`))
      out[`${t}:${r.k}`] = Number(r.n);
  return out;
}

const verify = () => forge(['verify', dir, '--db', url]);

test('loads and verifies; composite foreign keys in post.sql', () => {
  const r = forge(['load', dir, '--db', url, '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  const v = verify();
  assert.equal(v.code, 0, v.stdout + v.stderr);
  const post = readFileSync(join(dir, 'post.sql'), 'utf8');
  assert.match(
    post,
    /ALTER TABLE ONLY exception ADD CONSTRAINT exception_tenant_id_playbook_id_fkey FOREIGN KEY \(tenant_id, playbook_id\) REFERENCES playbook \(tenant_id, playbook_id\);/,
  );
  assert.match(post, /exception_event_tenant_id_exception_id_fkey FOREIGN KEY \(tenant_id, exception_id\) REFERENCES exception \(tenant_id, exception_id\)/);
});

test("the database refuses a link to another tenant's playbook", async () => {
  const [other] = await query<{ playbook_id: number }>(`SELECT playbook_id FROM playbook WHERE tenant_id = '${HLT}' LIMIT 1`);
  await assert.rejects(
    query(`UPDATE exception SET playbook_id = ${other.playbook_id} WHERE tenant_id = '${FIN}' AND playbook_id IS NOT NULL`),
    /violates foreign key constraint "exception_tenant_id_playbook_id_fkey"/,
  );
});

test('forge load --tenant resets one tenant: its rows come back, tenant records and domain packs are kept, the other tenant is untouched', async () => {
  const before = await countsByTenant();
  await query(`DELETE FROM tool_execution WHERE tenant_id = '${FIN}'`);
  await query(`DELETE FROM exception_event WHERE tenant_id = '${FIN}'`);
  await query(`UPDATE exception SET status = 'ESCALATED' WHERE tenant_id = '${FIN}' AND status = 'OPEN'`);
  await query(`UPDATE tenant SET name = 'renamed by hand' WHERE tenant_id = '${FIN}'`);
  await query(`UPDATE domain_pack SET version = 'edited' WHERE domain_name = 'CapitalMarketsTrading'`);
  assert.notEqual(verify().code, 0, 'the edits are seen');
  const dry = forge(['load', dir, '--tenant', FIN, '--dry-run', '--db', url]);
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /DELETE FROM public\.exception_event WHERE tenant_id = 'TENANT_FINANCE_001'/);
  assert.doesNotMatch(dry.stdout, /DELETE FROM public\.(tenant|domain_pack) /);
  const r = forge(['load', dir, '--tenant', FIN, '--confirm', '--db', url, '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(await countsByTenant(), before);
  const [tenant] = await query<{ name: string }>(`SELECT name FROM tenant WHERE tenant_id = '${FIN}'`);
  assert.equal(tenant.name, 'renamed by hand', 'tenant records are kept');
  const [pack] = await query<{ version: string }>(`SELECT version FROM domain_pack WHERE domain_name = 'CapitalMarketsTrading'`);
  assert.equal(pack.version, 'edited', 'domain packs are kept');
  await query(`UPDATE tenant SET name = 'Finance Trading Demo Tenant' WHERE tenant_id = '${FIN}'`);
  await query(`UPDATE domain_pack SET version = '1.0.0' WHERE domain_name = 'CapitalMarketsTrading'`);
  const v = verify();
  assert.equal(v.code, 0, `after the reset the database is the artifact again: ${v.stdout}${v.stderr}`);
});

test("forge delete --tenant removes one tenant's data and nothing else", async () => {
  const before = await countsByTenant();
  const r = forge(['delete', '--scope', 'all', '--tenant', HLT, '--confirm', '--db', url]);
  assert.equal(r.code, 0, r.stderr);
  const now = await countsByTenant();
  for (const [k, n] of Object.entries(before)) assert.equal(now[k], k.endsWith(`:${HLT}`) ? undefined : n, k);
  assert.equal(now['tool:global'], 3, 'global tools are kept');
  assert.deepEqual(
    (await query<{ tenant_id: string }>('SELECT tenant_id FROM tenant ORDER BY 1')).map((t) => t.tenant_id),
    [FIN, HLT],
  );
  assert.equal((await query('SELECT 1 FROM domain_pack')).length, 2);
});
