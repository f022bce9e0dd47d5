/**
 * One HTTP request over a pool of keep-alive connections: undici's Pool,
 * driven through `dispatch` with a handler that keeps only the status, a
 * Retry-After and the body's first line (no response stream per request).
 * In paired runs of forge push on the shared machine it reached 1.0-2.2x
 * the rate of node:http with a keep-alive agent, whose per-request
 * ClientRequest, agent bookkeeping and AbortSignal listener led push's CPU
 * profile after the kernel's writev (bench/push.ts compares the clients).
 * A request either gets a status, or fails with a transport error (refused,
 * reset, timeout) that the retry policy may retry.
 */
import type { Dispatcher } from 'undici';
import Pool from 'undici/lib/dispatcher/pool.js';

export interface Reply {
  status: number;
  retryAfter?: string;
  /** The first line of the response body, trimmed to 200 characters. */
  firstLine: string;
}

export class TransportError extends Error {
  constructor(
    readonly kind: 'timeout' | 'network',
    message: string,
  ) {
    super(message);
  }
}

export interface Client {
  /** `signal` aborts every request of this client in flight (one listener per signal, not one per request). */
  request(method: string, path: string, headers: Record<string, string>, body: string | undefined, signal?: AbortSignal): Promise<Reply>;
  close(): void;
}

const TIMEOUTS = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

export function httpClient(base: URL, opts: { concurrency: number; timeoutMs: number }): Client {
  const pool = new Pool(base.origin, {
    connections: opts.concurrency,
    headersTimeout: opts.timeoutMs,
    bodyTimeout: opts.timeoutMs,
    connectTimeout: opts.timeoutMs,
    keepAliveTimeout: 30_000,
  });
  const prefix = base.pathname.replace(/\/$/, '');
  // Credentials in --to (https://user:pass@host) become Basic auth, as node:http's `auth` did.
  const basic = base.username
    ? `Basic ${Buffer.from(`${decodeURIComponent(base.username)}:${decodeURIComponent(base.password)}`).toString('base64')}`
    : undefined;
  const hooked = new WeakSet<AbortSignal>();
  let aborted: AbortSignal | undefined;
  const onAbort = (signal: AbortSignal) => () => {
    aborted = signal;
    void pool.destroy().catch(() => {});
  };
  return {
    request(method, path, headers, body, signal) {
      if (signal && !hooked.has(signal)) {
        hooked.add(signal);
        signal.addEventListener('abort', onAbort(signal), { once: true });
      }
      if (signal?.aborted || aborted) return Promise.reject(abortError());
      const h: Record<string, string> = basic ? { authorization: basic, ...headers } : headers;
      return new Promise((resolve, reject) => {
        // dispatch with a handler of our own: no response stream per request, only the body's first 400 characters kept.
        let status = 0;
        let retryAfter: string | undefined;
        let text = '';
        const handler: Dispatcher.DispatchHandler = {
          // Present so that undici takes this for a handler of its current interface.
          onRequestStart() {},
          onResponseStart(_c, statusCode, resHeaders) {
            status = statusCode;
            const ra = resHeaders['retry-after'];
            retryAfter = Array.isArray(ra) ? ra[0] : ra;
          },
          onResponseData(_c, chunk) {
            if (text.length < 400) text += chunk.toString('utf8');
          },
          onResponseEnd() {
            resolve({ status, retryAfter, firstLine: text.split('\n')[0].trim().slice(0, 200) });
          },
          onResponseError(_c, e) {
            reject(transportError(e, opts.timeoutMs, aborted));
          },
        };
        try {
          pool.dispatch({ method: method as Dispatcher.HttpMethod, path: prefix + path, headers: h, body }, handler);
        } catch (e) {
          reject(transportError(e, opts.timeoutMs, aborted));
        }
      });
    },
    close: () => void pool.destroy().catch(() => {}),
  };
}

function abortError(): Error {
  const e = new Error('the push was stopped');
  e.name = 'AbortError';
  return e;
}

function transportError(e: unknown, timeoutMs: number, aborted: AbortSignal | undefined): Error {
  if (aborted) return abortError();
  const err = e as { code?: string; message?: string; cause?: { code?: string } };
  if (err.code && TIMEOUTS.has(err.code)) return new TransportError('timeout', `no answer within ${timeoutMs} ms`);
  // A refused or reset connection: the system's code (ECONNREFUSED, ECONNRESET) when undici passes it on.
  return new TransportError('network', err.cause?.code ?? (err.code && !err.code.startsWith('UND_ERR') ? err.code : undefined) ?? socketWhy(err));
}

const socketWhy = (err: { code?: string; message?: string }) => (err.code === 'UND_ERR_SOCKET' ? 'connection dropped' : (err.message ?? String(err)));
