/**
 * A test dataset with one column of every supported type and the values
 * that break naive encoders: NULL next to '', quotes, commas, newlines,
 * tabs, backslashes, non-ASCII, nested JSON, fractional timestamps.
 */
import { defineDataset, type Row } from '../../src/core/dataset.ts';
import { countedRows, fixedRows } from '../../src/core/rows.ts';
import { intIn, pick, uuid } from '../../src/core/random.ts';
import { draw } from '../../src/core/hash.ts';

export const NASTY_TEXT = [
  '',
  ' ',
  'plain',
  'a,b',
  'say "hi"',
  '"',
  '""',
  'line1\nline2',
  'cr\r\nlf',
  'tab\there',
  'back\\slash',
  '\\N',
  '\\.',
  'NULL',
  'naïve café – 東京 🚀',
  "O'Brien",
  ',',
  '  padded  ',
];

const rowsFixed: Row[] = NASTY_TEXT.map((s, i) => [
  i + 1,
  s,
  i % 3 === 0 ? null : s,
  (i * 1234567) / 100 - 50,
  19_700 + i,
  Date.UTC(2024, 0, 1, 12, 30, 15, i * 37),
  i % 2 === 0,
  `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  { s, n: i, nested: { list: [1, 'two', null, true], 'long key': 0.5 }, a: [] },
  i % 4 === 0 ? null : i * 1_000_000_007,
]);

export const typesDataset = defineDataset<{ n: number }>({
  name: 'types',
  version: '1.0.0',
  description: 'every column type, nasty values',
  profiles: { tiny: { n: 50 } },
  defaultProfile: 'tiny',
  tables: (ctx, params) => {
    const word = ctx.stream('generated', 'word');
    const id = ctx.stream('generated', 'uuid');
    return [
      {
        name: 'typed',
        role: 'dimension',
        columns: [
          'id integer',
          'body text',
          'maybe text null',
          'amount numeric(12,2)',
          'day date',
          'at timestamptz',
          'flag boolean',
          'uid uuid',
          'doc jsonb',
          'big bigint null',
        ],
        primaryKey: ['id'],
        rows: fixedRows(rowsFixed),
      },
      {
        name: 'generated',
        role: 'fact',
        columns: ['id integer', 'typed_id integer', 'word text', 'uid uuid', 'at timestamptz'],
        primaryKey: ['id'],
        unique: [['uid']],
        foreignKeys: [{ columns: ['typed_id'], table: 'typed' }],
        rows: countedRows(params.n, (i) => [
          i + 1,
          intIn(word.at(i), 1, NASTY_TEXT.length),
          pick(draw(word.at(i), 1), NASTY_TEXT) + ctx.faker.at(word.at(i)).word.noun(),
          uuid(id.at(i)),
          Date.UTC(2024, 5, 1) + intIn(draw(id.at(i), 9), 0, 86_400_000 * 30),
        ]),
      },
    ];
  },
});
