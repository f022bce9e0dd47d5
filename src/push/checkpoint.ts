/**
 * The push checkpoint: an append-only file of acknowledged rows, one
 * "<table> <row index>" line each, after a header naming the artifact
 * (manifest sha256) and the target. Acknowledgements are written with one
 * write(2) per turn of the event loop (all those that arrived in it; one
 * syscall per row cost a fifth of the push at 32 in flight), and on close,
 * so a Ctrl-C loses none; a SIGKILL loses at most the last turn's, which the
 * re-run sends again under the same idempotency keys. A torn last line is
 * ignored. A re-run skips what is recorded and sends only the rest.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { ForgeError } from '../errors.ts';

const FORMAT = 'fixture-forge/push-checkpoint@1';

export interface CheckpointHeader {
  format: string;
  artifact: string;
  target: string;
}

export class Checkpoint {
  private readonly acked = new Map<string, Uint8Array>();
  private fd: number | undefined;
  private pending = '';
  private scheduled = false;

  private constructor(readonly path: string) {}

  /**
   * Opens (or starts) the checkpoint for this artifact and target. A file
   * written for another artifact or target is refused rather than trusted.
   */
  static open(path: string, header: Omit<CheckpointHeader, 'format'>, sizes: ReadonlyMap<string, number>, restart: boolean): Checkpoint {
    const cp = new Checkpoint(path);
    for (const [t, n] of sizes) cp.acked.set(t, new Uint8Array(n));
    if (restart) rmSync(path, { force: true });
    if (existsSync(path)) cp.replay(readFileSync(path, 'utf8'), header);
    else {
      mkdirSync(dirname(path), { recursive: true });
      cp.fd = openSync(path, 'a');
      writeSync(cp.fd, JSON.stringify({ format: FORMAT, ...header }) + '\n');
      return cp;
    }
    cp.fd = openSync(path, 'a');
    return cp;
  }

  private replay(text: string, header: Omit<CheckpointHeader, 'format'>): void {
    const lines = text.split('\n');
    let h: CheckpointHeader | undefined;
    try {
      h = JSON.parse(lines[0]);
    } catch {
      /* reported below */
    }
    if (!h || h.format !== FORMAT)
      throw new ForgeError('BAD_CONFIG', `${this.path} is not a forge push checkpoint`, 'pass another --checkpoint file, or --restart to replace it');
    if (h.artifact !== header.artifact || h.target !== header.target) {
      throw new ForgeError(
        'BAD_CONFIG',
        `checkpoint ${this.path} belongs to another ${h.artifact !== header.artifact ? 'artifact' : 'target URL'}`,
        'pass another --checkpoint file, or --restart to send everything again',
      );
    }
    // The last line may be torn by a kill mid-write: only whole lines count.
    for (const line of lines.slice(1, -1)) {
      const sp = line.lastIndexOf(' ');
      const bits = this.acked.get(line.slice(0, sp));
      const i = Number(line.slice(sp + 1));
      if (bits && Number.isInteger(i) && i >= 0 && i < bits.length) bits[i] = 1;
    }
  }

  has(table: string, index: number): boolean {
    return this.acked.get(table)![index] === 1;
  }

  count(table: string): number {
    let n = 0;
    for (const b of this.acked.get(table)!) n += b;
    return n;
  }

  ack(table: string, index: number): void {
    this.acked.get(table)![index] = 1;
    this.pending += `${table} ${index}\n`;
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  flush(): void {
    this.scheduled = false;
    if (this.pending && this.fd !== undefined) writeSync(this.fd, this.pending);
    this.pending = '';
  }

  close(): void {
    this.flush();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
