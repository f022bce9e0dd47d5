/**
 * The staging load's connection pool on a real cluster: a graph of jobs
 * starts each job only after its prerequisites, uses every connection, stops
 * at the first failure, refuses a graph that cannot finish, and closes only
 * the connections it opened.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connect, type Client } from '../../src/load/connect.ts';
import { type GraphJob, openPool } from '../../src/load/pool.ts';
import { tempCluster } from '../helpers.ts';

const server = tempCluster();

/** A job that sleeps on the server and records when it ran and on which backend. */
function sleeper(log: { job: number; pid: number; start: number; end: number }[], job: number, seconds: number, after: number[] = []): GraphJob {
  return {
    after,
    run: async (c: Client) => {
      const start = performance.now();
      const r = await c.query('SELECT pg_backend_pid() AS pid, pg_sleep($1)', [seconds]);
      log.push({ job, pid: r.rows[0].pid, start, end: performance.now() });
    },
  };
}

test('a job graph runs each job after its prerequisites, on both connections at once', async () => {
  await server.createDatabase('graph');
  const pool = await openPool(server.url('graph'), 2, 'SET search_path TO public');
  try {
    const log: { job: number; pid: number; start: number; end: number }[] = [];
    // 0 and 1 start at once; 2 needs 0; 3 needs 1 and 2; 4 needs nothing (listed last: lowest priority).
    const jobs = [sleeper(log, 0, 0.2), sleeper(log, 1, 0.05), sleeper(log, 2, 0.05, [0]), sleeper(log, 3, 0.01, [1, 2]), sleeper(log, 4, 0.01)];
    await pool.runGraph(jobs);
    assert.deepEqual(log.map((l) => l.job).sort(), [0, 1, 2, 3, 4], 'every job ran once');
    const of = (job: number) => log.find((l) => l.job === job)!;
    for (const [job, g] of jobs.entries()) for (const d of g.after) assert.ok(of(job).start >= of(d).end, `job ${job} started after job ${d} ended`);
    assert.equal(new Set(log.map((l) => l.pid)).size, 2, 'both connections worked');
    // While 0 runs, the other connection does 1 and then 4 (2 and 3 are not ready): no idle wait for a phase.
    assert.ok(of(4).end <= of(0).end, 'a ready job runs while another connection is busy');
  } finally {
    await pool.close();
  }
});

test('the first failure stops the graph: no job starts after it, the running ones end first, and the error is the one reported', async () => {
  await server.createDatabase('graph_fail');
  const pool = await openPool(server.url('graph_fail'), 2, undefined);
  try {
    const log: { job: number; pid: number; start: number; end: number }[] = [];
    const failing: GraphJob = { after: [], run: (c) => c.query('SELECT 1/0') };
    await assert.rejects(pool.runGraph([failing, sleeper(log, 1, 0.1), sleeper(log, 2, 0.01, [0]), sleeper(log, 3, 0.01, [1])]), /division by zero/);
    // Rejected only once the job then running on the other connection has ended: nothing of the pool still runs.
    assert.deepEqual(
      log.map((l) => l.job),
      [1],
      'the job already running finished before the rejection; those after the failure never started',
    );
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(
      log.map((l) => l.job),
      [1],
      'no job started later',
    );
  } finally {
    await pool.close();
  }
});

test('a graph whose prerequisites can never finish is an error, not a silent partial run', async () => {
  await server.createDatabase('graph_stuck');
  const pool = await openPool(server.url('graph_stuck'), 2, undefined);
  try {
    const log: { job: number; pid: number; start: number; end: number }[] = [];
    await assert.rejects(pool.runGraph([sleeper(log, 0, 0.01), sleeper(log, 1, 0.01, [1])]), /prerequisites never finish/);
    assert.deepEqual(
      log.map((l) => l.job),
      [0],
    );
  } finally {
    await pool.close();
  }
});

test('a pool lent an open connection uses it, and closing the pool leaves it open', async () => {
  await server.createDatabase('graph_lent');
  const lent = await connect(server.url('graph_lent'));
  try {
    const pool = await openPool(server.url('graph_lent'), 2, 'SET application_name = pooled', lent);
    const pids = await pool.run(
      [0, 1, 2, 3].map(() => async (c: Client) => (await c.query('SELECT pg_backend_pid() AS pid, pg_sleep(0.05)')).rows[0].pid as number),
    );
    await pool.close();
    const own = (await lent.query('SELECT pg_backend_pid() AS pid, current_setting($1) AS app', ['application_name'])).rows[0];
    assert.ok(pids.includes(own.pid), 'the lent connection took jobs');
    assert.equal(new Set(pids).size, 2, 'one connection opened beside it');
    assert.equal(own.app, 'pooled', 'the setup ran on the lent connection too');
  } finally {
    await lent.end();
  }
});
