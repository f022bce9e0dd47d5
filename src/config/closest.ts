/** "Did you mean …": the closest valid name to a mistyped one. */

export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/** The candidate nearest to `name` (case and `-`/`_` folded), ties to the first. */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  const fold = (s: string) => s.toLowerCase().replace(/[-_.]/g, '');
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(fold(name), fold(c));
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best;
}

/** `unknown key "x" (did you mean "y"? valid: …)` helper for hints. */
export function suggestion(name: string, candidates: readonly string[]): string {
  const c = closest(name, candidates);
  return c === undefined ? 'no keys are valid here' : `did you mean ${c}?`;
}
