/**
 * forge push against a real HTTP API on 127.0.0.1 (test/push/api-server.ts),
 * the CLI run as a child process: faults (500, 429 + Retry-After, slow
 * answers, dropped connections) retried until every row arrived exactly
 * once by idempotency key, order within a tenant kept, a SIGKILL or Ctrl-C
 * mid-push resumed to the full set, 401 and other 4xx, health checks,
 * mapping errors before anything is sent, dry run, keys never printed.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { build } from '../../src/artifact/build.ts';
import { readJson, tempDir, type RunResult } from '../helpers.ts';
import { tenantsDataset, TENANTS } from '../datasets/tenants.ts';
import { forgeAsync, startApi, type ApiServer } from './api-server.ts';

const KEYS = { TENANT_FINANCE_001: 'fin-secret-4242', TENANT_HEALTH_001: 'health-secret-9898' };
const ENV = { FORGE_PUSH_KEY_TENANT_FINANCE_001: KEYS.TENANT_FINANCE_001, FORGE_PUSH_KEY_TENANT_HEALTH_001: KEYS.TENANT_HEALTH_001 };

const MAPPING = {
  tables: [
    {
      table: 'appointment',
      path: '/appointments',
      body: { id: '{appointment_id}', tenant: '{tenant_id}', client: '{client_id}', label: 'A-{tenant_id}-{seq}' },
    },
    {
      table: 'client',
      path: '/tenants/{tenant_id}/clients',
      ordered: true,
      body: { id: '{client_id}', tenant: '{tenant_id}', name: '{name}', contact: { email: '{email}' } },
    },
  ],
};

let dir: string;
let big: string;
let work: string;
let mapping: string;
let api: ApiServer;
let clients: Record<string, unknown>[];
let appointments: Record<string, unknown>[];

before(async () => {
  work = tempDir('forge-push-');
  dir = (await build({ dataset: tenantsDataset, seed: 7, profile: 'tiny', outRoot: work })).dir;
  big = (await build({ dataset: tenantsDataset, seed: 7, profile: 'tiny', overrides: { clientsPerTenant: 150 }, outRoot: work })).dir;
  clients = readJson(join(dir, 'data/client.json'));
  appointments = readJson(join(dir, 'data/appointment.json'));
  mapping = join(work, 'push.json');
  writeFileSync(mapping, JSON.stringify(MAPPING));
});
beforeEach(async () => {
  await api?.close();
  api = await startApi({ keys: KEYS });
});
after(async () => {
  await api?.close();
});

let runs = 0;
function push(artifact: string, extra: string[] = [], opts: Parameters<typeof forgeAsync>[1] = {}): Promise<RunResult> {
  const checkpoint = extra.includes('--checkpoint') ? [] : ['--checkpoint', join(work, `cp-${runs++}`)];
  return forgeAsync(['push', artifact, '--to', api.url, '--mapping', mapping, ...checkpoint, ...extra], { env: ENV, ...opts });
}

function assertNoSecret(r: RunResult) {
  for (const k of Object.values(KEYS)) assert.ok(!(r.stdout + r.stderr).includes(k), 'an API key was printed');
}

/** Every row of the artifact created exactly once, with its tenant's key. */
function assertComplete(rowsClients = clients, rowsAppointments = appointments) {
  const created = [...api.created.values()];
  assert.equal(created.length, rowsClients.length + rowsAppointments.length);
  assert.equal(new Set(created.map((r) => r.key)).size, created.length);
  const ids = (p: string) =>
    created
      .filter((r) => r.path.startsWith(p))
      .map((r) => r.body.id as number)
      .sort((a, b) => a - b);
  assert.deepEqual(
    ids('/tenants/'),
    rowsClients.map((c) => c.client_id as number).sort((a, b) => a - b),
  );
  assert.deepEqual(
    ids('/appointments'),
    rowsAppointments.map((a) => a.appointment_id as number).sort((a, b) => a - b),
  );
  for (const r of created) assert.equal(r.apiKey, KEYS[r.body.tenant as keyof typeof KEYS]);
}

/** Within each tenant, clients were created in artifact order. */
function assertClientOrder(rows = clients) {
  for (const t of TENANTS) {
    const got = [...api.created.values()].filter((r) => r.path === `/tenants/${t}/clients`).map((r) => r.body.id);
    assert.deepEqual(
      got,
      rows.filter((c) => c.tenant_id === t).map((c) => c.client_id),
      `order of ${t}`,
    );
  }
}

test('every row arrives exactly once through 500s, 429 + Retry-After, slow answers and dropped connections', async () => {
  const h = (k: string) => parseInt(k.slice(0, 6), 16);
  api.fault = (key, n) => {
    if (n > 1) return h(key) % 11 === 0 && n === 2 ? { kind: 'status', status: 503 } : undefined;
    switch (h(key) % 6) {
      case 0:
        return { kind: 'status', status: 500 };
      case 1:
        return { kind: 'drop' };
      case 2:
        return { kind: 'slow', ms: 1500 }; // beyond --timeout: retried, and answered twice (idempotency keeps one)
      case 3:
        return h(key) % 12 === 3 ? { kind: 'status', status: 429, retryAfter: '1' } : undefined;
      default:
        return undefined;
    }
  };
  const r = await push(dir, ['--concurrency', '8', '--timeout', '400']);
  assert.equal(r.code, 0, r.stderr);
  assertNoSecret(r);
  assertComplete();
  assertClientOrder();
  const answers = new Set(api.received.map((x) => x.answer));
  for (const a of ['500', 'drop', '429', '201']) assert.ok(answers.has(a), `fault ${a} was exercised`);
  // A 429's Retry-After of 1 s is honoured before that row is sent again.
  const throttled = api.received.filter((x) => x.answer === '429');
  assert.ok(throttled.length > 0);
  for (const t of throttled) {
    const next = api.received.find((x) => x.key === t.key && x.at > t.at)!;
    assert.ok(next.at - t.at >= 950, `retried after ${next.at - t.at} ms`);
  }
  assert.match(r.stdout, /^pushed \d+ rows to http:\/\/127\.0\.0\.1:\d+\/ in [\d.]+ s \(\d+ req\/s, \d+ retries\)/);
  // Progress in a log: a line every 10 rows by default.
  assert.match(r.stderr, /client: 10\/40 rows sent/);
  // Re-running sends nothing: the checkpoint holds every row.
  const cp = join(work, 'cp-full');
  const first = await push(dir, ['--checkpoint', cp]);
  assert.equal(first.code, 0, first.stderr);
  const before = api.received.length;
  const again = await push(dir, ['--checkpoint', cp]);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /nothing to send: all \d+ rows were acknowledged/);
  assert.equal(api.received.length, before);
});

test('a process killed mid-push (SIGKILL) and run again completes the set, sending only the rest', async () => {
  api.delayMs = 5;
  const cp = join(work, 'cp-kill');
  const bigClients = readJson(join(big, 'data/client.json'));
  const bigAppointments = readJson(join(big, 'data/appointment.json'));
  const total = bigClients.length + bigAppointments.length;
  let kill: (s: NodeJS.Signals) => void = () => {};
  const poll = setInterval(() => {
    if (api.received.length < total / 3) return;
    clearInterval(poll);
    kill('SIGKILL');
  }, 5);
  const killed = await push(big, ['--checkpoint', cp, '--concurrency', '4'], { onStart: (k) => (kill = k) });
  clearInterval(poll);
  assert.notEqual(killed.code, 0, 'the first run was killed');
  const sentBefore = api.received.length;
  assert.ok(api.created.size < total, 'killed before the end');
  api.delayMs = 0;
  const resumed = await push(big, ['--checkpoint', cp, '--concurrency', '4']);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stderr, /resuming: \d+ of \d+ rows already acknowledged/);
  assertComplete(bigClients, bigAppointments);
  assertClientOrder(bigClients);
  // Only the rest was sent again: what was in flight at the kill (4) and the acknowledgements of the
  // last event-loop turn not yet written (at most 4) may go twice, under the same idempotency keys.
  const resent = api.received.length - sentBefore;
  const slack = 2 * 4 + 1;
  assert.ok(resent <= total - sentBefore + slack, `resumed run sent ${resent} requests for ${total - sentBefore} rows left`);
  const dupes = api.received.filter((x) => x.answer === '200').length;
  assert.ok(dupes <= slack, `${dupes} duplicates`);
});

test('Ctrl-C stops cleanly with one line; the next run finishes', async () => {
  api.delayMs = 20;
  const cp = join(work, 'cp-int');
  let kill: (s: NodeJS.Signals) => void = () => {};
  const poll = setInterval(() => {
    if (api.received.length < 20) return;
    clearInterval(poll);
    kill('SIGINT');
  }, 5);
  const r = await push(dir, ['--checkpoint', cp, '--concurrency', '2'], { onStart: (k) => (kill = k) });
  clearInterval(poll);
  assert.equal(r.code, 130, r.stderr);
  const last = r.stderr.trim().split('\n').at(-1)!;
  assert.match(last, /^forge: push interrupted: \d+ of \d+ rows acknowledged by .* \(checkpoint .*\) \(re-run the same command to send the rest\)$/);
  api.delayMs = 0;
  const again = await push(dir, ['--checkpoint', cp]);
  assert.equal(again.code, 0, again.stderr);
  assertComplete();
  assertClientOrder();
});

test('a 401 stops the push with one clear line and no key printed', async () => {
  const r = await push(dir, [], { env: { ...ENV, FORGE_PUSH_KEY_TENANT_HEALTH_001: 'wrong-key-123' } });
  assert.equal(r.code, 1);
  assertNoSecret(r);
  assert.ok(!r.stderr.includes('wrong-key-123'));
  const lines = r.stderr
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('forge:'));
  assert.equal(lines.length, 1, r.stderr);
  assert.match(
    lines[0],
    /the API refused the key for tenant TENANT_HEALTH_001: POST \/tenants\/TENANT_HEALTH_001\/clients answered 401 \{"detail":"Unauthorized"\}; \d+ of 108 rows acknowledged by .* \(check the API key \(from env FORGE_PUSH_KEY_TENANT_HEALTH_001\)\)/,
  );
  assert.ok(!r.stderr.includes('    at '), 'no stack trace');
});

test('other 4xx: reported with the row key and first response line, not retried; the rest is sent; a re-run sends only the refused row', async () => {
  const refused = appointments[3];
  api.fault = (_k, _n, req) =>
    req.path === '/appointments' && req.body.id === refused.appointment_id
      ? { kind: 'status', status: 422, body: 'invalid client reference\nstack: ...' }
      : undefined;
  const cp = join(work, 'cp-422');
  const r = await push(dir, ['--checkpoint', cp]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, new RegExp(`appointment row ${refused.appointment_id} \\(tenant ${refused.tenant_id}\\): 422 invalid client reference\\n`));
  assert.ok(!r.stderr.includes('stack: ...'));
  assert.match(r.stderr, /forge: 1 rows refused by the API \(listed above\); \d+ of \d+ rows acknowledged/);
  assert.equal(api.received.filter((x) => x.body.id === refused.appointment_id && x.path === '/appointments').length, 1, 'a 422 is not retried');
  assert.equal(api.created.size, clients.length + appointments.length - 1);
  api.fault = () => undefined;
  const n = api.received.length;
  const again = await push(dir, ['--checkpoint', cp]);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(api.received.length - n, 1, 'only the refused row is sent again');
  assertComplete();
});

test('a refused row of an ordered table holds back the rest of its tenant', async () => {
  const bad = clients.find((c) => c.tenant_id === TENANTS[0])!;
  api.fault = (_k, _n, req) => (req.path.startsWith('/tenants/') && req.body.id === bad.client_id ? { kind: 'status', status: 400 } : undefined);
  const r = await push(dir);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /the rest of tenant TENANT_FINANCE_001's rows are held back/);
  const sentFin = [...api.created.values()].filter((x) => x.path === `/tenants/${TENANTS[0]}/clients`);
  assert.equal(sentFin.length, clients.filter((c) => c.tenant_id === TENANTS[0] && (c.client_id as number) < (bad.client_id as number)).length);
  assert.equal(
    [...api.created.values()].filter((x) => x.path === `/tenants/${TENANTS[1]}/clients`).length,
    clients.filter((c) => c.tenant_id === TENANTS[1]).length,
  );
});

test("health check first: the document's line when the API is down, a clear line when unhealthy, --skip-health-check skips it", async () => {
  const down = await forgeAsync(['push', dir, '--to', 'http://127.0.0.1:9', '--mapping', mapping, '--checkpoint', join(work, 'cp-down')], { env: ENV });
  assert.equal(down.code, 1);
  assert.match(
    down.stderr.trim(),
    /^forge: Cannot connect to API server at http:\/\/127\.0\.0\.1:9\/ \(GET \/health: connection failed \(ECONNREFUSED\)\) \(start the API server, check --to, or pass --skip-health-check\)$/,
  );
  api.health.status = 503;
  const sick = await push(dir);
  assert.match(sick.stderr.trim(), /^forge: API server at .* is not healthy: GET \/health answered 503 \{"status":"database unavailable"\}/);
  assert.equal(api.received.length, 0, 'nothing sent after a failed health check');
  const custom = await push(dir, ['--health-path', '/nope']);
  assert.match(custom.stderr, /GET \/nope answered 404/);
  const skipped = await push(dir, ['--skip-health-check']);
  assert.equal(skipped.code, 0, skipped.stderr);
  assertComplete();
});

test('unknown tables and columns in a mapping are one line before anything is sent', async () => {
  const cases: [unknown, RegExp][] = [
    [
      { tables: [{ table: 'patients', path: '/p', body: {} }] },
      /names table "patients", which is not in the artifact \(tenants\) \(tables: tenant, client, appointment\)/,
    ],
    [
      { tables: [{ table: 'client', path: '/c', body: { x: '{nickname}' } }] },
      /tables\[0\] \(client\)\.body\.x uses column "nickname", which table client does not have/,
    ],
    [{ tables: [{ table: 'client', path: '/c/{nope}', body: {} }] }, /uses column "nope"/],
    [{ tables: [{ table: 'client', path: '/c', body: { x: '{name' } }] }, /unclosed "\{"/],
    [{ tables: [{ table: 'client', path: '/c', body: {}, colour: 'red' }] }, /tables\.0: Unrecognized key: "colour"/],
  ];
  for (const [m, pattern] of cases) {
    const f = join(work, 'bad-mapping.json');
    writeFileSync(f, JSON.stringify(m));
    const r = await forgeAsync(['push', dir, '--to', api.url, '--mapping', f, '--checkpoint', join(work, 'cp-bad')], { env: ENV });
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, pattern);
  }
  assert.equal(api.received.length, 0);
});

test('--dry-run prints the plan and sends nothing; keys are named by source only', async () => {
  const r = await push(dir, ['--dry-run', '--concurrency', '4']);
  assert.equal(r.code, 0, r.stderr);
  assertNoSecret(r);
  assert.match(r.stdout, /^dry run: nothing is sent to http:\/\/127\.0\.0\.1:\d+\//);
  assert.match(
    r.stdout,
    /table client: POST \/tenants\/\{tenant_id\}\/clients, 40 rows, 0 already acknowledged, 40 to send, in order within each tenant \(tenant_id\)/,
  );
  assert.match(r.stdout, /tenant TENANT_FINANCE_001: 20 rows, API key from env FORGE_PUSH_KEY_TENANT_FINANCE_001/);
  assert.match(r.stdout, /first request: POST \/tenants\/TENANT_FINANCE_001\/clients Idempotency-Key: [0-9a-f-]{36}/);
  assert.match(r.stdout, /concurrency 4/);
  assert.equal(api.received.length, 0);
});

test('idempotency keys are a function of the artifact and the row: the same on every run, different for another seed', async () => {
  const r1 = await push(dir);
  assert.equal(r1.code, 0, r1.stderr);
  const keys1 = new Set(api.created.keys());
  api.created.clear();
  const r2 = await push(dir);
  assert.equal(r2.code, 0, r2.stderr);
  assert.deepEqual(new Set(api.created.keys()), keys1);
  const other = (await build({ dataset: tenantsDataset, seed: 8, profile: 'tiny', outRoot: work })).dir;
  api.created.clear();
  const r3 = await push(other);
  assert.equal(r3.code, 0, r3.stderr);
  for (const k of api.created.keys()) assert.ok(!keys1.has(k));
});

test('keys from a --keys file; a key file that is not an object of strings is one line', async () => {
  const f = join(work, 'keys.json');
  writeFileSync(f, JSON.stringify(KEYS));
  const r = await forgeAsync(['push', dir, '--to', api.url, '--mapping', mapping, '--keys', f, '--checkpoint', join(work, 'cp-keys')]);
  assert.equal(r.code, 0, r.stderr);
  assertComplete();
  writeFileSync(f, JSON.stringify({ TENANT_FINANCE_001: 42 }));
  const bad = await forgeAsync(['push', dir, '--to', api.url, '--mapping', mapping, '--keys', f, '--checkpoint', join(work, 'cp-keys2')]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr.trim(), /^forge: API key file .* is not an object of strings/);
});
