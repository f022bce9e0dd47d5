/**
 * Rows laid out in contiguous groups: a tenant's exceptions, a playbook's
 * steps. Group g holds `count(g)` rows, numbered from `start(g)`; counts
 * may differ from group to group (a variable number of children per
 * tenant or per parent). This is what multi-tenant integrity rests on: a
 * child that belongs to tenant t picks its parent with `pick(t, h)`, a row
 * inside t's own range, so a cross-tenant reference cannot be produced at
 * all (no retries, no filtering).
 *
 * Memory is one number per group (the prefix sums), so groups are for
 * tenants, parents of moderate number and the like, not for every row of a
 * fact table.
 */
import type { Row, RowSource } from './dataset.ts';
import { unit } from './hash.ts';

export class Groups {
  /** starts[g] is the first row of group g; starts[groups] is the total. */
  private readonly starts: Float64Array;
  readonly groups: number;

  constructor(groups: number, count: (group: number) => number) {
    if (!Number.isInteger(groups) || groups < 0) throw new RangeError(`number of groups must be a non-negative integer, got ${groups}`);
    this.groups = groups;
    this.starts = new Float64Array(groups + 1);
    for (let g = 0; g < groups; g++) {
      const n = count(g);
      if (!Number.isInteger(n) || n < 0) throw new RangeError(`group ${g}: count must be a non-negative integer, got ${n}`);
      this.starts[g + 1] = this.starts[g] + n;
    }
  }

  /** Rows in all groups. */
  get total(): number {
    return this.starts[this.groups];
  }
  start(group: number): number {
    return this.starts[group];
  }
  size(group: number): number {
    return this.starts[group + 1] - this.starts[group];
  }
  /** The group that holds row i (binary search). */
  groupOf(i: number): number {
    if (!(i >= 0 && i < this.total)) throw new RangeError(`row ${i} outside [0, ${this.total})`);
    let lo = 0;
    let hi = this.groups - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.starts[mid] <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
  /** A row of group g chosen by the cell hash h: always inside g. */
  pick(group: number, h: number): number {
    return this.pickAmong(group, group + 1, h);
  }
  /**
   * A row of groups [fromGroup, toGroup) chosen by h, e.g. a step of any of
   * a tenant's playbooks when steps are grouped by playbook and playbooks by
   * tenant. Throws when those groups are empty: a dataset that needs a
   * parent must make sure there is one (a tenant with no playbooks cannot
   * link exceptions to playbooks), which is a bug in the dataset, not data.
   */
  pickAmong(fromGroup: number, toGroup: number, h: number): number {
    const lo = this.starts[fromGroup];
    const n = this.starts[toGroup] - lo;
    if (!(n > 0)) throw new RangeError(`no rows in groups [${fromGroup}, ${toGroup}) to pick from`);
    return lo + Math.floor(unit(h) * n);
  }

  /**
   * The rows of every group, in order: `make(group, k, i)` makes row k of
   * the group, i being its number over all groups (a dense id). The unit is
   * a row, so a range of a large group is split across workers like any
   * counted table.
   */
  rows(make: (group: number, k: number, i: number) => Row): RowSource {
    return {
      units: this.total,
      generate: (from, to, emit) => {
        if (from >= to) return;
        let g = this.groupOf(from);
        for (let i = from; i < to; i++) {
          while (i >= this.starts[g + 1]) g++;
          emit(make(g, i - this.starts[g], i));
        }
      },
    };
  }
}
