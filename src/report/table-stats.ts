/**
 * A summary of any table, built while its rows stream past in bounded
 * memory: per column the NULLs, the values that do not read as the column's
 * type, the range, the mean of numbers, the distinct values (counted up to a
 * cap) and, for the table's first date column, rows per month.
 */
import { parseColumn, type ColumnKind } from '../core/columns.ts';
import type { CsvRecord } from '../artifact/csv-records.ts';
import type { SourceColumn, SourceTable } from './source.ts';

export const DISTINCT_CAP = 1000;
const DATE = /^\d{4}-\d\d-\d\d/;
const NUMBER = /^-?\d+(\.\d+)?$/;

export interface ColumnStats {
  name: string;
  type: string;
  kind: ColumnKind;
  nulls: number;
  /** Values that are not of the column's type (possible in dirty artifacts and hand-edited databases). */
  invalid: number;
  min?: string;
  max?: string;
  mean?: number;
  /** Distinct values, exact up to DISTINCT_CAP; `distinctCapped` says when there were more. */
  distinct: number;
  distinctCapped: boolean;
  trues?: number;
}

export interface TableStats {
  name: string;
  role?: string;
  rows: number;
  expectedRows?: number;
  columns: ColumnStats[];
  /** Rows per month (YYYY-MM) of the first date column, when the table has one. */
  byMonth?: { column: string; counts: Map<string, number> };
}

function kindOf(c: SourceColumn): ColumnKind {
  try {
    return parseColumn(`${c.name} ${c.type}`).kind;
  } catch {
    return 'text'; // a type forge does not declare (a database changed by hand): summarised as text
  }
}

class ColumnAcc {
  nulls = 0;
  invalid = 0;
  min?: string;
  max?: string;
  minNum = Infinity;
  maxNum = -Infinity;
  sum = 0;
  numbers = 0;
  trues = 0;
  readonly seen = new Set<string>();
  capped = false;
  constructor(
    readonly col: SourceColumn,
    readonly kind: ColumnKind,
  ) {}

  add(v: string | null): void {
    if (v === null) {
      this.nulls++;
      return;
    }
    if (!this.capped && !this.seen.has(v)) {
      if (this.seen.size >= DISTINCT_CAP) this.capped = true;
      else this.seen.add(v);
    }
    switch (this.kind) {
      case 'int':
      case 'numeric': {
        if (!NUMBER.test(v)) {
          this.invalid++;
          return;
        }
        const x = Number(v);
        this.sum += x;
        this.numbers++;
        if (x < this.minNum) this.minNum = x;
        if (x > this.maxNum) this.maxNum = x;
        return;
      }
      case 'boolean':
        if (v === 't') this.trues++;
        else if (v !== 'f') this.invalid++;
        return;
      case 'date':
      case 'timestamptz':
        if (!DATE.test(v)) {
          this.invalid++;
          return;
        }
        break;
    }
    // Text: the range is by length, kept as the shortest and longest lengths.
    const key = this.kind === 'text' || this.kind === 'jsonb' ? String(v.length).padStart(12, '0') : v;
    if (this.min === undefined || key < this.min) this.min = key;
    if (this.max === undefined || key > this.max) this.max = key;
  }

  result(): ColumnStats {
    const numeric = this.kind === 'int' || this.kind === 'numeric';
    const textual = this.kind === 'text' || this.kind === 'jsonb';
    const len = (k?: string) => (k === undefined ? undefined : `${Number(k)} chars`);
    return {
      name: this.col.name,
      type: this.col.type,
      kind: this.kind,
      nulls: this.nulls,
      invalid: this.invalid,
      min: numeric ? (this.numbers ? String(this.minNum) : undefined) : textual ? len(this.min) : this.min,
      max: numeric ? (this.numbers ? String(this.maxNum) : undefined) : textual ? len(this.max) : this.max,
      mean: numeric && this.numbers ? this.sum / this.numbers : undefined,
      distinct: this.seen.size,
      distinctCapped: this.capped,
      trues: this.kind === 'boolean' ? this.trues : undefined,
    };
  }
}

export class TableStatsAcc {
  private readonly cols: ColumnAcc[];
  private readonly dateIndex: number;
  private readonly months = new Map<string, number>();
  rows = 0;

  constructor(private readonly table: SourceTable) {
    this.cols = table.columns.map((c) => new ColumnAcc(c, kindOf(c)));
    this.dateIndex = this.cols.findIndex((c) => c.kind === 'date' || c.kind === 'timestamptz');
  }

  add(r: CsvRecord): void {
    this.rows++;
    const cols = this.cols;
    for (let i = 0; i < cols.length; i++) cols[i].add(r[i] ?? null);
    if (this.dateIndex >= 0) {
      const v = r[this.dateIndex];
      if (v && DATE.test(v)) {
        const month = v.slice(0, 7);
        this.months.set(month, (this.months.get(month) ?? 0) + 1);
      }
    }
  }

  result(): TableStats {
    return {
      name: this.table.name,
      role: this.table.role,
      rows: this.rows,
      expectedRows: this.table.expectedRows,
      columns: this.cols.map((c) => c.result()),
      byMonth: this.dateIndex >= 0 ? { column: this.cols[this.dateIndex].col.name, counts: this.months } : undefined,
    };
  }
}
