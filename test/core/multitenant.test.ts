/** The model parts multi-tenant datasets are built from: groups, fixed + generated rows, timelines. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GenContext } from '../../src/core/context.ts';
import type { Row, RowSource } from '../../src/core/dataset.ts';
import { Groups } from '../../src/core/groups.ts';
import { countedRows, withFixedRows } from '../../src/core/rows.ts';
import { timeline, timelineRows } from '../../src/core/timeline.ts';

const all = (src: RowSource, from = 0, to = src.units): Row[] => {
  const out: Row[] = [];
  src.generate(from, to, (r) => out.push(r));
  return out;
};

test('groups: contiguous ranges with a variable count per group; rows know their group', () => {
  const counts = [3, 0, 5, 1];
  const g = new Groups(counts.length, (t) => counts[t]);
  assert.equal(g.total, 9);
  assert.deepEqual(
    [0, 1, 2, 3].map((t) => [g.start(t), g.size(t)]),
    [
      [0, 3],
      [3, 0],
      [3, 5],
      [8, 1],
    ],
  );
  assert.deepEqual(
    [0, 2, 3, 7, 8].map((i) => g.groupOf(i)),
    [0, 0, 2, 2, 3],
  );
  assert.throws(() => g.groupOf(9), /outside/);
  const rows = all(g.rows((t, k, i) => [i, t, k]));
  assert.deepEqual(
    rows.map((r) => r[1]),
    [0, 0, 0, 2, 2, 2, 2, 2, 3],
  );
  assert.deepEqual(
    rows.map((r) => r[2]),
    [0, 1, 2, 0, 1, 2, 3, 4, 0],
  );
  // Any split of the units gives the same rows (workers, shards).
  for (let cut = 0; cut <= 9; cut++)
    assert.deepEqual(
      [
        ...all(
          g.rows((t, k, i) => [i, t, k]),
          0,
          cut,
        ),
        ...all(
          g.rows((t, k, i) => [i, t, k]),
          cut,
          9,
        ),
      ],
      rows,
    );
});

test('groups: a parent picked for a tenant is always one of that tenant, for every cell, with variable parents per tenant', () => {
  const ctx = new GenContext(7, 'groups');
  const perTenant = [4, 1, 13];
  const parents = new Groups(perTenant.length, (t) => perTenant[t]);
  const s = ctx.stream('child', 'parent');
  const seen = perTenant.map(() => new Set<number>());
  for (let child = 0; child < 5000; child++) {
    const t = child % 3;
    const p = parents.pick(t, s.at(child));
    assert.equal(parents.groupOf(p), t, `child ${child} of tenant ${t} got parent ${p}`);
    seen[t].add(p);
  }
  // Every parent of every tenant gets children (the pick covers the range).
  assert.deepEqual(
    seen.map((x) => x.size),
    perTenant,
  );
  assert.throws(() => new Groups(2, (t) => t).pick(0, 123), /no rows in groups \[0, 1\)/);
});

test("groups of groups: a step of any of a tenant's playbooks, playbooks and steps both variable in number", () => {
  const ctx = new GenContext(1, 'nest');
  const playbooks = new Groups(2, (t) => (t === 0 ? 6 : 9));
  const steps = new Groups(playbooks.total, (p) => 3 + (p % 4));
  const h = ctx.stream('execution', 'step');
  for (let i = 0; i < 2000; i++) {
    const t = i % 2;
    const step = steps.pickAmong(playbooks.start(t), playbooks.start(t) + playbooks.size(t), h.at(i));
    assert.equal(playbooks.groupOf(steps.groupOf(step)), t);
  }
});

test('withFixedRows: fixed identities first, generated rows after them, any split gives the same rows', () => {
  const fixed: Row[] = [
    [1, 'demo-admin'],
    [2, 'demo-user'],
  ];
  const src = withFixedRows(
    fixed,
    countedRows(4, (i) => [fixed.length + i + 1, `user${i}`]),
  );
  assert.equal(src.units, 6);
  const rows = all(src);
  assert.deepEqual(
    rows.map((r) => r[0]),
    [1, 2, 3, 4, 5, 6],
  );
  assert.deepEqual(rows.slice(0, 3), [
    [1, 'demo-admin'],
    [2, 'demo-user'],
    [3, 'user0'],
  ]);
  for (let a = 0; a <= 6; a++) for (let b = a; b <= 6; b++) assert.deepEqual([...all(src, 0, a), ...all(src, a, b), ...all(src, b, 6)], rows);
  // Emitted fixed rows are copies: a consumer that mutates one cannot change the dataset.
  all(src, 0, 1)[0][1] = 'changed';
  assert.equal(all(src, 0, 1)[0][1], 'demo-admin');
});

test('timeline: strictly increasing, starts at the parent start, gaps inside their bounds, a function of the parent cell alone', () => {
  const ctx = new GenContext(3, 'tl');
  const s = ctx.stream('event', 'at');
  for (let p = 0; p < 500; p++) {
    const t = timeline(s.at(p), 1_000_000 + p, 12, [60_000, 3_600_000]);
    assert.equal(t[0], 1_000_000 + p);
    for (let k = 1; k < t.length; k++) {
      assert.ok(t[k] - t[k - 1] >= 60_000 && t[k] - t[k - 1] <= 3_600_000);
    }
    assert.deepEqual(timeline(s.at(p), 1_000_000 + p, 12, [60_000, 3_600_000]), t);
    // A longer timeline starts with the shorter one (growing a timeline keeps its events).
    assert.deepEqual(timeline(s.at(p), 1_000_000 + p, 5, [60_000, 3_600_000]), t.slice(0, 5));
  }
  const byKind = timeline(s.at(0), 0, 4, (k) => (k === 3 ? [86_400_000, 86_400_000] : [1, 1]));
  assert.deepEqual(byKind, [0, 1, 2, 86_400_002]);
  assert.throws(() => timeline(1, 0, 3, [0, 5]), /1 <= min <= max/);
});

test("timelineRows: each parent's children in time order, ranges of parents concatenate", () => {
  const ctx = new GenContext(9, 'tl');
  const s = ctx.stream('event', 'at');
  const src = timelineRows(50, { count: (p) => 1 + (p % 7), start: (p) => p * 10_000_000, cell: (p) => s.at(p), gap: [1_000, 60_000] }, (p, k, n, at) => [
    p,
    k,
    n,
    at,
  ]);
  const rows = all(src);
  assert.equal(
    rows.length,
    Array.from({ length: 50 }, (_, p) => 1 + (p % 7)).reduce((a, b) => a + b),
  );
  for (let i = 1; i < rows.length; i++) if (rows[i][0] === rows[i - 1][0]) assert.ok((rows[i][3] as number) > (rows[i - 1][3] as number));
  assert.deepEqual([...all(src, 0, 17), ...all(src, 17, 50)], rows);
});
