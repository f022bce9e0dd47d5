/**
 * `forge pack`: an artifact as one .tar.gz whose bytes depend only on the
 * artifact's files. Everything tar would take from the file system (mtime,
 * mode, owner, order, which files) is fixed here, so packing the same artifact
 * twice, on any machine, gives the same archive (and the same sha256 to pin).
 */
import { createReadStream, createWriteStream, rmSync, statSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { onInterrupt } from '../interrupt.ts';
import { removeStalePartials } from './staging.ts';
import archiver from 'archiver';
import { writeError } from '../write-error.ts';
import { allFiles, type Manifest } from './manifest.ts';
import { readArtifact, verifyChecksums } from './read.ts';

/** npm pack's fixed date, for the same reason: tar readers dislike 1970. */
export const PACK_MTIME = new Date('1985-10-26T08:15:00.000Z');
const FILE_MODE = 0o644;
const DIR_MODE = 0o755;
/** Numeric owner 0 and no owner names: nothing of the packing machine. */
const OWNER = { uid: 0, gid: 0, uname: '', gname: '' };

/** The archive's single top directory, so that `tar xzf` makes one folder. */
export function packRoot(m: Manifest): string {
  return `${m.dataset.name}-${m.dataset.version}-seed-${m.seed}-${m.profile}`;
}

export function defaultPackPath(artifactDir: string): string {
  return `${artifactDir.replace(/\/+$/, '')}.tar.gz`;
}

function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

export interface PackResult {
  path: string;
  bytes: number;
  files: number;
}

/**
 * Packs the files the manifest vouches for, plus the manifest, after checking
 * them: a corrupted artifact is never sealed into an archive. Writes to a
 * temp name and renames, so `output` is complete or absent.
 */
export async function pack(artifactDir: string, output: string): Promise<PackResult> {
  const artifact = readArtifact(artifactDir);
  await verifyChecksums(artifact);
  const root = packRoot(artifact.manifest);
  const files = ['manifest.json', ...allFiles(artifact.manifest).map((f) => f.path)].sort(byteOrder);
  const dirs = [...new Set(files.flatMap((f) => parentsOf(f)))].sort(byteOrder);
  const entries = [...dirs.map((d) => ({ path: d, dir: true })), ...files.map((f) => ({ path: f, dir: false }))].sort((a, b) => byteOrder(a.path, b.path));

  const tmp = `${output}.partial-${process.pid}`;
  await removeStalePartials(dirname(output));
  const release = onInterrupt(() => rmSync(tmp, { force: true }));
  try {
    await new Promise<void>((resolve, reject) => {
      const archive = archiver('tar', { gzip: true, gzipOptions: { level: 6 } });
      const out = createWriteStream(tmp);
      out.on('close', () => resolve());
      out.on('error', reject);
      archive.on('error', reject);
      archive.on('warning', reject);
      archive.pipe(out);
      archive.append(Buffer.alloc(0), { name: `${root}/`, type: 'directory', date: PACK_MTIME, mode: DIR_MODE, ...OWNER } as archiver.EntryData);
      for (const e of entries) {
        const name = `${root}/${e.path}`;
        if (e.dir) {
          archive.append(Buffer.alloc(0), { name: `${name}/`, type: 'directory', date: PACK_MTIME, mode: DIR_MODE, ...OWNER } as archiver.EntryData);
        } else {
          const path = join(artifact.dir, e.path);
          // stats gives tar the size up front, so files stream instead of being buffered whole.
          archive.append(createReadStream(path), { name, date: PACK_MTIME, mode: FILE_MODE, stats: statSync(path), ...OWNER } as archiver.EntryData);
        }
      }
      void archive.finalize();
    });
    await rename(tmp, output);
  } catch (e) {
    await rm(tmp, { force: true });
    throw writeError(e, output, 'choose another path with --output');
  } finally {
    release();
  }
  return { path: output, bytes: statSync(output).size, files: files.length };
}

function parentsOf(path: string): string[] {
  const parts = path.split('/').slice(0, -1);
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}
