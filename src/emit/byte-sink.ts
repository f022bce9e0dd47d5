/**
 * A growable byte buffer that encoders append to directly: digits written
 * as bytes, text encoded in place. Rows become bytes without a string per
 * field or per line, which is what keeps the garbage collector (44 % of a
 * build's time when rows were built as strings) out of the hot path.
 */
const DIGITS = 48;

/** The size of a chunk buffer: a 1 MB flush threshold plus room for the row that crosses it. */
export const CHUNK_BUFFER_BYTES = (1 << 20) + (1 << 16);

/**
 * Chunk buffers a thread keeps for reuse. A range is encoded whole before
 * its chunks are written (4 MB of output: about five flushes, each taking a
 * CSV and a JSON buffer), so the pool must hold a range's worth: with 4, a
 * large CSV+JSON build allocated 510 MB of fresh buffers for 380 MB of
 * output, and V8 ran a full GC for every ~15 MB of them (36 per build, 1
 * with 12). At most 12 × 1.06 MB stay allocated.
 */
const POOL_BUFFERS = 12;

/**
 * Chunk buffers that were written out, to be filled again: a build cycles
 * through a few of them instead of leaving one per MB of output to the
 * garbage collector, which frees ArrayBuffers late (a build held 30-90 MB of
 * written chunks). Whoever wrote a chunk gives its buffers back; a build
 * worker gets them back from the writer's thread through `refill`.
 */
export const bufferPool = {
  free: [] as ArrayBuffer[],
  /** Pulls buffers given back from elsewhere (a worker's port) into `free`. */
  refill: undefined as (() => void) | undefined,
  get(): Buffer {
    if (this.free.length === 0) this.refill?.();
    const ab = this.free.pop();
    return ab ? Buffer.from(ab) : Buffer.allocUnsafeSlow(CHUNK_BUFFER_BYTES);
  },
  /** Gives a buffer back; only whole chunk buffers are kept, and at most POOL_BUFFERS. */
  put(ab: ArrayBufferLike): void {
    if (ab.byteLength === CHUNK_BUFFER_BYTES && this.free.length < POOL_BUFFERS && ab instanceof ArrayBuffer) this.free.push(ab);
  },
};

export class ByteSink {
  buf: Buffer;
  pos = 0;

  /** A sink for chunks (capacity CHUNK_BUFFER_BYTES, from the pool), or a scratch sink of its own. */
  constructor(capacity?: number) {
    this.buf = capacity === undefined ? bufferPool.get() : Buffer.allocUnsafeSlow(capacity);
  }

  /** Makes room for n more bytes. */
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.allocUnsafeSlow(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  byte(b: number): void {
    if (this.pos >= this.buf.length) this.ensure(1);
    this.buf[this.pos++] = b;
  }

  bytes(b: Uint8Array): void {
    const n = b.length;
    this.ensure(n);
    // Most pieces are a few bytes (a date, a key): a loop beats set()'s call overhead.
    if (n <= 16) {
      const buf = this.buf;
      let p = this.pos;
      for (let i = 0; i < n; i++) buf[p++] = b[i];
      this.pos = p;
      return;
    }
    this.buf.set(b, this.pos);
    this.pos += n;
  }

  /** UTF-8 text. */
  text(s: string): void {
    this.ensure(s.length * 3);
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }

  /** A safe integer in decimal. */
  int(n: number): void {
    if (n < 0) {
      this.byte(45);
      n = -n;
    }
    if (n < 10) return this.byte(DIGITS + n);
    if (n >= 1e15) return this.text(String(n));
    this.ensure(16);
    if (n === Math.floor(n)) {
      // Integers print in int32 pieces, two digits at a time.
      if (n < 1e9) this.pos = writeUint(this.buf, this.pos, n);
      else {
        const hi = Math.floor(n / 1e8);
        const p = writeUint(this.buf, this.pos, hi);
        writePadded8(this.buf, p, n - hi * 1e8);
        this.pos = p + 8;
      }
      return;
    }
    let len = 1;
    for (let x = n; x >= 10; x = Math.floor(x / 10)) len++;
    let p = this.pos + len;
    const b = this.buf;
    while (n >= 10) {
      const q = Math.floor(n / 10);
      b[--p] = DIGITS + (n - q * 10);
      n = q;
    }
    b[--p] = DIGITS + n;
    this.pos += len;
  }

  /**
   * A number with exactly `scale` decimals, as Number.prototype.toFixed
   * prints it (round half up on the exact binary value), without making a
   * string: the scaled integer is used whenever it is unambiguous.
   */
  fixed(x: number, scale: number): void {
    const factor = POW10[scale];
    const negative = x < 0;
    const ax = negative ? -x : x;
    const scaled = ax * factor;
    const n = Math.round(scaled);
    // Near a half the product may have rounded across it: let toFixed decide.
    if (!(n < 1e15) || Math.abs(scaled - Math.floor(scaled) - 0.5) < 1e-6) return this.text(x.toFixed(scale));
    if (negative && n !== 0) this.byte(45);
    const whole = Math.floor(n / factor);
    this.int(whole);
    if (scale === 0) return;
    this.byte(46);
    let frac = n - whole * factor;
    this.ensure(scale);
    if (scale === 2) {
      this.buf[this.pos++] = PAIRS[frac << 1];
      this.buf[this.pos++] = PAIRS[(frac << 1) + 1];
      return;
    }
    for (let i = scale - 1; i >= 0; i--) {
      const q = Math.floor(frac / 10);
      this.buf[this.pos + i] = DIGITS + (frac - q * 10);
      frac = q;
    }
    this.pos += scale;
  }

  /**
   * The bytes written so far, in an ArrayBuffer of their own (transferable
   * to another thread); the sink goes on in a buffer from the pool. Handing
   * the buffer over instead of copying out of it saves a copy of every byte;
   * a few bytes are copied out instead, lest they hold a whole buffer.
   */
  take(): Buffer {
    const n = this.pos;
    this.pos = 0;
    if (n < 1 << 16) {
      const copy = Buffer.from(new ArrayBuffer(n));
      this.buf.copy(copy, 0, 0, n);
      return copy;
    }
    const out = this.buf.subarray(0, n);
    this.buf = bufferPool.get();
    return out;
  }

  toString(): string {
    return this.buf.toString('utf8', 0, this.pos);
  }
}

const POW10 = Array.from({ length: 19 }, (_, i) => 10 ** i);

/** "00" … "99" as byte pairs. */
const PAIRS = new Uint8Array(200);
for (let i = 0; i < 100; i++) {
  PAIRS[2 * i] = DIGITS + Math.floor(i / 10);
  PAIRS[2 * i + 1] = DIGITS + (i % 10);
}

function digitCount(n: number): number {
  if (n < 10000) return n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : 4;
  if (n < 100000000) return n < 100000 ? 5 : n < 1000000 ? 6 : n < 10000000 ? 7 : 8;
  return 9;
}

/** Writes an integer in [0, 1e9) at `at`; returns the position after it. */
function writeUint(b: Buffer, at: number, n: number): number {
  const end = at + digitCount(n);
  let p = end;
  while (n >= 100) {
    const q = (n / 100) | 0;
    const r = (n - q * 100) << 1;
    b[--p] = PAIRS[r + 1];
    b[--p] = PAIRS[r];
    n = q;
  }
  if (n >= 10) {
    b[--p] = PAIRS[(n << 1) + 1];
    b[--p] = PAIRS[n << 1];
  } else b[--p] = DIGITS + n;
  return end;
}

/** Writes an integer in [0, 1e8) as exactly 8 digits at `at`. */
function writePadded8(b: Buffer, at: number, n: number): void {
  for (let p = at + 8; p > at; ) {
    const q = (n / 100) | 0;
    const r = (n - q * 100) << 1;
    b[--p] = PAIRS[r + 1];
    b[--p] = PAIRS[r];
    n = q;
  }
}
