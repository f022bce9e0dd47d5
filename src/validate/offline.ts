/**
 * `forge validate ARTIFACT`: every rule recomputed from the artifact's own
 * files, without a database. File integrity (sizes and sha256 against the
 * manifest) is one check among the others rather than a gate, so that a
 * tampered file is reported together with what is wrong inside it.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { allFiles } from '../artifact/manifest.ts';
import { sha256File, type Artifact } from '../artifact/read.ts';
import { ForgeError } from '../errors.ts';
import { PgCsvReader } from '../artifact/csv-records.ts';
import { Validator } from './engine.ts';
import { CHECKS, ViolationLog, type Report } from './report.ts';

export interface ValidateOptions {
  /** Violations kept per check (the count is always exact). */
  limit?: number;
  /** Keys the validator may hold in memory at once. */
  maxKeys?: number;
}

export const DEFAULT_MAX_KEYS = 3_000_000;

export async function validateArtifact(a: Artifact, opts: ValidateOptions = {}): Promise<Report> {
  const m = a.manifest;
  if (m.range)
    throw new ForgeError(
      'USAGE',
      `this artifact is a ${m.range.kind} (${m.range.description}): its foreign keys point outside it`,
      m.range.kind === 'shard' ? 'merge the shards first (forge merge), then validate' : 'load the base and the append, then forge validate --db',
    );
  const log = new ViolationLog(opts.limit);
  const owner = new Map<string, string>();
  for (const t of m.tables) for (const f of [t.files.csv, t.files.json]) if (f) owner.set(f.path, t.name);

  log.markRan('files');
  const broken = new Set<string>();
  for (const f of allFiles(m)) {
    const path = join(a.dir, f.path);
    const table = owner.get(f.path) ?? '(artifact)';
    if (!existsSync(path)) {
      log.add({ check: 'files', kind: 'checksum', table, message: `${f.path} is missing` });
      broken.add(f.path);
    } else if (statSync(path).size !== f.bytes || (await sha256File(path)) !== f.sha256) {
      log.add({
        check: 'files',
        kind: 'checksum',
        table,
        message: `${f.path} does not match its size and sha256 in manifest.json (edited or corrupted); its content is checked below all the same`,
      });
    }
  }

  const validator = new Validator(
    {
      tables: m.tables,
      validation: m.validation,
      claimedRows: Object.fromEntries(m.tables.map((t) => [t.name, t.rows])),
      checkTypes: true,
      perTenantCounts: true,
    },
    log,
    opts.maxKeys ?? DEFAULT_MAX_KEYS,
  );
  for (const t of m.tables) {
    const csv = t.files.csv;
    if (!csv || broken.has(csv.path)) {
      if (!csv) log.note('files', `${t.name} has no CSV file; its rows were not read`);
      validator.unreadable(t.name);
      continue;
    }
    const tv = validator.table(t.name);
    let line = -1;
    let headerOk = true;
    const onRecord = (r: (string | null)[]) => {
      line++;
      if (line === 0) {
        const want = t.columns.map((c) => c.name);
        if (r.join(',') !== want.join(',')) {
          headerOk = false;
          validator.unreadable(t.name);
          log.add({
            check: 'files',
            kind: 'header',
            table: t.name,
            message: `${csv.path} has the header ${r.join(',')}, the manifest's columns are ${want.join(',')}`,
          });
        }
        return;
      }
      if (headerOk) tv.row([...r], line); // the validator may keep the fields; the reader reuses its array
    };
    const records = new PgCsvReader(onRecord);
    try {
      for await (const chunk of createReadStream(join(a.dir, csv.path), { highWaterMark: 1 << 20 })) records.push(chunk as Buffer);
      records.end();
    } catch (e) {
      if (!(e instanceof SyntaxError)) throw e;
      log.add({
        check: 'files',
        kind: 'bad_value',
        table: t.name,
        line: line + 1,
        message: `${csv.path} is not valid CSV after data row ${line}: ${e.message}`,
      });
    }
    if (headerOk) tv.end();
  }
  validator.finish();
  return log.report(
    { mode: 'artifact', target: a.dir, dataset: { name: m.dataset.name, version: m.dataset.version, seed: m.seed, profile: m.profile } },
    CHECKS.filter((c) => c !== 'constraints'),
  );
}
