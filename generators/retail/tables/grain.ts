import type { ForeignKey, Row, RowSource, TableSpec } from '../../../src/core/dataset.ts';
import { unitRows } from '../../../src/core/rows.ts';
import type { Cell, RetailModel } from '../model.ts';

/**
 * The id of a (time slot × store × product) cell, the slot being a day or a
 * block of days: unique by construction, increasing in (slot, store,
 * product) order, and keyed on absolute time so that a longer date range
 * keeps every id of a shorter one.
 */
export function cellId(model: RetailModel, slot: number, store: number, product: number): number {
  return (slot * model.stores + store) * model.products + product + 1;
}

export const factForeignKeys: ForeignKey[] = [
  { columns: ['date'], table: 'calendar' },
  { columns: ['store_id'], table: 'store' },
  { columns: ['product_id'], table: 'product' },
];

export const pairForeignKeys: ForeignKey[] = factForeignKeys.slice(1);

/**
 * Rows per block of days that overlaps the date range, per pair that is
 * carried and sold at some point of the block. Blocks are aligned to absolute
 * days, so extending the range only adds blocks.
 */
export function blocksOf(model: RetailModel, blockDays: number) {
  const first = Math.floor(model.start / blockDays);
  const last = Math.floor(model.end / blockDays);
  return {
    units: last - first + 1,
    first,
    /** Visits each (block, store, product) with a row, in id order. */
    each(fromUnit: number, toUnit: number, visit: (block: number, store: number, product: number) => void) {
      for (let b = first + fromUnit; b < first + toUnit; b++) {
        const lo = b * blockDays;
        const hi = lo + blockDays - 1;
        for (let s = 0; s < model.stores; s++)
          for (let p = 0; p < model.products; p++) {
            if (!model.carried(s, p)) continue;
            const launch = model.launchDay(p) ?? -Infinity;
            const eol = model.endOfLifeDay(p) ?? Infinity;
            if (hi < launch || lo >= eol) continue;
            visit(b, s, p);
          }
      }
    },
  };
}

/** One row per active store × product × day of the model's simulation; the unit is a day. */
export function dailyRows(model: RetailModel, toRow: (c: Cell) => Row): RowSource {
  return unitRows(model.days, (from, to, emit) => model.simulate(model.start + from, model.start + to, (c) => emit(toRow(c))), model.restockAlignment);
}

/**
 * A daily fact table: the grain (id, date, store, product) with its keys,
 * foreign keys and indexes, then the table's own measures. `row` makes the
 * whole row as one array literal (a hot path: no spread, no second array).
 */
export function dailyFactTable(
  model: RetailModel,
  spec: { name: string; measures: string[]; checks: Record<string, string>; row: (c: Cell) => Row },
): TableSpec {
  return {
    name: spec.name,
    role: 'fact',
    columns: ['id bigint', 'date date', 'store_id integer', 'product_id integer', ...spec.measures],
    primaryKey: ['id'],
    unique: [['date', 'store_id', 'product_id']],
    foreignKeys: factForeignKeys,
    checks: spec.checks,
    indexes: [['store_id'], ['product_id']],
    rows: dailyRows(model, spec.row),
  };
}
