/**
 * Golden datasets: the committed ones still build byte for byte, and a
 * changed generator value is caught, named by table and column, and told
 * apart from a deliberate change (a version bump with updated goldens).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { defineDataset } from '../../src/core/dataset.ts';
import { intIn } from '../../src/core/random.ts';
import { countedRows } from '../../src/core/rows.ts';
import { ForgeError } from '../../src/errors.ts';
import { assertNoProblems, goldenCheck, goldenUpdate } from '../../src/golden/golden.ts';
import { forge, tempDir } from '../helpers.ts';

/** A copy of a small dataset whose `score` column can be altered by one value. */
function dataset(version: string, tweak: boolean) {
  return defineDataset<{ n: number }>({
    name: 'shop',
    version,
    description: 'golden test dataset',
    profiles: { tiny: { n: 30 } },
    defaultProfile: 'tiny',
    tables: (ctx, p) => [
      {
        name: 'customer',
        role: 'dimension',
        columns: ['customer_id integer', 'name text', 'score integer'],
        primaryKey: ['customer_id'],
        rows: countedRows(p.n, (i) => {
          const score = intIn(ctx.stream('customer', 'score').at(i), 0, 100);
          return [i + 1, ctx.faker.at(ctx.stream('customer', 'name').at(i)).person.firstName(), tweak && i === 7 ? score + 1 : score];
        }),
      },
    ],
  });
}

let root: string;
before(() => {
  root = tempDir();
});

test('the committed golden datasets build byte for byte (forge golden check)', () => {
  const r = forge(['golden', 'check']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^ok: \d+ golden dataset/);
});

test('an accidental change of one generated value fails the check, naming table, row and column', async () => {
  await goldenUpdate(root, [{ dataset: dataset('1.0.0', false), seed: 42 }]);
  assert.deepEqual(await goldenCheck(root, [{ dataset: dataset('1.0.0', false), seed: 42 }]), []);
  const problems = await goldenCheck(root, [{ dataset: dataset('1.0.0', true), seed: 42 }]);
  assert.equal(problems.length, 1);
  assert.match(problems[0].message, /no longer builds its golden files.*bump the version/);
  assert.equal(problems[0].diffs[0].table, 'customer');
  assert.match(problems[0].diffs[0].summary, /1 row\(s\) changed in column\(s\) score/);
  assert.match(problems[0].diffs[0].examples[0], /^customer_id=8: score "\d+" → "\d+"$/);
  const lines: string[] = [];
  assert.throws(
    () => assertNoProblems(problems, (l) => lines.push(l)),
    (e: unknown) => e instanceof ForgeError && e.code === 'GOLDEN_DRIFT',
  );
  assert.ok(lines.some((l) => /customer: 1 row\(s\) changed in column\(s\) score/.test(l)));
});

test('a deliberate change (version bumped) asks for updated goldens, and passes once they are', async () => {
  const bumped = [{ dataset: dataset('1.1.0', true), seed: 42 }];
  const problems = await goldenCheck(root, bumped);
  assert.match(problems[0].message, /is at version 1\.1\.0 but fixtures\/ has goldens for 1\.0\.0.*forge golden update/);
  await goldenUpdate(root, bumped);
  assert.deepEqual(await goldenCheck(root, bumped), []);
  assert.deepEqual((await import('node:fs')).readdirSync(join(root, 'shop')), ['1.1.0'], 'old versions are replaced');
});

test('a manifest that differs while every data file is the same (a parameter added, say) fails the check', async () => {
  const dir = tempDir();
  const target = [{ dataset: dataset('1.0.0', false), seed: 42 }];
  await goldenUpdate(dir, target);
  const file = join(dir, 'shop/1.0.0/seed-42-tiny/manifest.json');
  const { readFileSync, writeFileSync } = await import('node:fs');
  const m = JSON.parse(readFileSync(file, 'utf8'));
  m.params.added = true;
  writeFileSync(file, JSON.stringify(m, null, 2) + '\n');
  const problems = await goldenCheck(dir, target);
  assert.equal(problems.length, 1);
  assert.match(problems[0].message, /\(manifest\.json changed too\)/);
});
