/**
 * When to retry a request and how long to wait. Retried: 5xx, 429 and
 * transport errors (timeouts, resets, refused connections); never other 4xx,
 * which would fail the same way again. Waits grow exponentially with jitter
 * over their upper half (so many clients do not retry in step), and a server's Retry-After
 * is honoured when it asks for longer. Jitter uses Math.random: this is
 * runtime pacing, never generated data.
 */
export interface RetryPolicy {
  retries: number;
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 6, baseMs: 100, maxMs: 10_000 };
/** A Retry-After beyond this is treated as "give up on this row for now". */
export const MAX_RETRY_AFTER_MS = 5 * 60_000;

export const isRetryableStatus = (status: number): boolean => status === 429 || status >= 500;

/** Retry-After as seconds or an HTTP date, in ms from `now`; undefined when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The wait before retry number `attempt` (1-based). */
export function backoffMs(policy: RetryPolicy, attempt: number, retryAfter: number | undefined, random: () => number = Math.random): number {
  const cap = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
  const jittered = Math.round(cap / 2 + (random() * cap) / 2);
  return retryAfter !== undefined ? Math.max(retryAfter, jittered) : jittered;
}
