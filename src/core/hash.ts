/**
 * Counter-based hashing: the only source of randomness in fixture-forge.
 *
 * A value is `draw(cell(columnKey, rowKey...), k)`, so it depends on nothing
 * but its keys: no shared stream, no order of production. All arithmetic is
 * 32-bit integer (Math.imul, >>>), which is exact and identical on every
 * machine, unlike floating point transcendental functions.
 */

const TWO_32 = 4294967296;

/** A 32-bit bijective finaliser with low bias (Chris Wellons' lowbias32). */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * Folds an integer key (up to 2^53, may be negative) into a hash. For a
 * fixed `h`, distinct 32-bit keys give distinct results (mix32 is a
 * bijection), so row keys never collide inside one column.
 */
export function combine(h: number, v: number): number {
  const lo = v >>> 0;
  let x = mix32((h ^ lo) >>> 0);
  const hi = (v - lo) / TWO_32;
  if (hi !== 0) x = mix32((x ^ hi ^ 0x85ebca6b) >>> 0);
  return x;
}

/** FNV-1a over UTF-16 code units, then mixed: stable names to 32-bit keys. */
export function hashString(s: string, h = 0x811c9dc5): number {
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h >>> 0);
}

/** The k-th independent 32-bit draw from one cell. */
export function draw(h: number, k: number): number {
  return mix32((h + Math.imul(k + 1, 0x9e3779b9)) >>> 0);
}

/** A uniform number in [0, 1) from a 32-bit hash. */
export function unit(h: number): number {
  return h / TWO_32;
}
