import type { Row, RowSource } from '../../../src/core/dataset.ts';
import { unitRows } from '../../../src/core/rows.ts';
import { col, defineTable, type AnyColumn, type TableDef } from '../../../src/core/table.ts';
import type { Cell, RetailModel } from '../model.ts';
import { calendar } from './calendar.ts';
import { product } from './product.ts';
import { store } from './store.ts';

/**
 * The id of a (time slot × store × product) cell, the slot being a day or a
 * block of days: unique by construction, increasing in (slot, store,
 * product) order, and keyed on absolute time so that a longer date range
 * keeps every id of a shorter one.
 */
export function cellId(model: RetailModel, slot: number, store: number, product: number): number {
  return (slot * model.stores + store) * model.products + product + 1;
}

/** A row of a pair of a store and a product, identified by cellId. */
export const pairColumns = [col.bigint('id').primaryKey(), col.integer('store_id').references(store), col.integer('product_id').references(product)] as const;

/**
 * Rows per block of days that overlaps the date range, per pair that is
 * carried and sold at some point of the block (store open, product on sale). Blocks are aligned to absolute
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
            if (model.activeSpan(s, p, lo, hi)) visit(b, s, p);
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
 * foreign keys and indexes, then the table's own measures. Its rows are
 * tuples (a hot path: one array literal per row, no conversion).
 */
export function dailyFactTable<const M extends readonly AnyColumn[]>(name: string, measures: M, checks: Record<string, string>) {
  const columns = [
    col.bigint('id').primaryKey(),
    col.date('date').references(calendar),
    col.integer('store_id').references(store).index(),
    col.integer('product_id').references(product).index(),
    ...measures,
  ] as const;
  // Declared over plain columns (TypeScript cannot check key names against a
  // tuple with a generic rest), then typed with the whole tuple for the rows.
  return defineTable<readonly AnyColumn[]>({ name, role: 'fact', columns, unique: [['date', 'store_id', 'product_id']], checks }) as TableDef<typeof columns>;
}
