/**
 * Reading a compiled artifact: its manifest (validated) and the proof that
 * every file is what the manifest says, checked before anything else runs.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ForgeError } from '../errors.ts';
import { allFiles, Manifest } from './manifest.ts';

export interface Artifact {
  dir: string;
  manifest: Manifest;
  manifestSha256: string;
}

export function readArtifact(dirArg: string): Artifact {
  const dir = resolve(dirArg);
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) {
    throw new ForgeError('ARTIFACT_MISSING', `no artifact at ${dir} (manifest.json not found)`, 'build it first: make fixtures SEED=42, or forge build');
  }
  const text = readFileSync(path);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.toString('utf8'));
  } catch (e) {
    throw new ForgeError('ARTIFACT_INVALID', `${path} is not JSON: ${(e as Error).message}`, 'rebuild the artifact');
  }
  const result = Manifest.safeParse(parsed);
  if (!result.success) {
    const first = result.error.issues[0];
    throw new ForgeError('ARTIFACT_INVALID', `${path} is not a fixture-forge manifest: ${first.path.join('.')}: ${first.message}`, 'rebuild the artifact with this version of forge');
  }
  return { dir, manifest: result.data, manifestSha256: createHash('sha256').update(text).digest('hex') };
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Files against their size and sha256 (all, or those `which` selects); the first mismatch is an error naming it. */
export async function verifyChecksums(a: Artifact, which: (path: string) => boolean = () => true): Promise<void> {
  for (const f of allFiles(a.manifest).filter((file) => which(file.path))) {
    const path = join(a.dir, f.path);
    if (!existsSync(path)) throw new ForgeError('CHECKSUM_MISMATCH', `artifact file ${f.path} is missing`, 'rebuild the artifact; nothing was changed');
    const size = statSync(path).size;
    if (size !== f.bytes || (await sha256File(path)) !== f.sha256) {
      throw new ForgeError('CHECKSUM_MISMATCH', `artifact file ${f.path} does not match its sha256 in manifest.json (corrupted or edited)`, 'rebuild the artifact; nothing was changed');
    }
  }
}

/** The files a load reads: the SQL and the CSV data. */
export const isLoadInput = (path: string): boolean => path.endsWith('.sql') || path.endsWith('.csv');
