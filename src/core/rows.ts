/**
 * Shapes of tables, as RowSources. Each is random access by unit, so a range
 * of units can be made by any worker without making what comes before it.
 */
import type { Emit, Row, RowSource } from './dataset.ts';

/** Rows given literally: fixed identities (demo users, fixed UUIDs). */
export function fixedRows(rows: readonly Row[]): RowSource {
  return {
    units: rows.length,
    generate(from, to, emit) {
      for (let i = from; i < to; i++) emit(rows[i].slice());
    },
  };
}

/** n rows, row i a function of i alone. */
export function countedRows(n: number, make: (i: number) => Row): RowSource {
  return {
    units: n,
    generate(from, to, emit) {
      for (let i = from; i < to; i++) emit(make(i));
    },
  };
}

/** `perParent` children for each of `parents` parents (n clients per tenant). */
export function nestedRows(parents: number, perParent: number, make: (parent: number, child: number, index: number) => Row): RowSource {
  return {
    units: parents,
    generate(from, to, emit) {
      for (let p = from; p < to; p++) for (let c = 0; c < perParent; c++) emit(make(p, c, p * perParent + c));
    },
  };
}

/**
 * A variable number of children per parent (an event timeline per
 * exception). `count(parent)` must be a pure function of the parent.
 */
export function expandRows(parents: number, count: (parent: number) => number, make: (parent: number, child: number, count: number) => Row): RowSource {
  return {
    units: parents,
    generate(from, to, emit) {
      for (let p = from; p < to; p++) {
        const n = count(p);
        for (let c = 0; c < n; c++) emit(make(p, c, n));
      }
    },
  };
}

/**
 * Rows made by a generator that owns its own loop over units (stateful
 * series that carry state from one unit to the next inside a range).
 */
export function unitRows(units: number, generate: (from: number, to: number, emit: Emit) => void, align?: RowSource['align']): RowSource {
  return align ? { units, generate, align } : { units, generate };
}

/**
 * Fixed identities first, then generated rows (demo users, then n more):
 * unit u < fixed.length is fixed row u, the others are units of `generated`
 * shifted by fixed.length. Generated rows number their keys after the fixed
 * ones (`generated`'s unit i is row fixed.length + i), so keys stay unique.
 */
export function withFixedRows(fixed: readonly Row[], generated: RowSource): RowSource {
  const f = fixed.length;
  return {
    units: f + generated.units,
    generate(from, to, emit) {
      for (let i = from; i < Math.min(to, f); i++) emit(fixed[i].slice());
      if (to > f) generated.generate(Math.max(from, f) - f, to - f, emit);
    },
  };
}
