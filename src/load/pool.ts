/** A few connections working through a queue of jobs; the first failure stops all. */
import { connect, type Client } from './connect.ts';

export async function withPool<T>(url: string, size: number, setup: string | undefined, jobs: ((c: Client) => Promise<T>)[]): Promise<T[]> {
  const n = Math.max(1, Math.min(size, jobs.length));
  const clients: Client[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const c = await connect(url);
      if (setup) await c.query(setup);
      clients.push(c);
    }
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
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => {})));
  }
}
