/** The project's one CSV reader: the same records wherever the chunks are cut, NULL apart from '', and malformed text refused. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parsePgCsv, PgCsvReader, type CsvRecord } from '../../src/artifact/csv-records.ts';
import { RowCounter } from '../../src/artifact/read.ts';
import { ROOT } from '../helpers.ts';
import { datasets } from '../../generators/index.ts';

function streamed(text: string, cuts: number[]): CsvRecord[] {
  const out: CsvRecord[] = [];
  const reader = new PgCsvReader((r) => out.push([...r]));
  const bytes = Buffer.from(text);
  let at = 0;
  for (const c of [...cuts, bytes.length]) {
    reader.push(bytes.subarray(at, c));
    at = c;
  }
  reader.end();
  return out;
}

const TRICKY = 'id,name,note\n1,"a ""quoted"", value",\n2,"",plain\n3,"multi\nline\r\nfield","é ü 😀"\n4,,"ends with quote"""\n5,x,y';

test('every cut of a tricky text into two or three chunks gives the same records', () => {
  const expected = parsePgCsv(TRICKY);
  assert.deepEqual(expected, [
    ['id', 'name', 'note'],
    ['1', 'a "quoted", value', null],
    ['2', '', 'plain'],
    ['3', 'multi\nline\r\nfield', 'é ü 😀'],
    ['4', null, 'ends with quote"'],
    ['5', 'x', 'y'],
  ]);
  const n = Buffer.byteLength(TRICKY);
  for (let a = 0; a <= n; a++) {
    assert.deepEqual(streamed(TRICKY, [a]), expected, `cut at ${a}`);
    for (let b = a; b <= n; b += 7) assert.deepEqual(streamed(TRICKY, [a, b]), expected, `cuts at ${a}, ${b}`);
  }
});

test('a trailing newline ends the last record; an unterminated quote is an error', () => {
  assert.deepEqual(streamed('a,b\n1,2\n', [3]), [
    ['a', 'b'],
    ['1', '2'],
  ]);
  assert.throws(() => streamed('a,"open\n', [2]), /unterminated/);
});

test('a golden CSV read in 1-byte to 64 KB chunks gives its records', () => {
  const text = readFileSync(join(ROOT, 'fixtures/retail', datasets.retail.version, 'seed-42-tiny/data/product.csv'), 'utf8');
  const expected = [...parsePgCsv(text)];
  for (const size of [1, 3, 64, 65536]) {
    const cuts: number[] = [];
    for (let c = size; c < Buffer.byteLength(text); c += size) cuts.push(c);
    assert.deepEqual(streamed(text, cuts), expected, `chunks of ${size}`);
  }
});

test('text that neither forge nor Postgres writes is a SyntaxError, not a different record', () => {
  assert.throws(() => parsePgCsv('a,b"c\n'), /quote inside an unquoted/);
  assert.throws(() => parsePgCsv('a,"b"c\n'), /after a closing quote/);
  for (const cut of [4, 5, 6]) assert.throws(() => streamed('1,"b"c,d\n', [cut]), SyntaxError, `cut at ${cut}`);
  assert.deepEqual(parsePgCsv('a,"b",c\n'), [['a', 'b', 'c']]);
});

test('records read back in chunks of any size, NULL apart from the empty string', () => {
  const text = 'a,b,c\n1,,""\n2,"x, ""y""\nz",\n';
  const want = [
    ['a', 'b', 'c'],
    ['1', null, ''],
    ['2', 'x, "y"\nz', null],
  ];
  for (let size = 1; size <= text.length; size++) {
    const cuts: number[] = [];
    for (let c = size; c < text.length; c += size) cuts.push(c);
    assert.deepEqual(streamed(text, cuts), want, `chunk size ${size}`);
  }
});

test("the checksum check's row counter gives the manifest's count wherever the chunks are cut (CSV and JSON)", () => {
  const json = '[\n{"id":1,"s":"{"},\n{"id":2,"s":"a\\nb"},\n{"id":3}\n]\n';
  for (const [kind, text, rows] of [
    ['csv', TRICKY + '\n', 5],
    ['json', json, 3],
  ] as const) {
    const bytes = Buffer.from(text);
    for (let a = 0; a <= bytes.length; a++) {
      for (let b = a; b <= bytes.length; b++) {
        const counter = new RowCounter(kind);
        for (const part of [bytes.subarray(0, a), bytes.subarray(a, b), bytes.subarray(b)]) counter.update(part);
        assert.equal(counter.dataRows, rows, `${kind} cut at ${a}, ${b}`);
      }
    }
  }
});
