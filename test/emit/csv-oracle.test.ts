/**
 * The hand-written CSV encoder against csv-stringify as an oracle, on random
 * rows full of the characters that need quoting. csv-stringify is told
 * Postgres' conventions through `quoted_match`: '' is quoted (so that it
 * differs from NULL, an empty unquoted field; its `quoted_empty` would quote
 * NULL too) and so is any field with a CR (which Postgres' reader would
 * take for a line end); records end in \n.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stringify } from 'csv-stringify/sync';
import { parseColumn } from '../../src/core/columns.ts';
import { draw, mix32 } from '../../src/core/hash.ts';
import { intIn, pick } from '../../src/core/random.ts';
import { RowEncoder } from '../../src/emit/row-encoder.ts';

const ALPHABET = ['a', 'b', 'Z', '0', ' ', ',', '"', '\n', '\r', '\t', '\\', '.', 'N', "'", 'é', '東', '🚀', ';', '|'];

function randomText(h: number): string | null {
  if (intIn(draw(h, 0), 0, 9) === 0) return null;
  const len = intIn(draw(h, 1), 0, 8);
  let s = '';
  for (let i = 0; i < len; i++) s += pick(draw(h, 2 + i), ALPHABET);
  return s;
}

test('CSV encoder equals csv-stringify on 20,000 random rows with special characters', () => {
  const columns = ['a text null', 'b text null', 'c text null', 'd varchar(20) null'].map(parseColumn);
  const encoder = new RowEncoder(columns);
  const rows: (string | null)[][] = [];
  for (let i = 0; i < 20_000; i++) rows.push(columns.map((_, j) => randomText(mix32(i * 16 + j + 1))));
  const ours = rows.map((r) => encoder.csvLine(r)).join('');
  const oracle = stringify(rows, { record_delimiter: '\n', eof: true, quoted_match: [/^$/, /\r/] });
  assert.equal(ours, oracle);
  assert.ok(
    rows.flat().some((v) => v === ''),
    'the sample holds empty strings',
  );
  assert.ok(
    rows.flat().some((v) => v === null),
    'the sample holds NULLs',
  );
});

test('header row is quoted like any field', () => {
  const enc = new RowEncoder(['id integer', 'name text'].map(parseColumn));
  assert.equal(enc.csvHeader, 'id,name\n');
});

test('typed values print as Postgres prints them', () => {
  const enc = new RowEncoder(['n integer', 'x numeric(10,2)', 'd date', 't timestamptz', 'b boolean', 'j jsonb null'].map(parseColumn));
  assert.equal(
    enc.csvLine([7, 12.9, 19723, Date.UTC(2024, 0, 2, 3, 4, 5, 120), true, { b: [1, 'x'], a: null, aa: { z: 1 } }]),
    '7,12.90,2024-01-01,2024-01-02 03:04:05.12+00,t,"{""a"": null, ""b"": [1, ""x""], ""aa"": {""z"": 1}}"\n',
  );
  assert.equal(enc.csvLine([0, 0, '2024-02-29', Date.UTC(2024, 0, 2), false, null]), '0,0.00,2024-02-29,2024-01-02 00:00:00+00,f,\n');
});

test('JSON objects carry the same values with JSON types', () => {
  const enc = new RowEncoder(['n integer', 'x numeric(10,2)', 'd date', 't timestamptz', 'b boolean', 's text null', 'j jsonb'].map(parseColumn));
  const obj = JSON.parse(enc.jsonObject([7, 12.9, 19723, Date.UTC(2024, 0, 2, 3, 4, 5, 120), false, null, { k: 'v' }]));
  assert.deepEqual(obj, { n: 7, x: 12.9, d: '2024-01-01', t: '2024-01-02T03:04:05.120Z', b: false, s: null, j: { k: 'v' } });
  assert.match(enc.jsonObject([1, 3, 0, 0, true, 'a', {}]), /"x":3\.00,/, 'numerics keep their scale in JSON text');
});

test('a lone \\. in a one-column table is quoted so it cannot end a COPY', () => {
  const enc = new RowEncoder([parseColumn('s text')]);
  assert.equal(enc.csvLine(['\\.']), '"\\."\n');
});
