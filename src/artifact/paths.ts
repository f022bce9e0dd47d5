/** Where an artifact lives: dist-fixtures/<dataset>/<version>/seed-<seed>-<profile>[-<scenario>][-p<params>]/ */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { canonical } from '../config/params.ts';
import type { Params } from '../core/dataset.ts';

/** Parameters as canonical JSON (keys sorted at every level): equal parameters, equal text. */
export function canonicalParams(p: Params): string {
  return canonical(p);
}

/** A scenario names its directory; overridden parameters get their own, named by a hash of them. */
export function artifactName(seed: number, profile: string, overrides: Params = {}, scenario?: string): string {
  const base = `seed-${seed}-${profile}${scenario ? `-${scenario}` : ''}`;
  if (Object.keys(overrides).length === 0) return base;
  const h = createHash('sha256').update(canonicalParams(overrides)).digest('hex').slice(0, 10);
  return `${base}-p${h}`;
}

export function artifactDir(
  outRoot: string,
  dataset: string,
  version: string,
  seed: number,
  profile: string,
  overrides: Params = {},
  scenario?: string,
): string {
  return join(outRoot, dataset, version, artifactName(seed, profile, overrides, scenario));
}
