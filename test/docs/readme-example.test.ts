/**
 * The README's "Adding a dataset" example, taken from the README itself and
 * dropped into a copy of the project as generators/clinic: it type-checks,
 * builds through the CLI, keeps visits inside their tenant, reads its pack,
 * falls back without it, and a malformed pack stops the build with one line.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { readCsv, ROOT, tempDir } from '../helpers.ts';

let copy: string;

before(() => {
  copy = tempDir('forge-readme-example-');
  for (const dir of ['src', 'generators']) cpSync(join(ROOT, dir), join(copy, dir), { recursive: true });
  for (const f of ['node_modules', 'package.json']) symlinkSync(join(ROOT, f), join(copy, f));
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const m = /```ts\n(\/\/ generators\/clinic\/index\.ts\n[\s\S]*?)```/.exec(readme);
  assert.ok(m, 'README has the generators/clinic/index.ts example');
  mkdirSync(join(copy, 'generators/clinic/packs'), { recursive: true });
  writeFileSync(join(copy, 'generators/clinic/index.ts'), m[1]);
  const index = join(copy, 'generators/index.ts');
  writeFileSync(
    index,
    "import clinic from './clinic/index.ts';\n" +
      readFileSync(index, 'utf8').replace(
        'export const datasets: Record<string, Dataset> = {',
        'export const datasets: Record<string, Dataset> = {\n  clinic,',
      ),
  );
  writeFileSync(join(copy, 'tsconfig.json'), readFileSync(join(ROOT, 'tsconfig.json'), 'utf8').replace(/"include": \[[^\]]*\]/, '"include": ["generators"]'));
});

after(() => rmSync(copy, { recursive: true, force: true }));

const run = (cmd: string, args: string[]) => spawnSync(join(ROOT, 'node_modules/.bin', cmd), args, { cwd: copy, encoding: 'utf8' });
const build = (out: string) => run('tsx', [join(copy, 'src/cli/main.ts'), 'build', '--dataset', 'clinic', '--out', join(copy, out), '--quiet']);

test('the example type-checks with the project settings', () => {
  const r = run('tsc', ['--noEmit', '-p', '.']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

test('the example builds, with its pack, every visit in its own tenant', () => {
  writeFileSync(join(copy, 'generators/clinic/packs/plans.json'), JSON.stringify({ plans: ['gold', 'silver'] }));
  const r = build('out-pack');
  assert.equal(r.status, 0, r.stderr);
  const dir = r.stdout.trim();
  const clients = readCsv(join(dir, 'data/client.csv')).rows;
  assert.equal(clients.length, 10);
  assert.deepEqual(new Set(clients.map((c) => c[3])), new Set(['gold', 'silver']));
  const tenantOf = new Map(clients.map((c) => [c[0], c[1]]));
  const visits = readCsv(join(dir, 'data/visit.csv')).rows;
  assert.ok(visits.length >= 30);
  for (const v of visits) assert.equal(tenantOf.get(v[2]), v[1], `visit ${v[0]} points at a client of another tenant`);
});

test('without the pack file it uses the fallback; a malformed pack is one line naming file and key', () => {
  rmSync(join(copy, 'generators/clinic/packs/plans.json'));
  const r = build('out-fallback');
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(new Set(readCsv(join(r.stdout.trim(), 'data/client.csv')).rows.map((c) => c[3])), new Set(['basic']));
  writeFileSync(join(copy, 'generators/clinic/packs/plans.json'), '{"plans": ["gold", 3]}');
  const bad = build('out-bad');
  assert.equal(bad.status, 1);
  assert.match(
    bad.stderr,
    /^forge: pack .*generators\/clinic\/packs\/plans\.json: key plans\[1\]: .*\(fix the file, or remove it to use the built-in minimal pack\)\n$/,
  );
  assert.equal(bad.stderr.trim().split('\n').length, 1);
});
