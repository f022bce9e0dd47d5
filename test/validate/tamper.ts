/**
 * Injecting defects into a copy of an artifact, as a careless hand or a
 * broken tool would: CSV rows edited, added or removed, then (optionally)
 * the checksums rewritten so that only `forge validate` can catch the defect.
 */
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePgCsv } from '../../src/artifact/csv-records.ts';
import type { Manifest } from '../../src/artifact/manifest.ts';
import { tempDir } from '../helpers.ts';

export type Rec = (string | null)[];

export function copyArtifact(dir: string): string {
  const copy = join(tempDir('forge-tamper-'), 'artifact');
  cpSync(dir, copy, { recursive: true });
  return copy;
}

/** Postgres CSV quoting: only where needed, '' quoted, NULL empty. */
function field(v: string | null): string {
  if (v === null) return '';
  return v === '' || /[",\n\r]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
}

/** Rewrites a table's CSV through `edit` (header first, then rows). */
export function editCsv(dir: string, table: string, edit: (rows: Rec[], header: string[]) => Rec[]): void {
  const path = join(dir, 'data', `${table}.csv`);
  const [header, ...rows] = [...parsePgCsv(readFileSync(path, 'utf8'))];
  const out = edit(rows, header as string[]);
  writeFileSync(path, [header, ...out].map((r) => r.map(field).join(',') + '\n').join(''));
}

export function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
}

/** Makes every size and sha256 in the manifest (and SHA256SUMS) match the files again. */
export function fixChecksums(dir: string, change: (m: Manifest) => void = () => {}): void {
  const m = readManifest(dir);
  change(m);
  const sha = (p: string) =>
    createHash('sha256')
      .update(readFileSync(join(dir, p)))
      .digest('hex');
  const entries = [...m.files.filter((f) => f.path !== 'SHA256SUMS'), ...m.tables.flatMap((t) => [t.files.csv, t.files.json].filter((f) => f !== undefined))];
  for (const f of entries) {
    f.sha256 = sha(f.path);
    f.bytes = statSync(join(dir, f.path)).size;
  }
  const sums = [...entries]
    .sort((a, b) => (a.path < b.path ? -1 : 1))
    .map((f) => `${f.sha256}  ${f.path}\n`)
    .join('');
  writeFileSync(join(dir, 'SHA256SUMS'), sums);
  const s = m.files.find((f) => f.path === 'SHA256SUMS')!;
  s.sha256 = sha('SHA256SUMS');
  s.bytes = statSync(join(dir, 'SHA256SUMS')).size;
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m, null, 2) + '\n');
}
