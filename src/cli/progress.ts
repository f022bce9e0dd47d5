/**
 * Build progress: on a terminal, a bar for the table being written, redrawn
 * in place, with rows/s and an ETA, and a line per finished table; in a log,
 * a line per finished table and at most one progress line every few seconds.
 * The clock is used here only, never in generated values.
 */
import type { ProgressEvent } from '../artifact/build.ts';
import type { IO } from './command.ts';

export function progressReporter(io: IO, intervalMs = 2000) {
  const started = new Map<string, number>();
  let lastLine = 0;
  let lastDraw = 0;
  const rate = (e: ProgressEvent, now: number) => {
    const secs = (now - (started.get(e.table) ?? now)) / 1000;
    return secs > 0 ? Math.round(e.rows / secs) : 0;
  };
  const bar = (fraction: number) => '#'.repeat(Math.round(fraction * 20)).padEnd(20, '-');
  return {
    update: (e: ProgressEvent) => {
      const now = performance.now();
      if (!started.has(e.table)) started.set(e.table, now);
      const fraction = e.units ? e.unitsDone / e.units : 1;
      const pct = Math.floor(100 * fraction);
      if (e.done) {
        if (io.isTTY) process.stderr.write('\r\x1b[K');
        io.err(`${e.table}: ${e.rows} rows (${rate(e, now)} rows/s)`);
      } else if (io.isTTY) {
        if (now - lastDraw < 100) return;
        lastDraw = now;
        const elapsed = (now - started.get(e.table)!) / 1000;
        const eta = fraction > 0 && fraction < 1 ? `, ETA ${Math.ceil((elapsed * (1 - fraction)) / fraction)} s` : '';
        process.stderr.write(`\r\x1b[K${e.table.padEnd(26)} [${bar(fraction)}] ${String(pct).padStart(3)}% ${e.rows} rows, ${rate(e, now)} rows/s${eta}`);
      } else if (now - lastLine > intervalMs) {
        lastLine = now;
        io.err(`${e.table}: ${pct}% ${e.rows} rows ${rate(e, now)} rows/s`);
      }
    },
    stop: () => {},
  };
}

/**
 * Load progress: tables copy over several connections at once, so each
 * active table gets its own bar on one redrawn line (a terminal), or the
 * active tables' percentages on a plain line every few seconds (a log);
 * every table ends with a line of its own.
 */
export function loadProgressReporter(io: IO, intervalMs = 2000) {
  const started = performance.now();
  const active = new Map<string, number>();
  let lastLine = performance.now();
  const bar = (pct: number) => '#'.repeat(Math.round(pct / 10)).padEnd(10, '-');
  return (p: { table: string; bytes: number; totalBytes: number; done: boolean }) => {
    const pct = p.totalBytes ? Math.floor((100 * p.bytes) / p.totalBytes) : 100;
    if (p.done) {
      active.delete(p.table);
      if (io.isTTY) process.stderr.write('\r\x1b[K');
      io.err(`${p.table}: copied ${(p.totalBytes / 1e6).toFixed(1)} MB (${((performance.now() - started) / 1000).toFixed(1)} s)`);
      return;
    }
    active.set(p.table, pct);
    if (io.isTTY) {
      process.stderr.write(`\r\x1b[K${[...active].map(([t, n]) => `${t} [${bar(n)}] ${n}%`).join('  ')}`.slice(0, process.stderr.columns || 160));
    } else if (performance.now() - lastLine > intervalMs) {
      lastLine = performance.now();
      io.err(`copying: ${[...active].map(([t, n]) => `${t} ${n}%`).join(', ')}`);
    }
  };
}
