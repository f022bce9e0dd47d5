/**
 * forge pack: the same artifact gives the same archive bytes, whoever packs
 * it and however it was built; load and verify take the archive directly,
 * check it, and leave no unpacked copy behind.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, createWriteStream, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { before, test } from 'node:test';
import { pack as tarPack } from 'tar-stream';
import { forge, tableCount, tempCluster, tempDir } from '../helpers.ts';

const server = tempCluster();
let out: string;
let artifact: string;
let archive: string;
/** forge runs with its own TMPDIR, so that leftovers of unpacking are visible. */
let forgeTmp: string;

/** The dataset version the artifact was built at (never written into a test). */
const version = (): string => JSON.parse(readFileSync(join(artifact, 'manifest.json'), 'utf8')).dataset.version;
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

before(async () => {
  out = tempDir();
  forgeTmp = join(out, 'tmp');
  mkdirSync(forgeTmp);
  const b = forge(['build', '--profile', 'tiny', '--out', join(out, 'a'), '--jobs', '1', '--quiet']);
  assert.equal(b.code, 0, b.stderr);
  artifact = b.stdout.trim();
  const p = forge(['pack', artifact]);
  assert.equal(p.code, 0, p.stderr);
  archive = p.stdout.trim();
  assert.equal(archive, `${artifact}.tar.gz`);
});

const run = (args: string[]) => forge(args, { env: { TMPDIR: forgeTmp } });

test('packing twice gives identical bytes, also from a copy with other mtimes and modes, built with other --jobs', () => {
  const again = run(['pack', artifact, '--output', join(out, 'again.tar.gz')]);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(sha(join(out, 'again.tar.gz')), sha(archive));

  const b = forge(['build', '--profile', 'tiny', '--out', join(out, 'b'), '--jobs', '2', '--quiet']);
  assert.equal(b.code, 0, b.stderr);
  const copy = join(out, 'copy');
  cpSync(b.stdout.trim(), copy, { recursive: true });
  utimesSync(join(copy, 'manifest.json'), new Date(86_400_000), new Date(86_400_000));
  chmodSync(join(copy, 'data/store.csv'), 0o600);
  const c = run(['pack', copy, '--output', join(out, 'copy.tar.gz')]);
  assert.equal(c.code, 0, c.stderr);
  assert.equal(sha(join(out, 'copy.tar.gz')), sha(archive));
});

test('the archive holds one folder, sorted, with fixed mtime, modes and owner, and the manifest’s files only', () => {
  writeFileSync(join(artifact, 'stray.txt'), 'not in the manifest\n');
  const p = run(['pack', artifact, '--output', join(out, 'stray.tar.gz')]);
  assert.equal(p.code, 0, p.stderr);
  assert.equal(sha(join(out, 'stray.tar.gz')), sha(archive), 'a file the manifest does not list is not packed');
  const list = spawnSync('tar', ['--list', '--verbose', '--numeric-owner', '--full-time', '-zf', archive], {
    encoding: 'utf8',
    env: { ...process.env, TZ: 'UTC' },
  });
  assert.equal(list.status, 0, list.stderr);
  const lines = list.stdout
    .trim()
    .split('\n')
    .map((l) => l.split(/\s+/));
  const names = lines.map((l) => l[5]);
  const top = `retail-${version()}-seed-42-tiny/`;
  assert.ok(
    names.every((n) => n.startsWith(top)),
    names.join(' '),
  );
  assert.deepEqual(names, [...names].sort(), 'entries in byte order');
  assert.ok(names.includes(`${top}manifest.json`) && names.includes(`${top}data/sales_daily.csv`));
  assert.ok(!names.some((n) => n.endsWith('stray.txt')));
  for (const [mode, owner, , date, time, name] of lines) {
    assert.equal(owner, '0/0', name);
    assert.equal(`${date} ${time}`, '1985-10-26 08:15:00', name);
    assert.equal(mode, name.endsWith('/') ? 'drwxr-xr-x' : '-rw-r--r--', name);
  }
});

test('forge load and forge verify accept the archive, and remove what they unpacked', async () => {
  await server.createDatabase('from_archive');
  const l = run(['load', archive, '--db', server.url('from_archive'), '--quiet']);
  assert.equal(l.code, 0, l.stderr);
  const v = run(['verify', archive, '--db', server.url('from_archive')]);
  assert.equal(v.code, 0, v.stderr);
  assert.match(v.stdout, new RegExp(`^ok: ${tableCount(artifact)} tables`));
  // The archive and the directory are the same artifact: verify by either.
  assert.equal(run(['verify', artifact, '--db', server.url('from_archive')]).code, 0);
  assert.deepEqual(readdirSync(forgeTmp), []);
});

test('a tampered archive is refused before the database is touched, in one line', async () => {
  const x = join(out, 'x');
  mkdirSync(x);
  assert.equal(spawnSync('tar', ['-xzf', archive, '-C', x]).status, 0);
  const csv = join(x, `retail-${version()}-seed-42-tiny/data/store.csv`);
  writeFileSync(csv, readFileSync(csv, 'utf8').replace('S0001', 'S0009'));
  assert.equal(spawnSync('tar', ['-czf', join(out, 'tampered.tar.gz'), '-C', x, '.']).status, 0);
  await server.createDatabase('tampered');
  const l = run(['load', join(out, 'tampered.tar.gz'), '--db', server.url('tampered')]);
  assert.equal(l.code, 1);
  assert.match(l.stderr, /^forge: artifact file data\/store\.csv does not match its sha256/);
  assert.equal(l.stderr.trim().split('\n').length, 1);
  assert.deepEqual(readdirSync(forgeTmp), []);
});

test('an archive with a path outside its folder, or a link, is refused', async () => {
  for (const [name, header] of [
    ['escape', { name: '../escape.txt', type: 'file' as const }],
    ['link', { name: 'a/manifest.json', type: 'symlink' as const, linkname: '/etc/passwd' }],
  ] as const) {
    const t = tarPack();
    t.entry(header, header.type === 'file' ? 'x' : '');
    t.finalize();
    const path = join(out, `${name}.tar.gz`);
    await pipeline(t, createGzip(), createWriteStream(path));
    const v = run(['verify', path, '--db', server.url()]);
    assert.equal(v.code, 1, v.stderr);
    assert.match(v.stderr, /^forge: .*(unsafe path|is a symlink)/);
  }
  assert.deepEqual(readdirSync(forgeTmp), []);
  const p = run(['pack', archive]);
  assert.equal(p.code, 2);
  assert.match(p.stderr, /already a packed artifact/);
});
