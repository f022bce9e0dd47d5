/**
 * Turns rows of one table into CSV and JSON lines. Built once per table from
 * its columns; per row it is a loop of string appends.
 */
import type { Column } from '../core/columns.ts';
import type { Row } from '../core/dataset.ts';
import { csvField, csvFieldSingleColumn } from './csv.ts';
import { jsonFormat, pgTextFormat, type Format } from './text.ts';

/** Kinds whose text never holds a comma, quote or newline: no quoting scan. */
const NEVER_QUOTED = new Set(['int', 'numeric', 'date', 'timestamptz', 'boolean', 'uuid']);

export class RowEncoder {
  readonly csvHeader: string;
  private readonly csv: Format[];
  private readonly json: Format[];
  private readonly jsonKeys: string[];
  private readonly width: number;

  constructor(readonly columns: readonly Column[]) {
    this.width = columns.length;
    this.csvHeader = columns.map((c) => csvField(c.name)).join(',') + '\n';
    const quote = columns.length === 1 ? csvFieldSingleColumn : csvField;
    this.csv = columns.map((c) => {
      const text = pgTextFormat(c);
      return NEVER_QUOTED.has(c.kind) ? text : (v) => quote(text(v));
    });
    this.json = columns.map(jsonFormat);
    this.jsonKeys = columns.map((c, i) => (i === 0 ? '{' : ',') + JSON.stringify(c.name) + ':');
  }

  /** One CSV record, newline-terminated. NULL is an empty unquoted field. */
  csvLine(row: Row): string {
    let s = '';
    for (let i = 0; i < this.width; i++) {
      const v = row[i];
      if (i > 0) s += ',';
      if (v !== null && v !== undefined) s += this.csv[i](v);
    }
    return s + '\n';
  }

  /** One JSON object (no separator). */
  jsonObject(row: Row): string {
    let s = '';
    for (let i = 0; i < this.width; i++) {
      const v = row[i];
      s += this.jsonKeys[i];
      s += v === null || v === undefined ? 'null' : this.json[i](v);
    }
    return s + '}';
  }

  /** Checks a row's shape and NOT NULL columns; used by tests and debug builds. */
  check(row: Row, table: string): void {
    if (row.length !== this.width) throw new TypeError(`table ${table}: row has ${row.length} values for ${this.width} columns`);
    this.columns.forEach((c, i) => {
      if ((row[i] === null || row[i] === undefined) && !c.nullable) throw new TypeError(`table ${table}: NULL in NOT NULL column ${c.name}`);
    });
  }
}
