/** A few connections working through queues of jobs; the first failure of a queue stops it. */
import { connect, disconnect, type Client } from './connect.ts';

export interface Pool {
  /** Runs the jobs on the pool's connections, in order as connections free up; rejects with the first failure. */
  run<T>(jobs: ((c: Client) => Promise<T>)[]): Promise<T[]>;
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
  return {
    close,
    async run<T>(jobs: ((c: Client) => Promise<T>)[]): Promise<T[]> {
      const results: T[] = new Array(jobs.length);
      let next = 0;
      let failed = false;
      await Promise.all(
        clients.map(async (c) => {
          while (!failed && next < jobs.length) {
            const i = next++;
            try {
              results[i] = await jobs[i](c);
            } catch (e) {
              failed = true;
              throw e;
            }
          }
        }),
      );
      return results;
    },
  };
}
