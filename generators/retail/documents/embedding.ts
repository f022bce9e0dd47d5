/**
 * The documents' embedding: a deterministic, offline stand-in for a model's
 * vector, so a RAG pipeline can be indexed and tested without one. Signed
 * feature hashing of the lower-case alphanumeric tokens of a text: each
 * token's FNV-1a hash (src/core/hash.ts hashString) picks a dimension (hash
 * mod DIMS) and a sign (its top bit); the counts are L2-normalised and
 * rounded to multiples of 1/256 (exact in float4, so the real[] text is the
 * same in the CSV and in Postgres). Embed a query the same way and rank by
 * dot product: texts sharing words score high.
 */
import { hashString } from '../../../src/core/hash.ts';

export const DIMS = 64;

export function hashEmbedding(text: string, dims = DIMS): number[] {
  const v = new Array<number>(dims).fill(0);
  for (const token of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    const h = hashString(token);
    v[h % dims] += h & 0x80000000 ? -1 : 1;
  }
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
  return v.map((x) => {
    const q = Math.round((x / norm) * 256) / 256;
    return q === 0 ? 0 : q; // never -0, which Postgres would print as "-0"
  });
}

export function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
