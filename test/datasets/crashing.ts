/** A dataset whose generator fails at one unit: by throwing, by ending its thread (with any code), or by running out of memory. */
import { defineDataset } from '../../src/core/dataset.ts';
import { countedRows } from '../../src/core/rows.ts';

export const crashingDataset = defineDataset<{ n: number; failAt: number; how: string }>({
  name: 'crashing',
  version: '1',
  description: 'fails on purpose',
  profiles: { tiny: { n: 5000, failAt: 4000, how: 'throw' } },
  defaultProfile: 'tiny',
  tables: (_ctx, p) => [
    {
      name: 't',
      role: 'fact',
      columns: ['id integer', 'label text'],
      primaryKey: ['id'],
      rows: countedRows(p.n, (i) => {
        if (i === p.failAt) {
          if (p.how === 'exit') process.exit(9);
          if (p.how === 'exit0') process.exit(0);
          if (p.how === 'oom') {
            // Only ever run in a worker, whose heap is capped: the worker dies, not the test.
            const hog: number[][] = [];
            for (;;) hog.push(new Array(1 << 16).fill(i));
          }
          throw new Error(`generator failed at row ${i}`);
        }
        return [i, `row ${i}`];
      }),
    },
  ],
});
