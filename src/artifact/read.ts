/**
 * Reading a compiled artifact: its manifest (validated) and the proof that
 * every file is what the manifest says, checked before anything else runs.
 */
import { createHash, type Hash } from 'node:crypto';
import { closeSync, constants, existsSync, fstatSync, lstatSync, openSync, readFileSync, readSync, type Stats } from 'node:fs';
import { join, resolve } from 'node:path';
import { ForgeError } from '../errors.ts';
import type { Manifest } from './manifest.ts';
import { allFiles, checkManifest, ManifestIssue } from './manifest-check.ts';

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
  const fd = openArtifactFile(dir, 'manifest.json');
  let text: Buffer;
  try {
    text = readFileSync(fd);
  } finally {
    closeSync(fd);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.toString('utf8'));
  } catch (e) {
    throw new ForgeError('ARTIFACT_INVALID', `${path} is not JSON: ${(e as Error).message}`, 'rebuild the artifact');
  }
  let manifest: Manifest;
  try {
    manifest = checkManifest(parsed);
  } catch (e) {
    if (!(e instanceof ManifestIssue)) throw e;
    throw new ForgeError(
      'ARTIFACT_INVALID',
      `${path} is not a fixture-forge manifest: ${e.path.join('.')}: ${e.message}`,
      'rebuild the artifact with this version of forge',
    );
  }
  return { dir, manifest, manifestSha256: createHash('sha256').update(text).digest('hex') };
}

/**
 * The read size for a file of `bytes` bytes (as the manifest says): the whole
 * file in one read up to 1 MiB, so that a small artifact's files do not each
 * take a megabyte (10-20 ms of collection in a tiny load), and at least 4 KiB,
 * so that a manifest that lies about a size cannot make reads of a byte.
 */
export const readSizeFor = (bytes: number): number => Math.min(1 << 20, Math.max(4096, bytes + 1));

/**
 * Opens a file of the artifact for reading, refusing anything that is not a
 * regular file inside it: a symlink anywhere on the path (O_NOFOLLOW on the
 * file, lstat on each folder), a FIFO, a device. The check is on the open
 * descriptor, so what is checked is what is read.
 */
export function openArtifactFile(dir: string, rel: string): number {
  const refuse = (why: string) =>
    new ForgeError('ARTIFACT_INVALID', `artifact file ${rel} ${why}`, 'an artifact holds only regular files; rebuild or re-extract it; nothing was changed');
  const parts = rel.split('/');
  let at = dir;
  for (const part of parts.slice(0, -1)) {
    at = join(at, part);
    let st: Stats;
    try {
      st = lstatSync(at);
    } catch {
      throw new ForgeError('CHECKSUM_MISMATCH', `artifact file ${rel} is missing`, 'rebuild the artifact; nothing was changed');
    }
    if (!st.isDirectory()) throw refuse(`is under ${part}, which is ${st.isSymbolicLink() ? 'a symbolic link' : 'not a folder'}`);
  }
  let fd: number;
  try {
    fd = openSync(join(dir, rel), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ForgeError('CHECKSUM_MISMATCH', `artifact file ${rel} is missing`, 'rebuild the artifact; nothing was changed');
    if (code === 'ELOOP' || code === 'EMLINK') throw refuse('is a symbolic link');
    throw refuse(`cannot be opened (${code})`);
  }
  const st = fstatSync(fd);
  if (!st.isFile()) {
    closeSync(fd);
    throw refuse(`is not a regular file (${st.isDirectory() ? 'a folder' : st.isFIFO() ? 'a FIFO' : 'a device or socket'})`);
  }
  return fd;
}

/** Counts data rows as they stream by: CSV records outside quotes (less the header), JSON lines that open an object. */
export class RowCounter {
  rows = 0;
  private inQuotes = false;
  private last = 0x0a;
  constructor(private readonly kind: 'csv' | 'json') {}
  update(chunk: Buffer): void {
    if (this.kind === 'json') {
      // One object per line: a row is a line that starts with "{" (JSON strings hold no raw newline).
      // A byte search per line beats a two-byte string search (~2x on 11 MB).
      if (this.last === 0x0a && chunk[0] === 0x7b) this.rows++;
      for (let i = chunk.indexOf(0x0a); i >= 0; i = chunk.indexOf(0x0a, i + 1)) if (chunk[i + 1] === 0x7b) this.rows++;
    } else if (!this.inQuotes && chunk.indexOf(0x22) < 0) {
      for (let i = chunk.indexOf(0x0a); i >= 0; i = chunk.indexOf(0x0a, i + 1)) this.rows++;
    } else {
      for (let i = 0; i < chunk.length; i++) {
        const b = chunk[i];
        if (b === 0x22) this.inQuotes = !this.inQuotes;
        else if (b === 0x0a && !this.inQuotes) this.rows++;
      }
    }
    if (chunk.length) this.last = chunk[chunk.length - 1];
    // A straddling "\n{" across chunks: counted by the first test of the next chunk.
  }
  /** Data rows: CSV records less the header line. */
  get dataRows(): number {
    return this.kind === 'csv' ? Math.max(0, this.rows - 1) : this.rows;
  }
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  await eachChunk(openSync(path, 'r'), undefined, (b) => hash.update(b));
  return hash.digest('hex');
}

/**
 * Every chunk of an open file (closed at the end), read into one buffer that
 * is reused: `use` must not keep a chunk. Fresh buffers for each read (what a
 * read stream does) cost ~4x the CPU of the hashing itself on this machine
 * (page faults on new memory, then collecting it: ~270 ms against ~60 ms for
 * the 25 MB of JSON a local load checks), and a load checks its files while
 * the server's index builds need both cores. Yields to the event loop between
 * chunks, so the load's other connections are served meanwhile.
 */
async function eachChunk(fd: number, bytes: number | undefined, use: (chunk: Buffer) => void): Promise<void> {
  try {
    const buf = Buffer.allocUnsafe(readSizeFor(bytes ?? fstatSync(fd).size));
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) return;
      use(buf.subarray(0, n));
      await new Promise(setImmediate);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * A file's bytes as read (their count and their hash) against its manifest
 * entry: the one checksum rule, for the check of every file and for what a
 * COPY sends. `how` says how it can have come to differ.
 */
export function checkDigest(entry: { path: string; bytes: number; sha256: string }, bytes: number, hash: Hash, how: string): void {
  if (bytes !== entry.bytes || hash.digest('hex') !== entry.sha256) {
    throw new ForgeError(
      'CHECKSUM_MISMATCH',
      `artifact file ${entry.path} does not match its sha256 in manifest.json (${how})`,
      'rebuild the artifact; nothing was changed',
    );
  }
}

/** A data file's table and kind, for the row-count cross-check. */
function dataFiles(m: Manifest): Map<string, { table: string; rows: number; kind: 'csv' | 'json' }> {
  const out = new Map<string, { table: string; rows: number; kind: 'csv' | 'json' }>();
  for (const t of m.tables) {
    if (t.files.csv) out.set(t.files.csv.path, { table: t.name, rows: t.rows, kind: 'csv' });
    if (t.files.json) out.set(t.files.json.path, { table: t.name, rows: t.rows, kind: 'json' });
  }
  return out;
}

/**
 * Files against their size and sha256 (all, or those `which` selects); the
 * first mismatch is an error naming it. Also cross-checks what is cheap to:
 * the rows of every CSV and JSON file it reads against the manifest's
 * count, and SHA256SUMS against the manifest (the same files, the same
 * sums), so that editing a file and "fixing" the manifest is caught.
 */
export async function verifyChecksums(a: Artifact, which: (path: string) => boolean = () => true): Promise<void> {
  const data = dataFiles(a.manifest);
  for (const f of allFiles(a.manifest).filter((file) => which(file.path))) {
    const fd = openArtifactFile(a.dir, f.path);
    const hash = createHash('sha256');
    const d = data.get(f.path);
    const counter = d ? new RowCounter(d.kind) : undefined;
    const keep = f.path === 'SHA256SUMS' ? ([] as Buffer[]) : undefined;
    let bytes = 0;
    await eachChunk(fd, f.bytes, (b) => {
      bytes += b.length;
      hash.update(b);
      counter?.update(b);
      keep?.push(Buffer.from(b));
    });
    checkDigest(f, bytes, hash, 'corrupted or edited');
    if (d && counter && counter.dataRows !== d.rows) {
      throw new ForgeError(
        'CHECKSUM_MISMATCH',
        `artifact file ${f.path} holds ${counter.dataRows} rows, manifest.json says ${d.rows} for table ${d.table} (edited)`,
        'rebuild the artifact; nothing was changed',
      );
    }
    if (keep) checkSums(a.manifest, Buffer.concat(keep).toString('utf8'));
  }
}

/** SHA256SUMS and manifest.json must vouch for the same files with the same sums. */
function checkSums(m: Manifest, text: string): void {
  const listed = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (!line) continue;
    const match = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (!match) throw new ForgeError('CHECKSUM_MISMATCH', `SHA256SUMS has a line that is not "<sha256>  <path>"`, 'rebuild the artifact; nothing was changed');
    listed.set(match[2], match[1]);
  }
  const expected = allFiles(m).filter((f) => f.path !== 'SHA256SUMS');
  for (const f of expected) {
    if (listed.get(f.path) !== f.sha256) {
      throw new ForgeError(
        'CHECKSUM_MISMATCH',
        `SHA256SUMS and manifest.json disagree on ${f.path} (one of them was edited)`,
        'rebuild the artifact; nothing was changed',
      );
    }
  }
  const extra = [...listed.keys()].filter((p) => !expected.some((f) => f.path === p));
  if (extra.length)
    throw new ForgeError('CHECKSUM_MISMATCH', `SHA256SUMS lists ${extra[0]}, which manifest.json does not`, 'rebuild the artifact; nothing was changed');
}

/** The files a load reads: the SQL and the CSV data. */
export const isLoadInput = (path: string): boolean => path.endsWith('.sql') || path.endsWith('.csv');
