/**
 * A real HTTP API on 127.0.0.1 for push tests: it honours idempotency keys
 * (a repeated key is answered 200 and creates nothing), records what it
 * received, and injects the faults a real API has: 500s, 429 with
 * Retry-After, slow answers, dropped connections, 401 for a wrong key, 4xx
 * for rows it refuses. `fault` decides per request from the idempotency key
 * and how many times that key was seen, so tests are deterministic.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ROOT, type RunResult } from '../helpers.ts';

export type Fault = { kind: 'status'; status: number; retryAfter?: string; body?: string } | { kind: 'slow'; ms: number } | { kind: 'drop' } | undefined;

export interface Received {
  key: string;
  path: string;
  body: Record<string, unknown>;
  apiKey?: string;
  at: number;
  /** The answer it got: 201 created, 200 duplicate, or the injected fault. */
  answer: string;
}

export interface ApiServer {
  url: string;
  received: Received[];
  /** Idempotency key → body of the row it created, in creation order. */
  created: Map<string, Received>;
  health: { status: number };
  fault: (key: string, seen: number, req: Received) => Fault;
  /** Each answer waits this long (a slow but healthy API). */
  delayMs: number;
  close(): Promise<void>;
}

export async function startApi(opts: { keys?: Record<string, string>; keyHeader?: string } = {}): Promise<ApiServer> {
  const api: ApiServer = { url: '', received: [], created: new Map(), health: { status: 200 }, fault: () => undefined, delayMs: 0, close: async () => {} };
  const seen = new Map<string, number>();
  const server = http.createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (text += c));
    req.on('end', async () => {
      if (req.method === 'GET' && req.url === '/health') {
        res.writeHead(api.health.status, { 'content-type': 'application/json' });
        res.end(api.health.status === 200 ? '{"status":"ok"}\n' : '{"status":"database unavailable"}\n');
        return;
      }
      if (req.method === 'GET') {
        res.writeHead(404).end('not found\n');
        return;
      }
      const key = String(req.headers['idempotency-key'] ?? '');
      const apiKey = req.headers[(opts.keyHeader ?? 'x-api-key').toLowerCase()] as string | undefined;
      const rec: Received = { key, path: req.url ?? '', body: text ? JSON.parse(text) : {}, apiKey, at: performance.now(), answer: '' };
      api.received.push(rec);
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      if (api.delayMs) await new Promise((r) => setTimeout(r, api.delayMs));
      if (opts.keys) {
        const tenant = String(rec.body.tenant ?? rec.body.tenantId ?? rec.body.tenant_id ?? '');
        if (opts.keys[tenant] !== apiKey) {
          rec.answer = '401';
          res.writeHead(401, { 'content-type': 'application/json' });
          res.end('{"detail":"Unauthorized"}\n');
          return;
        }
      }
      const f = api.fault(key, n, rec);
      if (f?.kind === 'drop') {
        rec.answer = 'drop';
        req.socket.destroy();
        return;
      }
      if (f?.kind === 'slow') await new Promise((r) => setTimeout(r, f.ms));
      if (f?.kind === 'status') {
        rec.answer = String(f.status);
        res.writeHead(f.status, { 'content-type': 'text/plain', ...(f.retryAfter ? { 'retry-after': f.retryAfter } : {}) });
        res.end(f.body ?? `injected ${f.status}\nsecond line`);
        return;
      }
      if (api.created.has(key)) {
        rec.answer = '200';
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"status":"duplicate"}\n');
        return;
      }
      rec.answer = '201';
      api.created.set(key, rec);
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end('{"status":"created"}\n');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  api.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  api.close = () =>
    new Promise((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return api;
}

/** Runs forge as a child process without blocking this process (the API lives here). */
export function forgeAsync(
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; onStart?: (kill: (s: NodeJS.Signals) => void) => void } = {},
): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/forge.js'), ...args], {
      cwd: opts.cwd ?? ROOT,
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
    });
    opts.onStart?.((s) => child.kill(s));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : null), stdout, stderr }));
  });
}
