/**
 * The COPY's file reader refills one buffer once the socket has the last
 * chunk: a CSV many times that buffer (and the socket's buffers) must arrive
 * intact, by the staging plan (two connections) and by one transaction.
 */
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { forge, tempCluster, tempDir } from '../helpers.ts';

const server = tempCluster();
let artifact: string;

before(() => {
  const b = forge(['build', '--profile', 'local', '--out', tempDir(), '--quiet']);
  assert.equal(b.code, 0, b.stderr);
  artifact = b.stdout.trim();
});

for (const [plan, args] of [
  ['the staging plan', []],
  ['one transaction', ['--connections', '1']],
] as const) {
  test(`a CSV of several megabytes is sent intact by ${plan}: forge verify finds every row`, async () => {
    const db = plan === 'one transaction' ? 'direct' : 'staged';
    await server.createDatabase(db);
    assert.ok(statSync(join(artifact, 'data/sales_daily.csv')).size > 3 << 20, 'the file spans several reads');
    const dry = forge(['load', artifact, '--db', server.url(db), '--dry-run', ...args]);
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal(/in one transaction \(none of its tables exist there\)/.test(dry.stdout), plan === 'one transaction', dry.stdout);
    const r = forge(['load', artifact, '--db', server.url(db), '--quiet', ...args]);
    assert.equal(r.code, 0, r.stderr);
    const v = forge(['verify', artifact, '--db', server.url(db)]);
    assert.equal(v.code, 0, v.stderr);
    assert.match(v.stdout, /^ok: /m);
  });
}
