/**
 * Postgres CSV read as a stream of records, chunk by chunk: memory holds one
 * chunk and one unfinished record, whatever the file's size. An unquoted
 * empty field is NULL, a quoted one is ''. Fields may hold quoted newlines.
 * The record array is reused between calls: callers copy what they keep.
 * The one CSV reader of the project: artifacts, COPY TO output, goldens and
 * forge validate all read through it. Text that neither forge nor Postgres
 * writes (a quote inside an unquoted field, text after a closing quote) is a
 * SyntaxError, never a silently different record.
 */
import { StringDecoder } from 'node:string_decoder';

export type CsvRecord = (string | null)[];

const QUOTE = 34;
const COMMA = 44;
const LF = 10;

export class PgCsvReader {
  private carry = '';
  private readonly decoder = new StringDecoder('utf8');
  private readonly record: CsvRecord = [];
  /** Records seen so far (the header included). */
  records = 0;

  constructor(private readonly onRecord: (r: CsvRecord) => void) {}

  push(chunk: Buffer): void {
    this.parse(this.decoder.write(chunk), false);
  }

  end(): void {
    this.parse(this.decoder.end(), true);
  }

  /** Parses every complete record of carry + text; an incomplete tail waits for the next chunk. */
  private parse(chunk: string, final: boolean): void {
    const text = this.carry.length ? this.carry + chunk : chunk;
    const n = text.length;
    const rec = this.record;
    let i = 0;
    let start = 0;
    let incomplete = false;
    this.carry = '';
    records: while (i < n) {
      start = i;
      rec.length = 0;
      for (;;) {
        if (text.charCodeAt(i) === QUOTE) {
          let value = '';
          let j = i + 1;
          for (;;) {
            const q = text.indexOf('"', j);
            // Not closed yet, or a quote at the very end that may be the first of a doubled pair.
            if (q < 0 || (q + 1 >= n && !final)) {
              if (final) throw new SyntaxError('unterminated quoted CSV field');
              incomplete = true;
              break records;
            }
            value += text.slice(j, q);
            if (text.charCodeAt(q + 1) === QUOTE) {
              value += '"';
              j = q + 2;
            } else {
              i = q + 1;
              const next = text.charCodeAt(i);
              if (i < n && next !== COMMA && next !== LF) throw new SyntaxError('text after a closing quote in a CSV field');
              break;
            }
          }
          rec.push(value);
        } else {
          let j = i;
          while (j < n) {
            const c = text.charCodeAt(j);
            if (c === COMMA || c === LF) break;
            if (c === QUOTE) throw new SyntaxError('a quote inside an unquoted CSV field');
            j++;
          }
          if (j >= n && !final) {
            incomplete = true;
            break records;
          }
          rec.push(j === i ? null : text.slice(i, j));
          i = j;
        }
        if (i >= n) {
          // Only reachable when final: a non-final scan that hits the end breaks out above.
          this.emit();
          return;
        }
        if (text.charCodeAt(i) === COMMA) {
          i++;
          continue;
        }
        i++; // the record's newline
        this.emit();
        continue records;
      }
    }
    if (incomplete) this.carry = text.slice(start);
  }

  private emit(): void {
    this.records++;
    this.onRecord(this.record);
  }
}

/** Feeds a byte stream (a file, a COPY TO) through a reader; resolves when the stream ends. */
export async function readCsvStream(source: AsyncIterable<Buffer | string>, onRecord: (r: CsvRecord) => void): Promise<number> {
  const reader = new PgCsvReader(onRecord);
  for await (const chunk of source) reader.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  reader.end();
  return reader.records;
}

/** Every record of a whole text (small texts: goldens, tests), each its own array. */
export function parsePgCsv(text: string): CsvRecord[] {
  const out: CsvRecord[] = [];
  const reader = new PgCsvReader((r) => out.push([...r]));
  reader.push(Buffer.from(text));
  reader.end();
  return out;
}
