/**
 * forge push throughput: a retail artifact's sales_daily rows (BENCH_PUSH_ROWS,
 * about 30k by default) pushed with --concurrency 32 to an API on 127.0.0.1
 * that answers at once, in its own process. Also the two HTTP clients the
 * push layer could use, on the same server: node:http with a keep-alive
 * agent (used) and fetch. Loopback only; the request count is bounded.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fmtInt, forgeArgs, ROOT, timed } from './lib.ts';

export interface PushBench {
  rows: number;
  seconds: number;
  reqPerSec: number;
  reported: number;
  keys: number;
  httpReqPerSec: number;
  fetchReqPerSec: number;
  maxRssMb: number;
}

async function startServer() {
  const child = spawn(process.execPath, [join(ROOT, 'bench/push-server.mjs')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const port = Number((await lines.next()).value);
  return {
    url: `http://127.0.0.1:${port}`,
    async stats(): Promise<{ requests: number; keys: number }> {
      child.stdin!.write('stats\n');
      return JSON.parse((await lines.next()).value);
    },
    stop: () => child.stdin!.end('exit\n'),
  };
}

/** n requests, 32 in flight, through one client; requests per second. */
async function clientRate(n: number, send: () => Promise<unknown>): Promise<number> {
  let i = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: 32 }, async () => {
    while (i++ < n) await send();
  }));
  return n / ((performance.now() - t0) / 1000);
}

export async function benchPush(outRoot: string): Promise<PushBench> {
  const endDate = process.env.BENCH_PUSH_END ?? '2025-11-30';
  const [bc, ba] = forgeArgs('build', '--profile', 'tiny', '--set', `endDate=${endDate}`, '--formats', 'json', '--out', outRoot, '--quiet');
  const dir = timed(bc, ba).stdout.trim();
  const mapping = join(outRoot, 'bench-push-mapping.json');
  writeFileSync(mapping, JSON.stringify({ tables: [{ table: 'sales_daily', path: '/sales', body: { date: '{date}', store: '{store_id}', product: '{product_id}', quantity: '{quantity}', amount: '{total_amount}' } }] }));
  const server = await startServer();
  try {
    const [pc, pa] = forgeArgs('push', dir, '--to', server.url, '--mapping', mapping, '--concurrency', '32', '--restart', '--checkpoint', join(outRoot, 'bench-push.checkpoint'), '--progress-every', '100000000');
    const run = timed(pc, pa);
    const m = /pushed (\d+) rows .* in ([\d.]+) s \((\d+) req\/s/.exec(run.stdout);
    if (!m) throw new Error(`forge push printed: ${run.stdout} ${run.stderr}`);
    const stats = await server.stats();
    const body = JSON.stringify({ date: '2024-01-01', store: 1, product: 2, units: 3, revenue: 4.5 });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
    const u = new URL(server.url);
    const viaHttp = () =>
      new Promise((resolve, reject) => {
        const req = http.request({ hostname: u.hostname, port: u.port, path: '/x', method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
          res.resume();
          res.on('end', resolve);
        });
        req.on('error', reject);
        req.end(body);
      });
    const viaFetch = async () => (await fetch(`${server.url}/x`, { method: 'POST', body, headers: { 'content-type': 'application/json' } })).text();
    const n = Number(process.env.BENCH_PUSH_CLIENT_REQUESTS ?? 10_000);
    await clientRate(1000, viaHttp);
    const httpReqPerSec = await clientRate(n, viaHttp);
    await clientRate(1000, viaFetch);
    const fetchReqPerSec = await clientRate(n, viaFetch);
    agent.destroy();
    return { rows: Number(m[1]), seconds: run.seconds, reqPerSec: Number(m[3]), reported: Number(m[1]), keys: stats.keys, httpReqPerSec, fetchReqPerSec, maxRssMb: run.maxRssMb };
  } finally {
    server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchPush(join(ROOT, 'dist-fixtures'));
  console.log(`forge push --concurrency 32: ${fmtInt(r.rows)} rows (${fmtInt(r.keys)} distinct idempotency keys received) at ${fmtInt(r.reqPerSec)} req/s (goal ≥ 5,000: ${r.reqPerSec >= 5000 ? 'met' : 'not met'}), peak RSS ${fmtInt(r.maxRssMb)} MB`);
  console.log(`HTTP clients, 32 in flight, same server: node:http keep-alive ${fmtInt(r.httpReqPerSec)} req/s, fetch ${fmtInt(r.fetchReqPerSec)} req/s`);
}
