/**
 * forge push throughput: a retail artifact's sales_daily rows (BENCH_PUSH_ROWS,
 * about 30k by default) pushed with --concurrency 32 to an API on 127.0.0.1
 * that answers at once, in its own process, BENCH_PUSH_RUNS times (3). Then
 * the HTTP clients alone on the same server, 32 in flight, in interleaved
 * rounds so that a busy machine weighs on each alike: forge's own (undici's
 * Pool through dispatch, src/push/http.ts), node:http with a keep-alive agent
 * (forge's client before), and fetch. The load average is printed with the
 * figures: on a shared machine they move with it. Loopback only.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { httpClient } from '../src/push/http.ts';
import { fmtInt, forgeArgs, ROOT, timed } from './lib.ts';

export interface PushBench {
  rows: number;
  /** req/s of each forge push run, as it reports it. */
  runs: number[];
  seconds: number;
  keys: number;
  /** req/s of each client per round. */
  clients: { forge: number[]; http: number[]; fetch: number[] };
  maxRssMb: number;
  loadAvg: { before: number; after: number };
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
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (i++ < n) await send();
    }),
  );
  return n / ((performance.now() - t0) / 1000);
}

export async function benchPush(outRoot: string, runs = Number(process.env.BENCH_PUSH_RUNS ?? 3)): Promise<PushBench> {
  const before = loadavg()[0];
  const endDate = process.env.BENCH_PUSH_END ?? '2025-11-30';
  const [bc, ba] = forgeArgs('build', '--profile', 'tiny', '--set', `endDate=${endDate}`, '--formats', 'json', '--out', outRoot, '--quiet');
  const dir = timed(bc, ba).stdout.trim();
  const mapping = join(outRoot, 'bench-push-mapping.json');
  writeFileSync(
    mapping,
    JSON.stringify({
      tables: [
        {
          table: 'sales_daily',
          path: '/sales',
          body: { date: '{date}', store: '{store_id}', product: '{product_id}', quantity: '{quantity}', amount: '{total_amount}' },
        },
      ],
    }),
  );
  const server = await startServer();
  try {
    const [pc, pa] = forgeArgs(
      'push',
      dir,
      '--to',
      server.url,
      '--mapping',
      mapping,
      '--concurrency',
      '32',
      '--restart',
      '--checkpoint',
      join(outRoot, 'bench-push.checkpoint'),
      '--progress-every',
      '100000000',
    );
    const rates: number[] = [];
    let rows = 0;
    let seconds = 0;
    let rss = 0;
    for (let r = 0; r < runs; r++) {
      const run = timed(pc, pa);
      const m = /pushed (\d+) rows .* in ([\d.]+) s \((\d+) req\/s/.exec(run.stdout);
      if (!m) throw new Error(`forge push printed: ${run.stdout} ${run.stderr}`);
      rows = Number(m[1]);
      seconds = Math.max(seconds, run.seconds);
      rates.push(Number(m[3]));
      rss = Math.max(rss, run.maxRssMb);
    }
    const stats = await server.stats();
    if (stats.requests < rows * runs) throw new Error(`the server received ${stats.requests} requests, expected ${rows * runs}`);
    const body = JSON.stringify({ date: '2024-01-01', store: 1, product: 2, units: 3, revenue: 4.5 });
    const headers = { 'content-type': 'application/json' };
    const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
    const u = new URL(server.url);
    const forgeClient = httpClient(u, { concurrency: 32, timeoutMs: 10_000 });
    const viaForge = () => forgeClient.request('POST', '/x', headers, body);
    const viaHttp = () =>
      new Promise((resolve, reject) => {
        const req = http.request(
          { hostname: u.hostname, port: u.port, path: '/x', method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
          (res) => {
            res.resume();
            res.on('end', resolve);
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    const viaFetch = async () => (await fetch(`${server.url}/x`, { method: 'POST', body, headers })).text();
    const n = Number(process.env.BENCH_PUSH_CLIENT_REQUESTS ?? 10_000);
    const clients: PushBench['clients'] = { forge: [], http: [], fetch: [] };
    for (const send of [viaForge, viaHttp, viaFetch]) await clientRate(1000, send);
    for (let round = 0; round < runs; round++) {
      clients.forge.push(await clientRate(n, viaForge));
      clients.http.push(await clientRate(n, viaHttp));
      clients.fetch.push(await clientRate(n, viaFetch));
    }
    agent.destroy();
    forgeClient.close();
    return { rows, runs: rates, seconds, keys: stats.keys, clients, maxRssMb: rss, loadAvg: { before, after: loadavg()[0] } };
  } finally {
    server.stop();
  }
}

const span = (xs: number[]) => `${fmtInt(Math.min(...xs))}-${fmtInt(Math.max(...xs))}`;
export function describePush(r: PushBench): string[] {
  return [
    `forge push --concurrency 32: ${fmtInt(r.rows)} rows (${fmtInt(r.keys)} distinct idempotency keys received) at ${span(r.runs)} req/s over ${r.runs.length} runs (goal ≥ 5,000: ${Math.min(...r.runs) >= 5000 ? 'met' : Math.max(...r.runs) >= 5000 ? 'met in some runs' : 'not met'}), peak RSS ${fmtInt(r.maxRssMb)} MB`,
    `HTTP clients, 32 in flight, same server, ${r.clients.forge.length} interleaved rounds: forge's (undici Pool, dispatch) ${span(r.clients.forge)} req/s, node:http keep-alive ${span(r.clients.http)}, fetch ${span(r.clients.fetch)}`,
    `load average (1 min) ${r.loadAvg.before.toFixed(1)} before, ${r.loadAvg.after.toFixed(1)} after, on ${cpus().length} cores`,
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of describePush(await benchPush(join(ROOT, 'dist-fixtures')))) console.log(line);
}
