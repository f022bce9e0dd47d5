/**
 * Turns rows of one table into CSV and JSON bytes. Built once per table from
 * its columns: one small writer per column and format, chosen by type, each
 * appending straight into a ByteSink.
 */
import type { Column } from '../core/columns.ts';
import type { JsonValue, Row, Value } from '../core/dataset.ts';
import { isoFromDay, isoTimestamp, pgTimestamptz } from '../core/dates.ts';
import { ByteSink } from './byte-sink.ts';
import { csvField, csvFieldSingleColumn } from './csv.ts';
import { canonicalJsonb, realArrayText } from './text.ts';

/**
 * A column's writer. `inline`, when set, is code that the compiled row
 * writer pastes in place of the call (`W` names the writer, for its
 * properties): one call level less in the hottest loop, which lets V8 inline
 * the rest within its budget.
 */
type Writer = ((sink: ByteSink, v: NonNullable<Value>) => void) & { inline?: string; day?: (day: number) => Buffer };

/** A writer written once, as code: the function is compiled from the same text the row writer pastes, so the two cannot drift. */
function inlineWriter(code: string, props: Pick<Writer, 'day'> = {}): Writer {
  const fn = new Function('W', `return function inlined(sink, v) { ${code} };`)(props) as Writer;
  return Object.assign(fn, { inline: code }, props);
}

const COMMA = 44;
const NEWLINE = 10;
const QUOTE = 34;
const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');
const NULL = Buffer.from('null');
/** Characters that JSON.stringify would escape (or that need a surrogate check). */
const JSON_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** ISO dates as bytes, per epoch day: dates repeat on every row of a day. */
function dayBytes(): (day: number) => Buffer {
  const cache = new Map<number, Buffer>();
  let lastDay = NaN;
  let last: Buffer = Buffer.alloc(0);
  return (day) => {
    if (day === lastDay) return last;
    let b = cache.get(day);
    if (!b) {
      if (cache.size > 100_000) cache.clear();
      cache.set(day, (b = Buffer.from(isoFromDay(day))));
    }
    lastDay = day;
    last = b;
    return b;
  };
}

/** Numbers print the same in CSV and JSON (numerics keep their scale in both). */
function numberWriter(c: Column): Writer | undefined {
  if (c.kind === 'int') return inlineWriter('if (typeof v === "number") sink.int(v); else sink.text(String(v));');
  if (c.kind !== 'numeric') return undefined;
  const scale = c.scale ?? 0;
  if (!Number.isInteger(scale) || scale < 0) throw new TypeError(`column ${c.name}: numeric scale ${scale} is not a whole number`);
  return inlineWriter(`if (typeof v === "number") sink.fixed(v, ${scale}); else sink.text(String(v));`);
}

function csvWriter(c: Column, single: boolean): Writer {
  const quote = single ? csvFieldSingleColumn : csvField;
  switch (c.kind) {
    case 'int':
    case 'numeric':
      return numberWriter(c)!;
    case 'date': {
      return inlineWriter('if (typeof v === "number") sink.bytes(W.day(v)); else sink.text(String(v));', { day: dayBytes() });
    }
    case 'timestamptz':
      return (s, v) => s.text(typeof v === 'number' ? pgTimestamptz(v) : String(v));
    case 'boolean':
      return inlineWriter('sink.byte(v ? 116 : 102);'); // t / f
    case 'uuid':
      return (s, v) => s.text(String(v));
    case 'jsonb':
      return (s, v) => s.text(quote(canonicalJsonb(v as JsonValue)));
    case 'real_array':
      return (s, v) => s.text(quote(realArrayText(v)));
    case 'text':
      return (s, v) => s.text(quote(String(v)));
  }
}

function jsonString(s: ByteSink, v: string): void {
  if (JSON_ESCAPE.test(v)) return s.text(JSON.stringify(v));
  s.byte(QUOTE);
  s.text(v);
  s.byte(QUOTE);
}

function jsonWriter(c: Column): Writer {
  switch (c.kind) {
    case 'int':
    case 'numeric':
      // Exact decimal text as a JSON number: no float drift in the file.
      return numberWriter(c)!;
    case 'date': {
      const day = dayBytes();
      return (s, v) => {
        s.byte(QUOTE);
        if (typeof v === 'number') s.bytes(day(v));
        else s.text(String(v));
        s.byte(QUOTE);
      };
    }
    case 'timestamptz':
      return (s, v) => s.text(JSON.stringify(typeof v === 'number' ? isoTimestamp(v) : String(v)));
    case 'boolean':
      return (s, v) => s.bytes(v ? TRUE : FALSE);
    case 'jsonb':
      return (s, v) => s.text(canonicalJsonb(v as JsonValue));
    case 'real_array':
      return (s, v) => s.text(realArrayText(v, '[', ']'));
    case 'text':
    case 'uuid':
      return (s, v) => jsonString(s, String(v));
  }
}

type RowWriter = (sink: ByteSink, row: Row) => void;

/**
 * A row writer specialised to a table: one call site per column, so that V8
 * sees each column's writer alone and inlines it (a loop over an array of
 * writers is one megamorphic call that inlines nothing). `before[i]`: code
 * run before column i; `ifNull[i]`: code for a NULL in column i.
 */
function compileRowWriter(writers: Writer[], before: string[], ifNull: string[], after: string, consts: Record<string, unknown>): RowWriter {
  const names = [...writers.map((_, i) => `w${i}`), ...Object.keys(consts)];
  const call = (w: Writer, i: number) => (w.inline ? `{ ${w.inline.replaceAll('W.', `w${i}.`)} }` : `w${i}(sink, v);`);
  const body = writers
    .map((w, i) => `${before[i]} v = row[${i}]; if (v !== null && v !== undefined) ${call(w, i)}${ifNull[i] ? ` else ${ifNull[i]}` : ''}`)
    .join('\n');
  const make = new Function(...names, `return function writeRow(sink, row) {\nlet v;\n${body}\n${after}\n};`) as (...a: unknown[]) => RowWriter;
  return make(...writers, ...Object.values(consts));
}

export class RowEncoder {
  private static readonly made = new WeakMap<readonly Column[], RowEncoder>();

  /**
   * The encoder of a table's columns, made once per columns array: each
   * encoder compiles writers of its own, which V8 profiles and optimises
   * separately, so the build's budget estimate, its range sizing and its
   * writing each making one compiled every fact table's writers two or
   * three times over.
   */
  static of(columns: readonly Column[]): RowEncoder {
    let e = RowEncoder.made.get(columns);
    if (!e) RowEncoder.made.set(columns, (e = new RowEncoder(columns)));
    return e;
  }

  readonly csvHeader: string;
  private readonly scratch = new ByteSink(1 << 12);
  /** Appends one CSV record, newline-terminated. NULL is an empty unquoted field. */
  readonly writeCsv: RowWriter;
  /** Appends one JSON object (no separator). */
  readonly writeJson: RowWriter;

  constructor(readonly columns: readonly Column[]) {
    this.csvHeader = columns.map((c) => csvField(c.name)).join(',') + '\n';
    this.writeCsv = compileRowWriter(
      columns.map((c) => csvWriter(c, columns.length === 1)),
      columns.map((_, i) => (i > 0 ? `sink.byte(${COMMA});` : '')),
      columns.map(() => ''),
      `sink.byte(${NEWLINE});`,
      {},
    );
    const keys = Object.fromEntries(columns.map((c, i) => [`k${i}`, Buffer.from((i === 0 ? '{' : ',') + JSON.stringify(c.name) + ':')]));
    this.writeJson = compileRowWriter(
      columns.map(jsonWriter),
      columns.map((_, i) => `sink.bytes(k${i});`),
      columns.map(() => 'sink.bytes(NULL);'),
      'sink.byte(125);',
      { ...keys, NULL },
    );
  }

  /** One CSV record as a string (tests, small tables). */
  csvLine(row: Row): string {
    this.scratch.pos = 0;
    this.writeCsv(this.scratch, row);
    return this.scratch.toString();
  }

  /** One JSON object as a string (tests, small tables). */
  jsonObject(row: Row): string {
    this.scratch.pos = 0;
    this.writeJson(this.scratch, row);
    return this.scratch.toString();
  }
}
