/**
 * A packed artifact (.tar.gz) turned back into a directory the loader reads:
 * extracted into a fresh temp dir, then read and checked like any artifact.
 * Only plain files and directories inside the archive are accepted (no links,
 * no absolute or `..` paths), so an archive cannot write outside its dir.
 */
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { extract } from 'tar-stream';
import { ForgeError } from '../errors.ts';
import { readArtifact, verifyChecksums, type Artifact } from './read.ts';

export function isArchivePath(path: string): boolean {
  return /\.(tar\.gz|tgz)$/.test(path) && existsSync(path) && statSync(path).isFile();
}

export interface UnpackedArtifact {
  artifact: Artifact;
  /** Removes the temp dir; safe to call more than once. */
  cleanup(): void;
}

const SAFE_PATH = /^(?!\/)(?!.*(^|\/)\.\.(\/|$))[^\0]+$/;

/** Extracts `archive`, finds its manifest (at the top or in the single top dir) and checks every file. */
export async function unpackArtifact(archive: string): Promise<UnpackedArtifact> {
  let dir: string;
  try {
    dir = mkdtempSync(join(tmpdir(), 'forge-unpacked-'));
  } catch (e) {
    throw new ForgeError('OUTPUT_NOT_WRITABLE', `cannot make a temp dir to unpack ${archive} in ${tmpdir()}: ${(e as NodeJS.ErrnoException).code}`, 'set TMPDIR to a writable directory');
  }
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    await extractTo(archive, dir);
    const root = artifactRoot(dir, archive);
    const artifact = readArtifact(root);
    await verifyChecksums(artifact);
    return { artifact, cleanup };
  } catch (e) {
    cleanup();
    throw e;
  }
}

async function extractTo(archive: string, dir: string): Promise<void> {
  const invalid = (why: string) => new ForgeError('ARTIFACT_INVALID', `${archive}: ${why}`, 'pack artifacts with forge pack');
  const tar = extract();
  const feeding = pipeline(createReadStream(archive), createGunzip(), tar);
  // Its failure surfaces in the loop below (or is awaited after it).
  feeding.catch(() => {});
  try {
    for await (const entry of tar) {
      const { name: raw, type } = entry.header;
      const name = raw.replace(/\/+$/, '');
      if (!SAFE_PATH.test(name)) throw invalid(`unsafe path in archive: ${JSON.stringify(raw)}`);
      const target = join(dir, name);
      if (type === 'directory') {
        mkdirSync(target, { recursive: true });
        entry.resume();
      } else if (type === 'file') {
        mkdirSync(dirname(target), { recursive: true });
        await pipeline(entry, createWriteStream(target));
      } else {
        throw invalid(`${raw} is a ${type}; an artifact archive holds only files and directories`);
      }
    }
    await feeding;
  } catch (e) {
    if (e instanceof ForgeError) throw e;
    throw invalid(`not a readable .tar.gz (${(e as Error).message})`);
  }
}

function artifactRoot(dir: string, archive: string): string {
  if (existsSync(join(dir, 'manifest.json'))) return dir;
  const top = readdirSync(dir);
  if (top.length === 1 && existsSync(join(dir, top[0], 'manifest.json'))) return join(dir, top[0]);
  throw new ForgeError('ARTIFACT_MISSING', `${archive} holds no artifact (no manifest.json at its top or in its single top folder)`, 'pack artifacts with forge pack');
}
