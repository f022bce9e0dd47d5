/**
 * A packed artifact (.tar.gz) turned back into a directory the loader reads:
 * extracted into a fresh temp dir, then read and checked like any artifact.
 * Only plain files and directories inside the archive are accepted (no links,
 * no absolute or `..` paths), so an archive cannot write outside its dir;
 * and only the files its manifest lists, each at most its declared size
 * (the manifest is read first, in a pass that writes nothing), so a small
 * archive cannot fill the disk with something the artifact does not hold.
 */
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { Transform } from 'node:stream';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { extract } from 'tar-stream';
import { ForgeError } from '../errors.ts';
import { onInterrupt } from '../interrupt.ts';
import { pidAlive } from '../pid.ts';
import { diskFull, isDiskFull, writeError } from '../write-error.ts';
import type { Manifest } from './manifest.ts';
import { allFiles, checkManifest, ManifestIssue } from './manifest-check.ts';
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

const UNPACK_PREFIX = 'forge-unpacked-';
/** A manifest is small; anything larger is not one (and is not read into memory). */
const MAX_MANIFEST_BYTES = 64 << 20;

/** Unpacked folders of forge processes that are gone (killed before they could remove them). */
export function sweepStaleUnpacked(root = tmpdir()): void {
  for (const name of readdirSync(root)) {
    const m = new RegExp(`^${UNPACK_PREFIX}(\\d+)-`).exec(name);
    if (m && Number(m[1]) !== process.pid && !pidAlive(Number(m[1]))) rmSync(join(root, name), { recursive: true, force: true });
  }
}

/** Extracts `archive`, finds its manifest (at the top or in the single top dir) and checks every file. */
export async function unpackArtifact(archive: string): Promise<UnpackedArtifact> {
  sweepStaleUnpacked();
  let dir: string;
  try {
    // The pid in the name lets a later run remove it if this process is killed.
    dir = mkdtempSync(join(tmpdir(), `${UNPACK_PREFIX}${process.pid}-`));
  } catch (e) {
    throw isDiskFull(e) ? unpackFull(archive) : writeError(e, `a temp dir in ${tmpdir()} to unpack ${archive}`, 'set TMPDIR to a writable directory');
  }
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  const release = onInterrupt(cleanup);
  try {
    const { prefix, manifest } = await readManifestEntry(archive);
    await extractListed(archive, dir, prefix, manifest);
    const artifact = readArtifact(join(dir, prefix));
    await verifyChecksums(artifact);
    return {
      artifact,
      cleanup: () => {
        release();
        cleanup();
      },
    };
  } catch (e) {
    release();
    cleanup();
    throw isDiskFull(e) ? unpackFull(archive) : e;
  }
}

const unpackFull = (archive: string) => diskFull(`unpacking ${archive} into ${tmpdir()}`, 'set TMPDIR to another directory');

const invalid = (archive: string, why: string) =>
  new ForgeError('ARTIFACT_INVALID', `${archive}: ${why}`, 'pack artifacts with forge pack; nothing was extracted');

/** Walks the archive's entries (through gunzip), handing each to `visit`; `visit` returns false to stop early. */
type Entry = AsyncIterable<unknown> & NodeJS.ReadableStream;

async function walk(archive: string, visit: (name: string, type: string, size: number, entry: Entry) => Promise<boolean>): Promise<void> {
  const tar = extract();
  const feeding = pipeline(createReadStream(archive), createGunzip(), tar);
  feeding.catch(() => {});
  try {
    for await (const entry of tar) {
      const { name: raw, type, size } = entry.header;
      // `tar -C dir .` writes ./name: the same path.
      const name = raw.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
      if (name === '' || name === '.') {
        entry.resume();
        continue;
      }
      if (!SAFE_PATH.test(name)) throw invalid(archive, `unsafe path in archive: ${JSON.stringify(raw)}`);
      if (type !== 'file' && type !== 'directory') throw invalid(archive, `${raw} is a ${type}; an artifact archive holds only files and directories`);
      if (!(await visit(name, type ?? 'file', size ?? 0, entry as unknown as Entry))) {
        entry.resume();
        tar.destroy();
        return;
      }
    }
    await feeding;
  } catch (e) {
    if (e instanceof ForgeError || isDiskFull(e)) throw e;
    throw invalid(archive, `not a readable .tar.gz (${(e as Error).message})`);
  }
}

/**
 * First pass: only the manifest, read into memory (it is small), nothing
 * written. It says which files the archive may hold and how big each is.
 */
async function readManifestEntry(archive: string): Promise<{ prefix: string; manifest: Manifest; bytes: Buffer }> {
  let found: { prefix: string; bytes: Buffer } | undefined;
  await walk(archive, async (name, type, size, entry) => {
    const m = /^(?:([^/]+)\/)?manifest\.json$/.exec(name);
    if (!m || type !== 'file') {
      entry.resume();
      return true;
    }
    if (size > MAX_MANIFEST_BYTES) throw invalid(archive, `its manifest.json is ${size} bytes, more than a manifest can be`);
    const chunks: Buffer[] = [];
    for await (const c of entry) chunks.push(c as Buffer);
    found = { prefix: m[1] ?? '', bytes: Buffer.concat(chunks) };
    return false;
  });
  if (!found)
    throw new ForgeError(
      'ARTIFACT_MISSING',
      `${archive} holds no artifact (no manifest.json at its top or in its single top folder)`,
      'pack artifacts with forge pack',
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(found.bytes.toString('utf8'));
  } catch (e) {
    throw invalid(archive, `its manifest.json is not JSON: ${(e as Error).message}`);
  }
  let manifest: Manifest;
  try {
    manifest = checkManifest(parsed);
  } catch (e) {
    if (!(e instanceof ManifestIssue)) throw e;
    throw invalid(archive, `its manifest.json is not a fixture-forge manifest: ${e.path.join('.')}: ${e.message}`);
  }
  return { prefix: found.prefix, manifest, bytes: found.bytes };
}

/**
 * Second pass: extracts exactly the files the manifest lists (and the
 * manifest), each refused before a byte is written when it is not listed,
 * listed twice, or bigger than declared; folders only where listed files go.
 */
async function extractListed(archive: string, dir: string, prefix: string, m: Manifest): Promise<void> {
  const declared = new Map<string, number>(allFiles(m).map((f) => [f.path, f.bytes]));
  declared.set('manifest.json', MAX_MANIFEST_BYTES);
  const folders = new Set<string>(['']);
  for (const p of declared.keys()) {
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) folders.add(parts.slice(0, i).join('/'));
  }
  const written = new Set<string>();
  const root = prefix ? `${prefix}/` : '';
  await walk(archive, async (name, type, size, entry) => {
    if (prefix && name === prefix && type === 'directory') {
      entry.resume();
      return true;
    }
    if (!name.startsWith(root)) throw invalid(archive, `${name} is outside the artifact's folder ${prefix}`);
    const rel = name.slice(root.length);
    if (type === 'directory') {
      if (!folders.has(rel)) throw invalid(archive, `it holds a folder ${rel} that the manifest does not list`);
      mkdirSync(join(dir, root, rel), { recursive: true });
      entry.resume();
      return true;
    }
    if (type !== 'file') throw invalid(archive, `${name} is a ${type}; an artifact archive holds only files and directories`);
    const limit = declared.get(rel);
    if (limit === undefined) throw invalid(archive, `it holds ${rel}, which the manifest does not list (${size} bytes); only listed files are extracted`);
    if (written.has(rel)) throw invalid(archive, `it holds ${rel} twice`);
    if (size > limit || (rel !== 'manifest.json' && size !== limit))
      throw invalid(archive, `${rel} is ${size} bytes in the archive, the manifest says ${limit}`);
    written.add(rel);
    const target = join(dir, root, rel);
    mkdirSync(dirname(target), { recursive: true });
    let n = 0;
    const cap = new Transform({
      transform(chunk: Buffer, _e, cb) {
        n += chunk.length;
        cb(n > limit ? invalid(archive, `${rel} is bigger than the manifest says`) : null, chunk);
      },
    });
    await pipeline(entry, cap, createWriteStream(target, { flags: 'wx' }));
    return true;
  });
}
