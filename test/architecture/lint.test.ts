/**
 * `make lint` can fail: the repo's Biome configuration, run on planted
 * files, flags an unused import, an `any` in source code and code that is not
 * in the house format, and accepts the house idioms it was configured to
 * accept (non-null assertions, `any` in tests). The tree itself is linted by `make lint`, which `make test` runs.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { stripVTControlCharacters } from 'node:util';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'forge-lint-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function lint(files: Record<string, string>): { code: number | null; out: string } {
  rmSync(join(dir, 'src'), { recursive: true, force: true });
  rmSync(join(dir, 'test'), { recursive: true, force: true });
  copyFileSync(join(ROOT, 'biome.json'), join(dir, 'biome.json'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  // The same flags as `make lint`, minus git (the temp dir is no checkout).
  const r = spawnSync(join(ROOT, 'node_modules/.bin/biome'), ['check', '--error-on-warnings', '--vcs-enabled=false'], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, out: stripVTControlCharacters(r.stdout + r.stderr) };
}

test('an unused import and an `any` in src/ fail the lint', () => {
  const r = lint({ 'src/bad.ts': "import { readFileSync } from 'node:fs';\nexport const y: any = 1;\n" });
  assert.notEqual(r.code, 0, r.out);
  assert.match(r.out, /noUnusedImports/);
  assert.match(r.out, /noExplicitAny/);
});

test('house idioms pass: non-null assertions, assignments in expressions, `any` in tests', () => {
  const r = lint({
    'src/ok.ts': "let cached: number | undefined;\nexport const get = (m: Map<string, number>) => cached ?? (cached = m.get('a')!);\n",
    'test/ok.test.ts': 'export const z: any = 1;\n',
  });
  assert.equal(r.code, 0, r.out);
});

test('code that is not in the house format fails the check, naming the file', () => {
  const r = lint({ 'src/messy.ts': 'export const  x = {a:1,\n  b : "two"}\n' });
  assert.notEqual(r.code, 0, r.out);
  assert.match(r.out, /src\/messy\.ts/);
  assert.match(r.out, /format/i);
});
