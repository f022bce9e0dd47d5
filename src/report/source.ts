/**
 * Where a report's rows come from: an artifact's data files or a database's
 * tables. Either way a table arrives as Postgres CSV records, streamed, so
 * one set of aggregators serves both and memory stays bounded.
 */
import type { Manifest } from '../artifact/manifest.ts';
import type { LoadedFixture } from '../load/metadata.ts';
import type { CsvRecord } from '../artifact/csv-records.ts';

export interface SourceColumn {
  name: string;
  type: string;
  nullable: boolean;
}

export interface SourceTable {
  name: string;
  role?: string;
  columns: SourceColumn[];
  /** The row count the manifest (or the load record) claims, when known. */
  expectedRows?: number;
}

export interface ReportSource {
  kind: 'artifact' | 'database';
  /** The artifact directory, or the masked database URL and schema. */
  label: string;
  dataset: { name: string; version: string; description?: string };
  seed: number;
  profile: string;
  params: Record<string, unknown>;
  /** The artifact's manifest (absent for a database). */
  manifest?: Manifest & Record<string, unknown>;
  /** Every forge.loaded_fixture row of the database (absent for an artifact). */
  history?: LoadedFixture[];
  tables: SourceTable[];
  /** Streams a table's data rows (no header) in column order; returns how many there were. */
  read(table: SourceTable, onRecord: (r: CsvRecord) => void): Promise<number>;
  close(): Promise<void>;
}
