/**
 * Push progress: on a terminal a bar for the table being sent, redrawn at
 * most ten times a second; in a log a line every N acknowledged rows (10 by
 * default, as document 001's script did). The clock is used for rates only.
 */
import type { IO } from './command.ts';

export function pushProgress(io: IO, every: number) {
  const started = performance.now();
  let sent = 0;
  let drawn = 0;
  let onBar = false;
  const rate = () => Math.round(sent / Math.max(1e-3, (performance.now() - started) / 1000));
  const clear = () => {
    if (onBar) process.stderr.write('\r\x1b[K');
    onBar = false;
  };
  return {
    ack(table: string, acked: number, total: number) {
      sent++;
      if (io.isTTY) {
        const now = performance.now();
        if (now - drawn < 100 && acked < total) return;
        drawn = now;
        const f = total ? acked / total : 1;
        process.stderr.write(`\r\x1b[K${table} [${'#'.repeat(Math.round(f * 20)).padEnd(20, '-')}] ${acked}/${total} rows, ${rate()} req/s`);
        onBar = true;
      } else if (sent % every === 0 || acked === total) {
        io.err(`${table}: ${acked}/${total} rows sent (${rate()} req/s)`);
      }
    },
    note(line: string) {
      clear();
      io.err(line);
    },
    done: clear,
  };
}
