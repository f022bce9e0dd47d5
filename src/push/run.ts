/**
 * Sending a planned push: tables in artifact order (parents first), each by
 * up to N requests in flight. An unordered table shares one row stream among
 * N workers; an ordered one gets a lane per group of tenants, each lane
 * reading the file for its own tenants and sending them one at a time, so a
 * tenant's rows reach the API in artifact order. Every acknowledged row goes
 * to the checkpoint at once; a 401/403, too many refused rows or a signal
 * stops everything, and a re-run sends only what was not acknowledged.
 */
import { setMaxListeners } from 'node:events';
import { maskUrl } from '../load/url.ts';
import { ForgeError } from '../errors.ts';
import type { Checkpoint } from './checkpoint.ts';
import { TransportError, type Client, type Reply } from './http.ts';
import { idempotencyKey, type PushPlan, type TableScan } from './plan.ts';
import { backoffMs, isRetryableStatus, MAX_RETRY_AFTER_MS, retryAfterMs, type RetryPolicy } from './retry.ts';
import { readRows, type IndexedRow } from './rows.ts';

export interface RunOptions {
  client: Client;
  checkpoint: Checkpoint;
  concurrency: number;
  retry: RetryPolicy;
  maxFailures: number;
  /** Aborted on a signal: stop dispatching, cancel what is in flight. */
  signal: AbortSignal;
  onAck(table: string, acked: number, total: number): void;
  onFailure(line: string): void;
}

export interface RunSummary {
  sent: number;
  skipped: number;
  failed: number;
  retries: number;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

export async function runPush(plan: PushPlan, o: RunOptions): Promise<RunSummary> {
  const summary: RunSummary = { sent: 0, skipped: 0, failed: 0, retries: 0 };
  const stop = new AbortController();
  // Every request in flight listens on it.
  setMaxListeners(0, stop.signal);
  let fatal: ForgeError | undefined;
  const halt = (e: ForgeError) => {
    fatal ??= e;
    stop.abort();
  };
  const onSignal = () => stop.abort();
  o.signal.addEventListener('abort', onSignal, { once: true });
  const { mapping, artifact } = plan;

  /** Sends one row until it is acknowledged, refused, or the push stops; true when acknowledged. */
  async function send(s: TableScan, { index, row }: IndexedRow, acked: { n: number }): Promise<boolean> {
    const p = s.plan;
    const rowKey = p.keyOf(row);
    const tenant = p.tenantOf(row);
    const body = JSON.stringify(p.body(row));
    const path = p.path(row);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      [mapping.idempotencyHeader]: idempotencyKey(artifact.manifestSha256, p.table, rowKey),
    };
    const key = plan.keys(tenant);
    if (key) headers[mapping.authHeader] = mapping.authPrefix + key.key;
    const refuse = (why: string) => {
      summary.failed++;
      o.onFailure(`${p.table} row ${rowKey}${tenant ? ` (tenant ${tenant})` : ''}: ${why}`);
      if (summary.failed >= o.maxFailures)
        halt(
          new ForgeError(
            'PUSH_FAILED',
            `${summary.failed} rows refused by the API (listed above); stopped`,
            'fix the mapping or the API, then re-run: acknowledged rows are not sent again',
          ),
        );
      return false;
    };
    for (let attempt = 1; ; attempt++) {
      if (stop.signal.aborted) return false;
      let reply: Reply | undefined;
      let why: string;
      try {
        reply = await o.client.request(p.method, path, headers, body, stop.signal);
      } catch (e) {
        if (stop.signal.aborted) return false;
        if (!(e instanceof TransportError)) throw e;
        why = e.kind === 'timeout' ? e.message : `connection failed (${e.message})`;
      }
      if (reply) {
        if (reply.status >= 200 && reply.status < 300) {
          o.checkpoint.ack(p.table, index);
          summary.sent++;
          o.onAck(p.table, ++acked.n, p.rows);
          return true;
        }
        why = `${reply.status} ${reply.firstLine}`.trim();
        if (reply.status === 401 || reply.status === 403) {
          halt(
            new ForgeError(
              'PUSH_AUTH',
              `the API refused the key for ${tenant ? `tenant ${tenant}` : 'this push'}: ${p.method} ${path} answered ${why}`,
              `check the API key${key ? ` (from ${key.from})` : `: none was sent; set it in the environment or pass --keys`}`,
            ),
          );
          return false;
        }
        if (!isRetryableStatus(reply.status)) return refuse(why);
      }
      if (attempt > o.retry.retries) return refuse(`gave up after ${o.retry.retries} retries: ${why!}`);
      // The clock only turns an HTTP-date Retry-After into a wait; no generated value depends on it.
      const after = retryAfterMs(reply?.retryAfter, Date.now());
      if (after !== undefined && after > MAX_RETRY_AFTER_MS)
        return refuse(`${why!}; Retry-After ${Math.round(after / 1000)} s is beyond ${MAX_RETRY_AFTER_MS / 1000} s`);
      summary.retries++;
      await sleep(backoffMs(o.retry, attempt, after), stop.signal);
    }
  }

  async function unordered(s: TableScan, acked: { n: number }) {
    const rows = readRows(s.path);
    const worker = async () => {
      while (!stop.signal.aborted) {
        const next = await rows.next();
        if (next.done) return;
        if (o.checkpoint.has(s.plan.table, next.value.index)) summary.skipped++;
        else await send(s, next.value, acked);
      }
    };
    try {
      await Promise.all(Array.from({ length: o.concurrency }, worker));
    } finally {
      await rows.return(undefined);
    }
  }

  async function ordered(s: TableScan, acked: { n: number }) {
    const tenants = [...s.tenants.keys()];
    const lanes = Math.max(1, Math.min(o.concurrency, tenants.length));
    const laneOf = new Map(tenants.map((t, i) => [t, i % lanes]));
    const lane = async (j: number) => {
      const held = new Set<string>();
      for await (const item of readRows(s.path)) {
        if (stop.signal.aborted) return;
        const t = s.plan.tenantOf(item.row) ?? '';
        if (laneOf.get(t) !== j || held.has(t)) continue;
        if (o.checkpoint.has(s.plan.table, item.index)) {
          summary.skipped++;
          continue;
        }
        // A refused row holds back the rest of its tenant: sending them would break the declared order.
        if (!(await send(s, item, acked)) && !stop.signal.aborted) {
          held.add(t);
          o.onFailure(`${s.plan.table}: the rest of tenant ${t}'s rows are held back to keep their order; re-run after fixing the row above`);
        }
      }
    };
    await Promise.all(Array.from({ length: lanes }, (_, j) => lane(j)));
  }

  try {
    for (const s of plan.tables) {
      if (stop.signal.aborted) break;
      const acked = { n: o.checkpoint.count(s.plan.table) };
      if (acked.n === s.plan.rows) {
        summary.skipped += acked.n;
        continue;
      }
      await (s.plan.ordered ? ordered(s, acked) : unordered(s, acked));
    }
  } finally {
    o.signal.removeEventListener('abort', onSignal);
    o.client.close();
    o.checkpoint.close();
  }
  const total = plan.tables.reduce((n, s) => n + s.plan.rows, 0);
  const acked = summary.sent + summary.skipped;
  const where = `${acked} of ${total} rows acknowledged by ${maskUrl(plan.target.href)} (checkpoint ${o.checkpoint.path})`;
  if (fatal) throw new ForgeError(fatal.code, `${fatal.message}; ${where}`, fatal.hint);
  if (o.signal.aborted) throw new ForgeError('INTERRUPTED', `push interrupted: ${where}`, 're-run the same command to send the rest');
  if (summary.failed)
    throw new ForgeError(
      'PUSH_FAILED',
      `${summary.failed} rows refused by the API (listed above); ${where}`,
      'fix them and re-run: acknowledged rows are not sent again',
    );
  return summary;
}

/** GET the health path; the document's clear line when the API is down. */
export async function healthCheck(client: Client, target: URL, path: string, signal: AbortSignal): Promise<void> {
  let reply: Reply;
  try {
    reply = await client.request('GET', path, {}, undefined, signal);
  } catch (e) {
    const why = e instanceof TransportError && e.kind === 'network' ? `connection failed (${e.message})` : (e as Error).message;
    throw new ForgeError(
      'PUSH_UNREACHABLE',
      `Cannot connect to API server at ${maskUrl(target.href)} (GET ${path}: ${why})`,
      'start the API server, check --to, or pass --skip-health-check',
    );
  }
  if (reply.status < 200 || reply.status >= 300) {
    throw new ForgeError(
      'PUSH_UNREACHABLE',
      `API server at ${maskUrl(target.href)} is not healthy: GET ${path} answered ${reply.status} ${reply.firstLine}`.trim(),
      'fix the API (or its database), or pass --skip-health-check',
    );
  }
}
