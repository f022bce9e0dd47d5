/** Where the examples find their fixture: the committed golden of retail, seed 42, whatever its version. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function goldenDir(dataset = 'retail', seed = 42): string {
  const base = fileURLToPath(new URL(`../fixtures/${dataset}/`, import.meta.url));
  const versions = readdirSync(base);
  if (versions.length !== 1) throw new Error(`expected one version of ${dataset} under ${base}, found ${versions.join(', ')}`);
  return join(base, versions[0], `seed-${seed}-tiny`);
}
