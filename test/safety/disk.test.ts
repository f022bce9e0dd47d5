/**
 * Safety: a full disk is one line and exit 74, and leaves nothing behind.
 * Each command runs on a real small file system (onSmallDisk: a tmpfs in a
 * mount namespace of its own). Builds here pass --allow-large: the budget
 * would refuse them before writing (test/safety/resources.test.ts), and a
 * disk can fill up whatever the estimate said.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { forge, ROOT, tempDir } from '../helpers.ts';
import { assertOneLine, buildTiny, onSmallDisk } from './helpers.ts';

const DISK_FULL = 74;

let artifact: string;
let archive: string;

before(() => {
  const out = tempDir();
  artifact = buildTiny(out);
  archive = join(out, 'tiny.tar.gz');
  const p = forge(['pack', artifact, '--output', archive]);
  assert.equal(p.code, 0, p.stderr);
});

for (const jobs of ['1', '2']) {
  test(`a build with --jobs ${jobs} that fills the disk says "no space left" in one line, exits 74 and leaves no partial artifact`, () => {
    const { runs, left } = onSmallDisk('2m', [['build', '--profile', 'local', '--out', 'DISK/out', '--jobs', jobs, '--quiet', '--allow-large']]);
    assertOneLine(
      runs[0],
      /^forge: no space left on device writing .*\/out\/retail\/1\.1\.0 \(nothing was left behind; free space there or choose another place with --out\)$/,
      DISK_FULL,
    );
    assert.deepEqual(left, [], 'no partial directory, and no empty folders the build made');
  });
}

test('a build whose output folder cannot even be made on a full disk is one line, exit 74', () => {
  const { runs, left } = onSmallDisk('64k', [['build', '--profile', 'tiny', '--out', 'DISK/a/b', '--quiet', '--allow-large']], { full: true });
  assertOneLine(runs[0], /no space left on device writing .*\/a\/b/, DISK_FULL);
  assert.deepEqual(left, []);
});

test('a failed build on a full disk leaves an artifact already there untouched', () => {
  const { runs, left } = onSmallDisk('1m', [
    ['build', '--profile', 'tiny', '--out', 'DISK/out', '--quiet'],
    ['build', '--profile', 'local', '--out', 'DISK/out', '--quiet', '--allow-large'],
    ['validate', 'DISK/out/retail/1.1.0/seed-42-tiny'],
  ]);
  assert.equal(runs[0].code, 0, runs[0].stderr);
  assertOneLine(runs[1], /no space left on device writing/, DISK_FULL);
  assert.equal(runs[2].code, 0, runs[2].stderr);
  assert.deepEqual(
    left.filter((p) => p.startsWith('./out/retail/1.1.0/') && !p.startsWith('./out/retail/1.1.0/seed-42-tiny/')),
    ['./out/retail/1.1.0/seed-42-tiny'],
    'only the tiny artifact, no partial of the failed build',
  );
});

test('forge pack onto a full disk is one line, exit 74, and leaves no partial archive', () => {
  const { runs, left } = onSmallDisk('256k', [['pack', artifact, '--output', 'DISK/tiny.tar.gz']], { full: true });
  assertOneLine(
    runs[0],
    /^forge: no space left on device writing .*\/tiny\.tar\.gz \(nothing was left behind; free space there or choose another path with --output\)$/,
    DISK_FULL,
  );
  assert.deepEqual(left, []);
});

test('unpacking an archive into a full temp directory (TMPDIR) is one line, exit 74, and leaves no unpacked folder', () => {
  const { runs, left } = onSmallDisk('256k', [['validate', archive]], { full: true, env: { TMPDIR: 'DISK' } });
  assertOneLine(
    runs[0],
    /^forge: no space left on device unpacking .*tiny\.tar\.gz into .* \(nothing was left behind; free space there or set TMPDIR to another directory\)$/,
    DISK_FULL,
  );
  assert.deepEqual(left, []);
});

test('forge report onto a full disk is one line, exit 74, and leaves no half page', () => {
  const { runs, left } = onSmallDisk('256k', [['report', artifact, '-o', 'DISK/report.html']], { full: true });
  assertOneLine(
    runs[0],
    /^forge: no space left on device writing .*\/report\.html \(nothing was left behind; free space there or choose another path with -o\)$/,
    DISK_FULL,
  );
  assert.deepEqual(left, []);
});

test('forge merge onto a full disk is one line, exit 74, and leaves no partial artifact', () => {
  const out = tempDir();
  const shards = [1, 2].map((i) => {
    const r = forge(['build', '--profile', 'tiny', '--shard', `${i}/2`, '--out', join(out, 'shards'), '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    return r.stdout.trim();
  });
  const { runs, left } = onSmallDisk('256k', [['merge', ...shards, '--out', 'DISK/merged', '--quiet']], { full: true });
  assertOneLine(runs[0], /^forge: no space left on device writing .*\/merged\/retail\/.* \(nothing was left behind; .*--out\)$/, DISK_FULL);
  assert.deepEqual(left, []);
});

test('forge types --output onto a full disk is one line, exit 74, and leaves no half file', () => {
  const { runs, left } = onSmallDisk('256k', [['types', artifact, '--output', 'DISK/retail.d.ts']], { full: true });
  assertOneLine(
    runs[0],
    /^forge: no space left on device writing .*\/retail\.d\.ts \(nothing was left behind; free space there or choose another path with --output\)$/,
    DISK_FULL,
  );
  assert.deepEqual(left, []);
});

test('forge init onto a full disk is one line, exit 74, and leaves no partial dataset nor the folders it made', () => {
  const schema = join(ROOT, 'test/init/schemas/chinook.sql');
  const { runs, left } = onSmallDisk('256k', [['init', '--from-sql', schema, '--name', 'chinook', '--out', 'DISK/generators/chinook']], { full: true });
  assertOneLine(
    runs[0],
    /^forge: no space left on device writing .*\/generators\/chinook \(nothing was left behind; free space there or choose another place with --out\)$/,
    DISK_FULL,
  );
  assert.deepEqual(left, []);
});

test('the small disk is real: the same build, types and init fit once there is room', () => {
  const schema = join(ROOT, 'test/init/schemas/chinook.sql');
  const { runs } = onSmallDisk('64m', [
    ['build', '--profile', 'local', '--out', 'DISK/out', '--jobs', '2', '--quiet'],
    ['types', artifact, '--output', 'DISK/retail.d.ts'],
    ['init', '--from-sql', schema, '--name', 'chinook', '--out', 'DISK/generators/chinook'],
  ]);
  for (const r of runs) assert.equal(r.code, 0, r.stderr);
});
