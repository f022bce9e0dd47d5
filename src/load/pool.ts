/** A few connections working through queues of jobs; the first failure of a queue stops it. */
import { connect, disconnect, type Client } from './connect.ts';

/** A job of a graph: it starts once the jobs at the indexes `after` are done. */
export interface GraphJob {
  after: number[];
  run(c: Client): Promise<unknown>;
}

export interface Pool {
  /** Runs the jobs on the pool's connections, in order as connections free up; rejects with the first failure. */
  run<T>(jobs: ((c: Client) => Promise<T>)[]): Promise<T[]>;
  /**
   * Runs a graph of jobs: a free connection takes the first job in the list
   * whose prerequisites are done (the list's order is the priority), and waits
   * when none is ready yet. Rejects with the first failure, once the jobs then
   * running on the other connections have ended; no job starts after it.
   */
  runGraph(jobs: GraphJob[]): Promise<void>;
  /** Closes the connections the pool opened (not the one it was lent). */
  close(): Promise<void>;
}

/**
 * `size` connections, opened at once and each given `setup`, kept for every
 * phase of a load: opening a pair per phase cost 30-80 ms each time on the
 * 2-core machine. `lent`, an open connection, is one of them.
 */
export async function openPool(url: string, size: number, setup: string | undefined, lent?: Client): Promise<Pool> {
  const opening = Array.from({ length: Math.max(1, size) - (lent ? 1 : 0) }, async () => {
    const c = await connect(url);
    if (setup) await c.query(setup);
    return c;
  });
  const settled = await Promise.allSettled([...(lent ? [(setup ? lent.query(setup) : Promise.resolve()).then(() => lent)] : []), ...opening]);
  const opened = settled.flatMap((s, i) => (s.status === 'fulfilled' && !(lent && i === 0) ? [s.value] : []));
  const close = async () => void (await Promise.all(opened.map(disconnect)));
  const failure = settled.find((s) => s.status === 'rejected');
  if (failure) {
    await close();
    throw failure.reason;
  }
  const clients = settled.map((s) => (s as PromiseFulfilledResult<Client>).value);
  const runGraph = async (jobs: GraphJob[]): Promise<void> => {
    const state = jobs.map(() => 'waiting' as 'waiting' | 'running' | 'done');
    let failed = false;
    let failure: unknown;
    let wake = () => {};
    let changed = new Promise<void>((r) => (wake = r));
    const notify = () => {
      const woken = wake;
      changed = new Promise<void>((r) => (wake = r));
      woken();
    };
    const ready = () => jobs.findIndex((j, i) => state[i] === 'waiting' && j.after.every((d) => state[d] === 'done'));
    // Every connection's loop ends before this returns: after a failure, the jobs still running
    // finish first, so that what the caller does next (dropping the staging schema) meets no
    // statement of this pool still running on another connection.
    await Promise.all(
      clients.map(async (c) => {
        while (!failed) {
          const i = ready();
          if (i < 0) {
            if (!state.includes('running')) return; // all done, or stuck: checked below
            await changed;
            continue;
          }
          state[i] = 'running';
          try {
            await jobs[i].run(c);
          } catch (e) {
            if (!failed) failure = e;
            failed = true;
            notify();
            return;
          }
          state[i] = 'done';
          notify();
        }
      }),
    );
    if (failed) throw failure;
    if (state.some((x) => x !== 'done')) throw new Error('a job graph whose prerequisites never finish (a job after a later one)');
  };
  return {
    close,
    runGraph,
    async run<T>(jobs: ((c: Client) => Promise<T>)[]): Promise<T[]> {
      const results: T[] = new Array(jobs.length);
      await runGraph(jobs.map((job, i) => ({ after: [], run: async (c: Client) => void (results[i] = await job(c)) })));
      return results;
    },
  };
}
