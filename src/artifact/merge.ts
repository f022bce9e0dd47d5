/**
 * `forge merge`: shards of one build into the whole artifact. Reads only the
 * shards (manifests checked, checksums verified), and writes through the same
 * writer as `forge build`, so the result is byte-identical to an unsharded
 * build.
 */
import { closeSync, createReadStream, openSync, readFileSync, readSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ForgeError } from '../errors.ts';
import type { Manifest } from './manifest.ts';
import { canonicalParams } from './paths.ts';
import { readArtifact, verifyChecksums, type Artifact } from './read.ts';
import { withTempDir, prepareOutputRoot } from './staging.ts';
import type { WriterChunk } from './table-chunks.ts';
import { writeArtifact, type ArtifactPlan, type ProgressEvent, type TableMeta } from './write.ts';

/** Checks that the shards are the complete, contiguous parts of one build; returns them in order. */
export function orderShards(shards: Artifact[]): Artifact[] {
  if (shards.length === 0) throw new ForgeError('USAGE', 'forge merge needs shard directories', 'forge merge <shard-1> <shard-2> ... --out DIR');
  const first = shards[0].manifest;
  const same = (m: Manifest) =>
    m.dataset.name === first.dataset.name &&
    m.dataset.version === first.dataset.version &&
    m.seed === first.seed &&
    m.profile === first.profile &&
    canonicalParams(m.params) === canonicalParams(first.params);
  for (const s of shards) {
    if (s.manifest.range?.kind !== 'shard') throw new ForgeError('USAGE', `${s.dir} is not a shard`, 'build shards with forge build --shard i/N');
    if (!same(s.manifest))
      throw new ForgeError(
        'USAGE',
        `${s.dir} is a shard of another build (dataset, version, seed, profile or parameters differ)`,
        'merge shards of one build only',
      );
  }
  const sorted = [...shards].sort(
    (a, b) => (a.manifest.range!.tables[first.tables[0].name]?.from ?? 0) - (b.manifest.range!.tables[first.tables[0].name]?.from ?? 0),
  );
  for (const t of first.tables) {
    let next = 0;
    for (const s of sorted) {
      const r = s.manifest.range!.tables[t.name];
      if (!r || r.from !== next)
        throw new ForgeError(
          'USAGE',
          `the shards do not cover table ${t.name} contiguously (a shard is missing or repeated near unit ${next})`,
          'pass every shard i/N exactly once',
        );
      next = r.to;
    }
    if (next !== t.units)
      throw new ForgeError('USAGE', `the shards cover ${next} of ${t.units} units of table ${t.name}: a shard is missing`, 'pass every shard i/N exactly once');
  }
  return sorted;
}

/** A file's bytes in pieces, skipping `skip` leading bytes and `trim` trailing ones. */
async function* filePieces(path: string, skip: number, trim: number): AsyncGenerator<Buffer> {
  let held = Buffer.alloc(0);
  let skipped = 0;
  for await (const raw of createReadStream(path, { highWaterMark: 1 << 20 })) {
    let buf = raw as Buffer;
    if (skipped < skip) {
      const n = Math.min(skip - skipped, buf.length);
      skipped += n;
      buf = buf.subarray(n);
    }
    const all = held.length ? Buffer.concat([held, buf]) : buf;
    const keep = Math.max(0, all.length - trim);
    if (keep > 0) yield all.subarray(0, keep);
    held = Buffer.from(all.subarray(keep));
  }
}

/** Bytes of a CSV file's header line (read from its start only). */
function headerLength(path: string): number {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(1 << 16);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).indexOf(10) + 1;
  } finally {
    closeSync(fd);
  }
}

async function* shardChunks(shards: Artifact[], t: TableMeta): AsyncGenerator<WriterChunk> {
  for (const s of shards) {
    const entry = s.manifest.tables.find((e) => e.name === t.name)!;
    const csv = entry.files.csv ? join(s.dir, entry.files.csv.path) : undefined;
    const json = entry.files.json ? join(s.dir, entry.files.json.path) : undefined;
    if (!csv) throw new ForgeError('ARTIFACT_INVALID', `shard ${s.dir} has no CSV for ${t.name}`, 'build shards with CSV');
    const unitsDone = s.manifest.range!.tables[t.name].to;
    for await (const piece of filePieces(csv, headerLength(csv), 0)) yield { rows: 0, csv: piece, json: Buffer.alloc(0), unitsDone };
    if (json && entry.rows > 0) {
      // "[\n" + objects + "\n]\n": the objects only, continued piece to piece.
      let first = true;
      for await (const piece of filePieces(json, 2, 3)) {
        yield { rows: 0, csv: Buffer.alloc(0), json: piece, jsonContinues: !first, unitsDone };
        first = false;
      }
    }
    yield { rows: entry.rows, csv: Buffer.alloc(0), json: Buffer.alloc(0), unitsDone };
  }
}

export async function merge(shardDirs: string[], outRoot: string, onProgress?: (e: ProgressEvent) => void): Promise<{ dir: string; manifest: Manifest }> {
  const shards = orderShards(shardDirs.map((d) => readArtifact(d)));
  for (const s of shards) await verifyChecksums(s);
  const m = shards[0].manifest;
  const name = shards[0].dir
    .split('/')
    .pop()!
    .replace(/-shard-\d+-of-\d+$/, '');
  const target = join(outRoot, m.dataset.name, m.dataset.version, name);
  await prepareOutputRoot(outRoot, dirname(target));
  const formats = { csv: m.tables.every((t) => t.files.csv), json: m.tables.every((t) => t.files.json), dump: m.files.some((f) => f.path === 'dump.sql.gz') };
  const plan: ArtifactPlan = {
    dataset: m.dataset,
    seed: m.seed,
    profile: m.profile,
    params: m.params,
    schemaSql: readFileSync(join(shards[0].dir, 'schema.sql'), 'utf8'),
    postSql: readFileSync(join(shards[0].dir, 'post.sql'), 'utf8'),
    tables: m.tables.map(({ rows: _rows, files: _files, ...meta }) => meta),
    ...(m.validation ? { validation: m.validation } : {}),
  };
  const manifest = await withTempDir(target, (tmp) => writeArtifact(tmp, plan, formats, (t) => shardChunks(shards, t), onProgress));
  return { dir: target, manifest };
}
