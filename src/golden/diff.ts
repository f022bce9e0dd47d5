/** A readable difference between two CSV files of one table: which rows and columns changed. */
import { parsePgCsv } from '../artifact/csv-records.ts';

export interface TableDiff {
  table: string;
  summary: string;
  examples: string[];
}

export function diffCsv(table: string, key: string[], golden: string, now: string, limit = 5): TableDiff {
  const [gh, ...grows] = [...parsePgCsv(golden)];
  const [nh, ...nrows] = [...parsePgCsv(now)];
  if ((gh ?? []).join(',') !== (nh ?? []).join(',')) {
    return { table, summary: `columns changed: [${(gh ?? []).join(', ')}] → [${(nh ?? []).join(', ')}]`, examples: [] };
  }
  const header = gh as string[];
  const keyIdx = key.map((k) => header.indexOf(k)).filter((i) => i >= 0);
  const keyOf = (r: (string | null)[]) => (keyIdx.length ? keyIdx.map((i) => r[i]).join('|') : '');
  const label = (r: (string | null)[], i: number) => (keyIdx.length ? key.map((k, j) => `${k}=${r[keyIdx[j]]}`).join(' ') : `row ${i + 1}`);
  const before = new Map(grows.map((r, i) => [keyIdx.length ? keyOf(r) : String(i), r]));
  const after = new Map(nrows.map((r, i) => [keyIdx.length ? keyOf(r) : String(i), r]));
  const examples: string[] = [];
  const changedColumns = new Map<string, number>();
  let changed = 0;
  nrows.forEach((r, i) => {
    const old = before.get(keyIdx.length ? keyOf(r) : String(i));
    if (!old) return;
    const cols = header.filter((_, c) => old[c] !== r[c]);
    if (!cols.length) return;
    changed++;
    for (const c of cols) changedColumns.set(c, (changedColumns.get(c) ?? 0) + 1);
    if (examples.length < limit)
      examples.push(`${label(r, i)}: ${cols.map((c) => `${c} ${show(old[header.indexOf(c)])} → ${show(r[header.indexOf(c)])}`).join(', ')}`);
  });
  const added = nrows.filter((r, i) => !before.has(keyIdx.length ? keyOf(r) : String(i))).length;
  const removed = grows.filter((r, i) => !after.has(keyIdx.length ? keyOf(r) : String(i))).length;
  const parts = [];
  if (changed) parts.push(`${changed} row(s) changed in column(s) ${[...changedColumns.keys()].join(', ')}`);
  if (added) parts.push(`${added} row(s) added`);
  if (removed) parts.push(`${removed} row(s) removed`);
  if (!parts.length) parts.push('same values, different bytes (row order or encoding)');
  return { table, summary: parts.join('; '), examples };
}

function show(v: string | null | undefined): string {
  return v === null || v === undefined ? 'NULL' : JSON.stringify(v);
}
