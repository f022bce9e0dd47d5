/**
 * Event timelines: the n timestamps of a parent's children (an exception's
 * events), strictly increasing, derived from the parent's cell hash alone.
 * Any parent's timeline is made without making any other's, and the k-th
 * timestamp is the same whatever the row range being generated.
 */
import { draw } from './hash.ts';
import { intIn } from './random.ts';
import type { Row, RowSource } from './dataset.ts';

/** Bounds of the gap before event k, in milliseconds (min >= 1 keeps times strictly increasing). */
export type Gap = readonly [minMs: number, maxMs: number] | ((k: number) => readonly [minMs: number, maxMs: number]);

/**
 * Timestamps t0 < t1 < … < t(n-1), t0 = startMs, each next one a gap drawn
 * from `gap` (a range, or a range per event index, e.g. minutes after
 * ingestion, hours before feedback) with draw k of the cell h.
 */
export function timeline(h: number, startMs: number, n: number, gap: Gap): number[] {
  const out = new Array<number>(n);
  let t = startMs;
  for (let k = 0; k < n; k++) {
    if (k > 0) {
      const [lo, hi] = typeof gap === 'function' ? gap(k) : gap;
      if (!(lo >= 1 && hi >= lo)) throw new RangeError(`timeline gap before event ${k} must satisfy 1 <= min <= max, got [${lo}, ${hi}]`);
      t += intIn(draw(h, k), lo, hi);
    }
    out[k] = t;
  }
  return out;
}

/**
 * An expansion whose children are events in time: parent p has count(p)
 * children, timed from start(p) with `gap`, the cell of p's timeline being
 * cell(p). `make(p, k, n, at)` gets child k's timestamp `at` (the unit is
 * the parent, as in expandRows).
 */
export function timelineRows(
  parents: number,
  spec: { count: (parent: number) => number; start: (parent: number) => number; cell: (parent: number) => number; gap: Gap },
  make: (parent: number, k: number, n: number, at: number) => Row,
): RowSource {
  return {
    units: parents,
    generate(from, to, emit) {
      for (let p = from; p < to; p++) {
        const n = spec.count(p);
        const times = timeline(spec.cell(p), spec.start(p), n, spec.gap);
        for (let k = 0; k < n; k++) emit(make(p, k, n, times[k]));
      }
    },
  };
}
