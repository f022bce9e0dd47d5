/**
 * Append- and column-stability: growing a table or a date range, or adding a
 * column or a table, leaves every value that existed before unchanged.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { build } from '../../src/artifact/build.ts';
import { defineDataset, type TableSpec } from '../../src/core/dataset.ts';
import type { GenContext } from '../../src/core/context.ts';
import { intIn } from '../../src/core/random.ts';
import { countedRows } from '../../src/core/rows.ts';
import { datasets } from '../../generators/index.ts';
import { readCsv, tempDir } from '../helpers.ts';

let out: string;
before(() => {
  out = tempDir();
});

const retail = datasets.retail;
const buildRetail = (name: string, overrides: Record<string, string | number>) =>
  build({ dataset: retail, seed: 7, profile: 'tiny', overrides, outRoot: join(out, name), formats: { csv: true, json: false, dump: false } });

const lines = (dir: string, table: string) =>
  readFileSync(join(dir, 'data', `${table}.csv`), 'utf8')
    .split('\n')
    .filter(Boolean);

test('a counted table built with n rows and with n+k rows agrees on the first n', async () => {
  const small = await buildRetail('n', { products: 12, stores: 3 });
  const big = await buildRetail('nk', { products: 30, stores: 8 });
  for (const table of ['product', 'store']) {
    const a = lines(small.dir, table);
    const b = lines(big.dir, table);
    assert.ok(b.length > a.length, table);
    assert.deepEqual(b.slice(0, a.length), a, table);
  }
});

test('fact tables built over a date range and over a longer one agree on the shared days', async () => {
  const jan = await buildRetail('jan', { endDate: '2024-01-31' });
  const janFeb = await buildRetail('janfeb', { endDate: '2024-02-29' });
  for (const table of ['calendar', 'sales_daily', 'inventory_snapshot_daily']) {
    const a = lines(jan.dir, table);
    const b = lines(janFeb.dir, table);
    assert.ok(b.length > a.length, table);
    // Rows are in date order, so the shorter build is a prefix of the longer one.
    assert.deepEqual(b.slice(0, a.length), a, table);
    const dateCol = a[0].split(',').indexOf('date');
    assert.ok(
      b.slice(a.length).every((l) => l.split(',')[dateCol] > '2024-01-31'),
      `${table}: only later days are added`,
    );
  }
  for (const table of ['price_history', 'promotion']) {
    const a = new Set(lines(jan.dir, table));
    const b = new Set(lines(janFeb.dir, table));
    for (const row of a) assert.ok(b.has(row), `${table}: ${row} kept`);
  }
  const stock = readCsv(join(janFeb.dir, 'data/inventory_snapshot_daily.csv'));
  assert.ok(
    stock.rows.some((r) => r[6] === 't'),
    'stockouts happen',
  );
});

test('sales never exceed stock and a stockout shows in both tables', async () => {
  const { dir } = await buildRetail('stock', { endDate: '2024-02-29' });
  const sales = readCsv(join(dir, 'data/sales_daily.csv')).rows;
  const stock = readCsv(join(dir, 'data/inventory_snapshot_daily.csv')).rows;
  assert.equal(sales.length, stock.length);
  sales.forEach((s, i) => {
    const inv = stock[i];
    assert.equal(s[0], inv[0], 'same cell, same id');
    assert.ok(Number(s[4]) >= 0 && Number(inv[4]) >= 0);
    assert.equal(Number(s[6]), Math.round(Number(s[4]) * Number(s[5]) * 100) / 100, 'total = quantity × unit price');
    if (inv[6] === 't') assert.equal(inv[4], '0', 'a stockout empties the shelf');
  });
});

/** A dataset whose table `t` may gain a column, and which may gain a table. */
function variant(extraColumn: boolean, extraTable: boolean) {
  return defineDataset<{ n: number }>({
    name: 'columns',
    version: '1',
    description: 'column stability',
    profiles: { tiny: { n: 200 } },
    defaultProfile: 'tiny',
    tables: (ctx: GenContext, p) => {
      const a = ctx.stream('t', 'a');
      const x = ctx.stream('t', 'x');
      const b = ctx.stream('t', 'b');
      const name = ctx.stream('t', 'name');
      const tables: TableSpec[] = [];
      if (extraTable)
        tables.push({
          name: 'first',
          role: 'dimension',
          columns: ['id integer', 'v integer'],
          primaryKey: ['id'],
          rows: countedRows(5, (i) => [i, intIn(ctx.stream('first', 'v').at(i), 0, 9)]),
        });
      tables.push({
        name: 't',
        role: 'fact',
        columns: extraColumn ? ['id integer', 'a integer', 'x integer', 'b integer', 'name text'] : ['id integer', 'a integer', 'b integer', 'name text'],
        primaryKey: ['id'],
        rows: countedRows(p.n, (i) => {
          const row = [i, intIn(a.at(i), 0, 1e6), intIn(b.at(i), 0, 1e6), ctx.faker.at(name.at(i)).person.lastName()];
          if (extraColumn) row.splice(2, 0, intIn(x.at(i), 0, 1e6));
          return row;
        }),
      });
      return tables;
    },
  });
}

test('adding a column or a table leaves the other columns unchanged', async () => {
  const base = await build({ dataset: variant(false, false), seed: 3, profile: 'tiny', outRoot: join(out, 'c0') });
  const more = await build({ dataset: variant(true, true), seed: 3, profile: 'tiny', outRoot: join(out, 'c1') });
  const a = readCsv(join(base.dir, 'data/t.csv'));
  const b = readCsv(join(more.dir, 'data/t.csv'));
  assert.deepEqual(b.header, ['id', 'a', 'x', 'b', 'name']);
  const pick = (rows: (string | null)[][], cols: number[]) => rows.map((r) => cols.map((c) => r[c]));
  assert.deepEqual(pick(b.rows, [0, 1, 3, 4]), pick(a.rows, [0, 1, 2, 3]));
  assert.notDeepEqual(pick(b.rows, [2]), pick(b.rows, [1]), 'the new column has values of its own');
});
