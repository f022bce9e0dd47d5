/**
 * The relaxed tables a dirty artifact loads into: the same columns, every
 * one nullable, numeric without precision, varchar as text, no keys, checks
 * or foreign keys, so that every injected defect fits as written. Built from
 * a manifest's columns, each read through the closed list of column types
 * (parseColumn): a manifest is data, never SQL.
 */
import type { TableEntry } from '../artifact/manifest.ts';
import { parseColumn } from '../core/columns.ts';
import { ident } from '../emit/sql.ts';

export function relaxType(type: string): string {
  return type.replace(/^numeric\(\d+,\d+\)$/, 'numeric').replace(/^varchar\(\d+\)$/, 'text');
}

/** CREATE TABLE of one relaxed table; throws (TypeError) on a column name or type outside the closed list. */
export function relaxedCreateTable(t: TableEntry): string {
  const cols = t.columns.map((c) => {
    const col = parseColumn(`${c.name} ${c.type}`);
    return `  ${ident(col.name)} ${relaxType(col.type)}`;
  });
  return `CREATE TABLE ${ident(t.name)} (\n${cols.join(',\n')}\n);\n`;
}
