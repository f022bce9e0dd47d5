/**
 * A growable byte buffer that encoders append to directly: digits written
 * as bytes, text encoded in place. Rows become bytes without a string per
 * field or per line, which is what keeps the garbage collector (44 % of a
 * build's time when rows were built as strings) out of the hot path.
 */
const DIGITS = 48;

export class ByteSink {
  buf: Buffer;
  pos = 0;

  constructor(capacity = 1 << 20) {
    this.buf = Buffer.allocUnsafeSlow(capacity);
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
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
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
    for (let i = scale - 1; i >= 0; i--) {
      const q = Math.floor(frac / 10);
      this.buf[this.pos + i] = DIGITS + (frac - q * 10);
      frac = q;
    }
    this.pos += scale;
  }

  /** The bytes written so far, copied into their own ArrayBuffer (transferable); the sink is emptied. */
  take(): Buffer {
    const copy = new Uint8Array(this.buf.subarray(0, this.pos));
    this.pos = 0;
    return Buffer.from(copy.buffer, 0, copy.length);
  }

  toString(): string {
    return this.buf.toString('utf8', 0, this.pos);
  }
}

const POW10 = Array.from({ length: 19 }, (_, i) => 10 ** i);
