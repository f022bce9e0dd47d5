/**
 * Spoiling a table's rows as they stream past, in file order. Whether row i
 * gets a defect, of which kind and where, is a pure function of (seed,
 * dataset, table, i); a duplicate copies the row before it, which the
 * sequential pass always has. At most one defect per row, and a duplicate
 * only follows a clean row, so each defect breaks exactly one rule.
 */
import type { TableEntry } from '../artifact/manifest.ts';
import { parseColumn } from '../core/columns.ts';
import { dayFromIso, isoFromDay } from '../core/dates.ts';
import { combine, draw, hashString, unit } from '../core/hash.ts';
import { DEFECT_KINDS, targetsOf, type DefectKind, type Expected, type Target } from './kinds.ts';

export type Fields = (string | null)[];

export interface Defect extends Expected {
  table: string;
  /** The row's primary key, column → text, as `forge validate` names rows. */
  key: Record<string, string | null>;
  column: string;
  kind: DefectKind;
}

/** Range of the values of referenced key columns, learnt from the parents as they pass (parents come first). */
export class ParentKeys {
  private readonly ranges = new Map<string, { min: number; max: number; text: boolean }>();
  private readonly watched = new Map<string, number[]>();

  constructor(tables: TableEntry[]) {
    for (const t of tables)
      for (const fk of t.foreignKeys) {
        if (fk.references.length !== 1) continue;
        const parent = tables.find((p) => p.name === fk.table);
        const i = parent?.columns.findIndex((c) => c.name === fk.references[0]) ?? -1;
        if (i < 0) continue;
        const list = this.watched.get(fk.table) ?? [];
        if (!list.includes(i)) list.push(i);
        this.watched.set(fk.table, list);
      }
  }

  columnsOf(table: string): number[] {
    return this.watched.get(table) ?? [];
  }

  see(table: string, column: string, text: string | null, kind: string): void {
    if (text === null) return;
    const v = kind === 'date' ? dayFromIso(text) : kind === 'int' ? Number(text) : NaN;
    const k = `${table}.${column}`;
    const r = this.ranges.get(k) ?? { min: Infinity, max: -Infinity, text: Number.isNaN(v) };
    if (!Number.isNaN(v)) {
      r.min = Math.min(r.min, v);
      r.max = Math.max(r.max, v);
    }
    this.ranges.set(k, r);
  }

  range(table: string, column: string) {
    return this.ranges.get(`${table}.${column}`);
  }
}

export class TableSpoiler {
  private readonly targets: Map<DefectKind, Target[]>;
  private readonly key: number;
  private readonly pk: number[];
  private readonly kinds: string[];
  private readonly watch: number[];
  private prev: Fields | undefined;
  private prevClean = false;
  private i = 0;

  constructor(
    private readonly t: TableEntry,
    tables: TableEntry[],
    seed: number,
    dataset: string,
    private readonly rates: Record<DefectKind, number>,
    private readonly parents: ParentKeys,
    private readonly defects: Defect[],
  ) {
    this.targets = targetsOf(t, tables);
    this.key = hashString(`dirty|${seed}|${dataset}|${t.name}`);
    this.pk = t.primaryKey.map((n) => t.columns.findIndex((c) => c.name === n));
    this.kinds = t.columns.map((c) => parseColumn(`${c.name} ${c.type}`).kind);
    this.watch = parents.columnsOf(t.name);
  }

  /** The row as the dirty artifact holds it (the same array, changed in place). */
  row(f: Fields): Fields {
    const h = combine(this.key, this.i++);
    for (const c of this.watch) this.parents.see(this.t.name, this.t.columns[c].name, f[c], this.kinds[c]);
    let spoiled = false;
    for (let k = 0; k < DEFECT_KINDS.length && !spoiled; k++) {
      const kind = DEFECT_KINDS[k];
      const list = this.targets.get(kind)!;
      if (!list.length || unit(draw(h, k)) >= this.rates[kind]) continue;
      const target = list[draw(h, 20 + k) % list.length];
      const key = Object.fromEntries(this.pk.map((c) => [this.t.columns[c].name, f[c]]));
      if (this.apply(target, f, draw(h, 40 + k))) {
        this.defects.push({ table: this.t.name, key, column: target.column, kind, check: target.expected.check, violation: target.expected.violation });
        spoiled = true;
      }
    }
    this.prevClean = !spoiled;
    this.prev = f.slice();
    return f;
  }

  /** Writes the defect into the row; false when this row cannot take it (the next kind may). */
  private apply(target: Target, f: Fields, r: number): boolean {
    const [c] = target.writes;
    const v = f[c];
    switch (target.kind) {
      case 'null_required':
        if (v === null) return false;
        f[c] = null;
        return true;
      case 'duplicate_key': {
        const prev = this.prev;
        if (!prev || !this.prevClean || target.writes.some((w) => prev[w] === null) || target.writes.every((w) => prev[w] === f[w])) return false;
        for (const w of target.writes) f[w] = prev[w];
        return true;
      }
      case 'negative_quantity':
        if (v === null || !/^\d+$/.test(v)) return false;
        f[c] = '-' + (v === '0' ? String(1 + (r % 9)) : v);
        return true;
      case 'date_out_of_range': {
        if (v === null) return false;
        if (target.other !== undefined) {
          const start = f[target.other];
          if (start === null) return false;
          f[c] = isoFromDay(dayFromIso(start) - 1 - (r % 30));
          return true;
        }
        const range = this.parents.range(target.parent!.table, target.parent!.column);
        if (!range || !Number.isFinite(range.min)) return false;
        // Before the first referenced date by as many days as this one is after it (mod 10 years):
        // rows of one series never land on the same day, so no duplicate key arises by chance.
        f[c] = isoFromDay(range.min - 1 - ((((dayFromIso(v) - range.min) % 3650) + 3650) % 3650));
        return true;
      }
      case 'orphan_reference': {
        if (v === null) return false;
        const range = this.parents.range(target.parent!.table, target.parent!.column);
        if (!range) return false;
        // Past the largest parent key by the row's index: distinct per row, so never a duplicate key by chance.
        f[c] = range.text ? `orphan-${this.i}-${r.toString(16)}` : String((Number.isFinite(range.max) ? range.max : 0) + this.i);
        return true;
      }
      case 'malformed_code': {
        if (v === null) return false;
        const max = Number(/\((\d+)\)/.exec(this.t.columns[c].type)![1]);
        const bad = ` ${v.toLowerCase().replace(/-/g, '_')}!?`;
        f[c] = bad.length > max ? bad : bad.padEnd(max + 1, '?');
        return true;
      }
      case 'wrong_price_scale': {
        if (v === null || !/^\d+\.\d\d$/.test(v)) return false;
        const cents = Number(v.replace('.', ''));
        f[c] = `${Math.floor(cents / 10000)}.${String(cents % 10000).padStart(4, '0')}`;
        return true;
      }
      case 'control_characters': {
        if (v === null || v === '') return false;
        const at = r % (v.length + 1);
        f[c] = v.slice(0, at) + '\u0007' + v.slice(at) + '\u001b';
        return true;
      }
    }
  }
}
