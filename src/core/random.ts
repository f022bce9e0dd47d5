/**
 * Distributions over keyed hashes. Each function takes a 32-bit cell hash
 * (see `Stream.at`) and derives its value from it alone, so any value can be
 * made without making any other (random access, any order, any worker).
 */
import { combine, draw, unit } from './hash.ts';

/** The random source of one column (or one latent variable) of one table. */
export class Stream {
  constructor(readonly key: number) {}
  /** The cell hash of a row key. */
  at(a: number): number {
    return combine(this.key, a);
  }
  /** The cell hash of a composite row key (e.g. date × store × product). */
  at2(a: number, b: number): number {
    return combine(combine(this.key, a), b);
  }
  at3(a: number, b: number, c: number): number {
    return combine(combine(combine(this.key, a), b), c);
  }
}

/** Integer in [lo, hi], both inclusive. */
export function intIn(h: number, lo: number, hi: number): number {
  return lo + Math.floor(unit(h) * (hi - lo + 1));
}

export function floatIn(h: number, lo: number, hi: number): number {
  return lo + unit(h) * (hi - lo);
}

export function chance(h: number, p: number): boolean {
  return unit(h) < p;
}

export function pick<T>(h: number, items: readonly T[]): T {
  return items[Math.floor(unit(h) * items.length)];
}

/** Precomputes cumulative weights so that a weighted pick is a short scan. */
export class Weighted<T> {
  private readonly cumulative: Float64Array;
  readonly items: readonly T[];
  constructor(pairs: readonly (readonly [T, number])[]) {
    this.items = pairs.map((p) => p[0]);
    this.cumulative = new Float64Array(pairs.length);
    let total = 0;
    pairs.forEach(([, w], i) => {
      if (!(w >= 0)) throw new RangeError(`weight must be >= 0, got ${w}`);
      total += w;
      this.cumulative[i] = total;
    });
    if (total <= 0) throw new RangeError('weights must not all be zero');
    for (let i = 0; i < this.cumulative.length; i++) this.cumulative[i] /= total;
  }
  index(h: number): number {
    const u = unit(h);
    const c = this.cumulative;
    let i = 0;
    while (i < c.length - 1 && u >= c[i]) i++;
    return i;
  }
  pick(h: number): T {
    return this.items[this.index(h)];
  }
}

/**
 * Standard normal by Box-Muller from two draws of the cell. Math.log, sqrt
 * and cos are correctly rounded enough in V8 that results agree across x64
 * machines; outputs are rounded by callers before they reach a file.
 */
export function normal(h: number, mean = 0, sd = 1): number {
  const u1 = (draw(h, 0) + 1) / 4294967297; // (0, 1]: log stays finite
  const u2 = unit(draw(h, 1));
  return mean + sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

export function lognormal(h: number, mu: number, sigma: number): number {
  return Math.exp(normal(h, mu, sigma));
}

/**
 * A keyed permutation of [0, n): a balanced Feistel network over the next
 * even power of two, with cycle walking back into range. `permute(i)` for
 * i in [0, n) gives n distinct values in [0, n): unique by construction.
 */
export class Permutation {
  private readonly halfBits: number;
  private readonly mask: number;
  constructor(
    readonly n: number,
    private readonly key: number,
    private readonly rounds = 4,
  ) {
    if (!Number.isInteger(n) || n < 1 || n > 2 ** 52) throw new RangeError(`permutation size must be an integer in [1, 2^52], got ${n}`);
    let bits = Math.max(2, Math.ceil(Math.log2(n)));
    if (bits % 2) bits++;
    this.halfBits = bits / 2;
    this.mask = 2 ** this.halfBits - 1;
  }
  private encrypt(x: number): number {
    const size = 2 ** this.halfBits;
    let left = Math.floor(x / size);
    let right = x % size;
    for (let r = 0; r < this.rounds; r++) {
      const f = combine(combine(this.key, r), right) % (this.mask + 1);
      const next = (left + f) % (this.mask + 1);
      left = right;
      right = next;
    }
    return left * size + right;
  }
  at(i: number): number {
    if (!(i >= 0 && i < this.n)) throw new RangeError(`permutation index ${i} outside [0, ${this.n})`);
    let x = i;
    do x = this.encrypt(x);
    while (x >= this.n);
    return x;
  }
}

/** A v4-shaped UUID from a cell: 128 bits from four draws. */
export function uuid(h: number): string {
  const hex = (x: number) => x.toString(16).padStart(8, '0');
  const a = hex(draw(h, 0));
  const b = hex(draw(h, 1));
  const c = hex(draw(h, 2));
  const d = hex(draw(h, 3));
  const variant = ((parseInt(c[0], 16) & 0x3) | 0x8).toString(16);
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`;
}
