import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GenContext } from '../../src/core/context.ts';
import { combine, draw, hashString, mix32 } from '../../src/core/hash.ts';
import { intIn, normal, Permutation, uuid, Weighted } from '../../src/core/random.ts';

test('hashing and keyed faker are pinned: a change here changes every dataset, so it must come with a version bump', () => {
  const ctx = new GenContext(42, 'retail');
  assert.deepEqual(
    [
      mix32(1),
      ctx.stream('t', 'c').at(0),
      ctx.stream('t', 'c').at(1),
      ctx.stream('t', 'd').at(0),
      new GenContext(43, 'retail').stream('t', 'c').at(0),
      ctx.faker.at(ctx.stream('t', 'n').at(0)).person.fullName(),
    ],
    [1753845952, 1053437734, 1921005137, 1622484968, 3209500815, 'Kaylah Ryan'],
  );
});

test('streams are keyed by seed, dataset, table and column', () => {
  const a = new GenContext(42, 'retail');
  const keys = new Set([
    a.stream('t', 'c').key,
    a.stream('t', 'd').key,
    a.stream('u', 'c').key,
    new GenContext(43, 'retail').stream('t', 'c').key,
    new GenContext(42, 'other').stream('t', 'c').key,
  ]);
  assert.equal(keys.size, 5);
  assert.equal(a.stream('t', 'c').at(7), new GenContext(42, 'retail').stream('t', 'c').at(7));
});

test('combine never collides row keys within one column', () => {
  const seen = new Set<number>();
  const h = hashString('x');
  for (let i = 0; i < 200_000; i++) seen.add(combine(h, i));
  assert.equal(seen.size, 200_000);
  // keys beyond 32 bits and negative keys are distinct from their low bits
  assert.notEqual(combine(h, 2 ** 32 + 5), combine(h, 5));
  assert.notEqual(combine(h, -1), combine(h, 2 ** 32 - 1));
});

test('intIn covers its inclusive range roughly uniformly', () => {
  const counts = new Array(6).fill(0);
  for (let i = 0; i < 60_000; i++) counts[intIn(draw(i, 0), 1, 6) - 1]++;
  for (const c of counts) assert.ok(c > 9_000 && c < 11_000, `count ${c}`);
});

test('normal has the asked mean and deviation', () => {
  let sum = 0;
  let sq = 0;
  const n = 50_000;
  for (let i = 0; i < n; i++) {
    const x = normal(mix32(i + 1), 10, 2);
    sum += x;
    sq += x * x;
  }
  const mean = sum / n;
  const sd = Math.sqrt(sq / n - mean * mean);
  assert.ok(Math.abs(mean - 10) < 0.05, `mean ${mean}`);
  assert.ok(Math.abs(sd - 2) < 0.05, `sd ${sd}`);
});

test('Weighted picks in proportion to weights and never a zero weight', () => {
  const w = new Weighted([
    ['a', 1],
    ['b', 0],
    ['c', 3],
  ]);
  const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
  for (let i = 0; i < 40_000; i++) counts[w.pick(mix32(i))]++;
  assert.equal(counts.b, 0);
  assert.ok(Math.abs(counts.c / counts.a - 3) < 0.2, JSON.stringify(counts));
});

test('Permutation is a bijection of [0, n) for awkward sizes', () => {
  for (const n of [1, 2, 3, 17, 1000, 4097, 65_537]) {
    const p = new Permutation(n, 12345);
    const seen = new Set<number>();
    for (let i = 0; i < n; i++) {
      const v = p.at(i);
      assert.ok(v >= 0 && v < n);
      seen.add(v);
    }
    assert.equal(seen.size, n, `size ${n}`);
  }
  assert.notDeepEqual(
    Array.from({ length: 20 }, (_, i) => new Permutation(1000, 1).at(i)),
    Array.from({ length: 20 }, (_, i) => new Permutation(1000, 2).at(i)),
  );
});

test('uuid is a well-formed v4 UUID', () => {
  for (let i = 0; i < 1000; i++) assert.match(uuid(mix32(i)), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

test('keyed faker gives the same value for the same cell, whatever happened before', () => {
  const ctx = new GenContext(42, 'd');
  const cell = ctx.stream('t', 'name').at(5);
  const first = ctx.faker.at(cell).person.fullName();
  for (let i = 0; i < 50; i++) ctx.faker.at(mix32(i)).commerce.productName();
  assert.equal(ctx.faker.at(cell).person.fullName(), first);
  assert.equal(new GenContext(42, 'd').faker.at(cell).person.fullName(), first);
});
