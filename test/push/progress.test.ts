/**
 * forge push's progress as a user sees it (issue 13: "a bar on a terminal, a
 * line every N rows in logs"): run under a real pseudo-terminal (util-linux
 * `script`), it redraws one bar in place; with its output in a file or pipe,
 * it writes a line every --progress-every rows (10 by default).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { build } from '../../src/artifact/build.ts';
import { ROOT, tempDir } from '../helpers.ts';
import { tenantsDataset } from '../datasets/tenants.ts';
import { forgeAsync, startApi, type ApiServer } from './api-server.ts';

let dir: string;
let work: string;
let api: ApiServer;
let mapping: string;
const MAPPING = JSON.stringify({ tables: [{ table: 'client', path: '/clients', body: { id: '{client_id}', tenant: '{tenant_id}' } }] });

before(async () => {
  work = tempDir('forge-push-progress-');
  dir = (await build({ dataset: tenantsDataset, seed: 7, profile: 'tiny', outRoot: work })).dir;
  api = await startApi();
  mapping = join(work, 'map.json');
  writeFileSync(mapping, MAPPING);
});
after(async () => {
  await api?.close();
});

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

test('on a terminal: one bar redrawn in place, ending at every row, and no log lines', async () => {
  const cmd = [process.execPath, join(ROOT, 'bin/forge.js'), 'push', dir, '--to', api.url, '--mapping', mapping, '--checkpoint', join(work, 'cp-tty')]
    .map(quote)
    .join(' ');
  const out = await new Promise<{ code: number | null; text: string }>((resolve) => {
    const child = spawn('script', ['-qec', cmd, '/dev/null'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (text += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (text += c));
    child.on('close', (code) => resolve({ code, text }));
  });
  assert.equal(out.code, 0, out.text);
  const total = api.created.size;
  assert.ok(total > 10, `${total} rows`);
  assert.match(out.text, new RegExp(`\\r\\x1b\\[Kclient \\[#{20}\\] ${total}/${total} rows, \\d+ req/s`));
  assert.doesNotMatch(out.text, /rows sent/, 'no log lines on a terminal');
  assert.match(out.text, new RegExp(`pushed ${total} rows`));
});

test('in a log: a line every --progress-every rows, and the last row', async () => {
  const r = await forgeAsync(['push', dir, '--to', api.url, '--mapping', mapping, '--checkpoint', join(work, 'cp-log'), '--restart', '--progress-every', '4']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stderr
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('client: '));
  const total = api.created.size;
  const counts = lines.map((l) => Number(/client: (\d+)\/(\d+) rows sent/.exec(l)![1]));
  const expected = Array.from({ length: Math.floor(total / 4) }, (_, i) => (i + 1) * 4);
  if (total % 4) expected.push(total);
  // The count in each line is the acknowledged rows of the table when the 4th, 8th, … reply arrived.
  assert.equal(counts.length, expected.length, r.stderr);
  assert.equal(counts.at(-1), total);
  assert.doesNotMatch(r.stderr, /\r|\x1b\[/, 'no bar in a log');
});
