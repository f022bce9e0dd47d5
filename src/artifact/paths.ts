/** Where an artifact lives: dist-fixtures/<dataset>/<version>/seed-<seed>-<profile>[-p<params>]/ */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Params } from '../core/dataset.ts';

export function canonicalParams(p: Params): string {
  return JSON.stringify(Object.fromEntries(Object.entries(p).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}

/** Overridden parameters get their own directory, named by a hash of them. */
export function artifactName(seed: number, profile: string, overrides: Params = {}): string {
  const base = `seed-${seed}-${profile}`;
  if (Object.keys(overrides).length === 0) return base;
  const h = createHash('sha256').update(canonicalParams(overrides)).digest('hex').slice(0, 10);
  return `${base}-p${h}`;
}

export function artifactDir(outRoot: string, dataset: string, version: string, seed: number, profile: string, overrides: Params = {}): string {
  return join(outRoot, dataset, version, artifactName(seed, profile, overrides));
}
