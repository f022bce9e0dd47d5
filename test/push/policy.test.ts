/** Push's pure parts: templates, retry waits and Retry-After, checkpoint replay. */
import assert from 'node:assert/strict';
import { writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Checkpoint } from '../../src/push/checkpoint.ts';
import { parseMapping, planTables } from '../../src/push/mapping.ts';
import { backoffMs, isRetryableStatus, retryAfterMs } from '../../src/push/retry.ts';
import type { Manifest } from '../../src/artifact/manifest.ts';
import { tempDir } from '../helpers.ts';

const manifest = {
  dataset: { name: 'd', version: '1', description: '' },
  tables: [
    {
      name: 'ex',
      rows: 2,
      primaryKey: ['id'],
      tenantColumn: 'tenant',
      columns: ['id', 'tenant', 'payload', 'amount'].map((name) => ({ name, type: 'text', nullable: true })),
      files: { json: { path: 'data/ex.json', sha256: '0'.repeat(64), bytes: 0 } },
    },
  ],
} as unknown as Manifest;

test('templates: typed whole values, interpolated text, literal braces, URL-encoded paths, renamed values', () => {
  const m = parseMapping(
    {
      tables: [
        {
          table: 'ex',
          path: '/t/{tenant}/x?id={id}',
          values: { tenant: { T1: 'TENANT 1' } },
          body: { id: 'FIN-{id}-1', raw: '{payload}', n: '{amount}', lit: '{{x}}', list: ['{tenant}', 3] },
        },
      ],
    },
    'test',
  );
  const [p] = planTables(m, manifest, 'test');
  const row = { id: 'a/b', tenant: 'T1', payload: { k: [1, 2] }, amount: 12.5 };
  assert.equal(p.path(row), '/t/TENANT%201/x?id=a%2Fb');
  assert.deepEqual(p.body(row), { id: 'FIN-a/b-1', raw: { k: [1, 2] }, n: 12.5, lit: '{x}', list: ['TENANT 1', 3] });
  assert.equal(p.tenantOf(row), 'TENANT 1');
  assert.equal(p.keyOf(row), 'a/b');
});

test('retry policy: which statuses, exponential waits with jitter, Retry-After as seconds or a date', () => {
  for (const s of [500, 502, 503, 429]) assert.ok(isRetryableStatus(s));
  for (const s of [400, 401, 404, 409, 422]) assert.ok(!isRetryableStatus(s));
  const p = { retries: 6, baseMs: 100, maxMs: 1000 };
  assert.equal(
    backoffMs(p, 1, undefined, () => 0),
    50,
  );
  assert.equal(
    backoffMs(p, 1, undefined, () => 1),
    100,
  );
  assert.equal(
    backoffMs(p, 3, undefined, () => 1),
    400,
  );
  assert.equal(
    backoffMs(p, 10, undefined, () => 1),
    1000,
  );
  assert.equal(
    backoffMs(p, 1, 3000, () => 1),
    3000,
  );
  assert.equal(retryAfterMs('2', 0), 2000);
  assert.equal(retryAfterMs(new Date(10_000).toUTCString(), 4000), 6000);
  assert.equal(retryAfterMs('soon', 0), undefined);
});

test('checkpoint: replays whole lines only, refuses another artifact or target', () => {
  const path = join(tempDir(), 'cp');
  const sizes = new Map([['ex', 5]]);
  const cp = Checkpoint.open(path, { artifact: 'a', target: 'u' }, sizes, false);
  cp.ack('ex', 1);
  cp.ack('ex', 3);
  cp.close();
  appendFileSync(path, 'ex 4'); // torn by a kill: no newline
  const again = Checkpoint.open(path, { artifact: 'a', target: 'u' }, sizes, false);
  assert.deepEqual(
    [0, 1, 2, 3, 4].map((i) => again.has('ex', i)),
    [false, true, false, true, false],
  );
  again.close();
  assert.throws(() => Checkpoint.open(path, { artifact: 'b', target: 'u' }, sizes, false), /belongs to another artifact/);
  assert.throws(() => Checkpoint.open(path, { artifact: 'a', target: 'v' }, sizes, false), /belongs to another target URL/);
  writeFileSync(path, 'garbage\n');
  assert.throws(() => Checkpoint.open(path, { artifact: 'a', target: 'u' }, sizes, false), /is not a forge push checkpoint/);
  assert.equal(Checkpoint.open(path, { artifact: 'a', target: 'u' }, sizes, true).count('ex'), 0);
});

test('filters: map lookups (an unknown value is an error), stable UUIDs, text after a separator', () => {
  const m = parseMapping(
    { maps: { prefix: { T1: 'FIN' } }, tables: [{ table: 'ex', path: '/x', body: { id: '{tenant|map:prefix}-{id|uuid}-{id|last:-}' } }] },
    'test',
  );
  const [p] = planTables(m, manifest, 'test');
  const a = p.body({ id: 'EXC-FIN-20240101-00007', tenant: 'T1' }) as { id: string };
  assert.match(a.id, /^FIN-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}-00007$/);
  assert.deepEqual(p.body({ id: 'EXC-FIN-20240101-00007', tenant: 'T1' }), a, 'the same row gives the same UUID');
  assert.throws(() => p.body({ id: 'x', tenant: 'T2' }), /value "T2" of column tenant has no entry in map "prefix"/);
  assert.throws(
    () => planTables(parseMapping({ tables: [{ table: 'ex', path: '/x', body: { a: '{id|map:nope}' } }] }, 't'), manifest, 't'),
    /filter map:nope names no map/,
  );
  assert.throws(
    () => planTables(parseMapping({ tables: [{ table: 'ex', path: '/x', body: { a: '{id|upper}' } }] }, 't'), manifest, 't'),
    /unknown filter "upper"/,
  );
});
