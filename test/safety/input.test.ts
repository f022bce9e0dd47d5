/**
 * Safety: bad input is one line and a non-zero exit, never a build of
 * something else. Unknown --set keys name the closest valid one; numbers are
 * decimal only; profile names are own keys; negative numbers are values;
 * --out refuses kernel file systems and empty text.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { forge, tempDir } from '../helpers.ts';
import { assertOneLine } from './helpers.ts';

test('--set with an unknown key is an error naming the closest valid key and listing them all; nothing is built', () => {
  const out = tempDir();
  assertOneLine(forge(['build', '--profile', 'tiny', '--set', 'storez=3', '--out', out]), /unknown parameter "storez" in --set \(did you mean stores\?\)/);
  assertOneLine(forge(['build', '--profile', 'tiny', '--set', 'bogus=1', '--out', out]), /unknown parameter "bogus" in --set/);
  assert.deepEqual(readdirSync(out), []);
});

test('--set numbers are decimal only: 0x3 and 1e3 are refused, not read as 3 and 1000', () => {
  for (const v of ['0x3', '1e3', '3abc'])
    assertOneLine(
      forge(['build', '--profile', 'tiny', '--set', `stores=${v}`, '--out', tempDir()]),
      new RegExp(`--set stores: "${v}" is not allowed \\(allowed: an integer`),
    );
});

test('--profile __proto__ or constructor says there is no such profile', () => {
  for (const p of ['__proto__', 'constructor', 'toString'])
    assertOneLine(forge(['build', '--profile', p, '--out', tempDir()]), new RegExp(`has no profile "${p}"`));
});

test('--seed -7 works as --seed=-7 does', () => {
  const out = tempDir();
  const a = forge(['build', '--profile', 'tiny', '--seed', '-7', '--formats', 'csv', '--out', out, '--quiet']);
  assert.equal(a.code, 0, a.stderr);
  const b = forge(['build', '--profile', 'tiny', '--seed=-7', '--formats', 'csv', '--out', out, '--quiet']);
  assert.equal(b.stdout, a.stdout);
  assert.match(a.stdout, /seed--7-tiny/);
});

test('--out /proc and --out "" are refused in one line, at once', () => {
  assertOneLine(forge(['build', '--profile', 'tiny', '--out', '/proc']), /cannot write to output directory \/proc: it is a kernel file system/);
  assertOneLine(forge(['build', '--profile', 'tiny', '--out', '/sys/kernel']), /kernel file system/);
  const cwd = tempDir();
  assertOneLine(forge(['build', '--profile', 'tiny', '--out', ''], { cwd }), /--out is empty/);
  assert.equal(existsSync(join(cwd, 'retail')), false);
});
