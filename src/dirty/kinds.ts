/**
 * The kinds of invalid records a dirty artifact holds, and where each can be
 * put in a table: found from the manifest's own rules (NOT NULL, keys,
 * checks, foreign keys, types), so any dataset gets them. Each defect breaks
 * exactly one rule, named as `forge validate` names it (check, violation
 * kind, column), so a validator can be scored against the list.
 */
import { parseColumn, type ColumnKind } from '../core/columns.ts';
import type { TableEntry } from '../artifact/manifest.ts';

export const DEFECT_KINDS = [
  'null_required',
  'duplicate_key',
  'negative_quantity',
  'date_out_of_range',
  'orphan_reference',
  'malformed_code',
  'wrong_price_scale',
  'control_characters',
] as const;
export type DefectKind = (typeof DEFECT_KINDS)[number];

export const DEFAULT_RATE = 0.01;

export const KIND_DOCS: Record<DefectKind, string> = {
  null_required: 'NULL in a NOT NULL column that is no key, reference or tenant',
  duplicate_key: 'a unique key (not the primary key) copied from the row before: the later row is the duplicate',
  negative_quantity: 'a negative value in an integer column whose check says >= 0',
  date_out_of_range: 'a date before every date of the table it references (the calendar), or an end date before its start date',
  orphan_reference: 'a reference to a parent row that does not exist',
  malformed_code: 'a code or SKU in lower case with stray characters, longer than its varchar(n)',
  wrong_price_scale: 'a price written in hundreds with four decimals (5.99 as 0.0599): more decimals than numeric(p,2)',
  control_characters: 'text with control characters (BEL, ESC) inserted',
};

/** What `forge validate` reports for a defect: its check and violation kind. */
export interface Expected {
  check: 'not_null' | 'unique' | 'check' | 'foreign_key' | 'types';
  violation: 'null' | 'duplicate_key' | 'check_failed' | 'orphan' | 'bad_value';
}

/** One way to spoil a row: which columns change, and how validate sees it. */
export interface Target {
  kind: DefectKind;
  /** The column(s) validate names: one column, or a key's or a check's columns joined by commas. */
  column: string;
  expected: Expected;
  /** Column indexes this defect writes. */
  writes: number[];
  /** Extra facts the rewrite needs (the check's other column, the parent table). */
  other?: number;
  parent?: { table: string; column: string };
}

const CODE_NAME = /(^|_)(code|sku)$/;
const PRICE_NAME = /(^|_)price$/;

/** Columns a check mentions, in table order (as validate lists them). */
export function checkColumns(t: TableEntry, sql: string): string[] {
  return t.columns.map((c) => c.name).filter((c) => new RegExp(`(^|[^A-Za-z0-9_"])"?${c}"?($|[^A-Za-z0-9_"])`).test(sql));
}

/** Every place each kind can go in a table. */
export function targetsOf(t: TableEntry, tables: TableEntry[]): Map<DefectKind, Target[]> {
  const idx = new Map(t.columns.map((c, i) => [c.name, i]));
  const kinds = t.columns.map((c) => parseColumn(`${c.name} ${c.type}`).kind as ColumnKind);
  const keyCols = new Set([...t.primaryKey, ...t.unique.flat()]);
  const fkCols = new Set(t.foreignKeys.flatMap((f) => f.columns));
  const inChecks = new Set(Object.values(t.checks).flatMap((sql) => checkColumns(t, sql)));
  const plain = (name: string) => !keyCols.has(name) && !fkCols.has(name) && name !== t.tenantColumn;
  const out = new Map<DefectKind, Target[]>(DEFECT_KINDS.map((k) => [k, []]));
  const add = (target: Target) => out.get(target.kind)!.push(target);

  t.columns.forEach((c, i) => {
    if (!c.nullable && plain(c.name)) add({ kind: 'null_required', column: c.name, expected: { check: 'not_null', violation: 'null' }, writes: [i] });
    if (
      kinds[i] === 'text' &&
      /^varchar\(\d+\)$/.test(c.type) &&
      CODE_NAME.test(c.name) &&
      !fkCols.has(c.name) &&
      c.name !== t.tenantColumn &&
      !t.primaryKey.includes(c.name)
    ) {
      add({ kind: 'malformed_code', column: c.name, expected: { check: 'types', violation: 'bad_value' }, writes: [i] });
    }
    if (kinds[i] === 'numeric' && /,2\)$/.test(c.type) && PRICE_NAME.test(c.name) && plain(c.name))
      add({ kind: 'wrong_price_scale', column: c.name, expected: { check: 'types', violation: 'bad_value' }, writes: [i] });
    if (c.type === 'text' && plain(c.name) && !inChecks.has(c.name))
      add({ kind: 'control_characters', column: c.name, expected: { check: 'types', violation: 'bad_value' }, writes: [i] });
  });
  for (const u of t.unique)
    add({ kind: 'duplicate_key', column: u.join(','), expected: { check: 'unique', violation: 'duplicate_key' }, writes: u.map((n) => idx.get(n)!) });
  for (const sql of Object.values(t.checks)) {
    const nonNeg = /^\s*"?([a-z_][a-z0-9_]*)"?\s*>=\s*0\s*$/.exec(sql);
    if (nonNeg && kinds[idx.get(nonNeg[1])!] === 'int' && plain(nonNeg[1])) {
      add({ kind: 'negative_quantity', column: nonNeg[1], expected: { check: 'check', violation: 'check_failed' }, writes: [idx.get(nonNeg[1])!] });
    }
    // end >= start between two date columns: an end before its start.
    const order = /^\s*"?([a-z_][a-z0-9_]*)"?\s*>=\s*"?([a-z_][a-z0-9_]*)"?\s*$/.exec(sql);
    if (order && kinds[idx.get(order[1]) ?? -1] === 'date' && kinds[idx.get(order[2]) ?? -1] === 'date' && plain(order[1])) {
      add({
        kind: 'date_out_of_range',
        column: checkColumns(t, sql).join(','),
        expected: { check: 'check', violation: 'check_failed' },
        writes: [idx.get(order[1])!],
        other: idx.get(order[2])!,
      });
    }
  }
  for (const fk of t.foreignKeys) {
    // A reference that is also the row's primary key (sales_anomaly.sales_id) is left alone: the defect
    // list names rows by their primary key, which must stay what it was.
    if (fk.columns.length !== 1 || !tables.some((p) => p.name === fk.table) || fk.columns[0] === t.tenantColumn || t.primaryKey.includes(fk.columns[0]))
      continue;
    const i = idx.get(fk.columns[0])!;
    const parent = { table: fk.table, column: fk.references[0] };
    // A reference that is a date is a date out of the referenced range; any other is an orphan.
    if (kinds[i] === 'date')
      add({ kind: 'date_out_of_range', column: fk.columns[0], expected: { check: 'foreign_key', violation: 'orphan' }, writes: [i], parent });
    else if (kinds[i] === 'int' || kinds[i] === 'text')
      add({ kind: 'orphan_reference', column: fk.columns[0], expected: { check: 'foreign_key', violation: 'orphan' }, writes: [i], parent });
  }
  return out;
}
