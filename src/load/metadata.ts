/**
 * What is loaded where: one row per (schema, dataset) in forge.loaded_fixture,
 * written in the same transaction as the data it describes.
 */
import type { Manifest } from '../artifact/manifest.ts';
import type { Client } from './connect.ts';

export interface LoadedTable {
  name: string;
  role: 'dimension' | 'fact';
  rows: number;
  tenantColumn?: string;
}

export interface LoadedFixture {
  schema: string;
  dataset: string;
  version: string;
  seed: number;
  profile: string;
  manifestSha256: string;
  params: Record<string, unknown>;
  tables: LoadedTable[];
  /** Rows each append inserted: in total and (since forge validate) per table. */
  appends: { manifestSha256: string; rows: number; tables?: Record<string, number> }[];
  loadedAt: string;
}

export const ENSURE_METADATA_SQL = `
CREATE SCHEMA IF NOT EXISTS forge;
CREATE TABLE IF NOT EXISTS forge.loaded_fixture (
  schema_name text NOT NULL,
  dataset text NOT NULL,
  version text NOT NULL,
  seed bigint NOT NULL,
  profile text NOT NULL,
  manifest_sha256 text NOT NULL,
  params jsonb NOT NULL,
  tables jsonb NOT NULL,
  appends jsonb NOT NULL DEFAULT '[]',
  loaded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (schema_name, dataset)
);`;

/**
 * The manifest loaded (rules for forge validate: keys, checks, tenants,
 * allow-lists, counts), in a column added to tables made by older versions.
 * Added only when missing: ALTER TABLE locks the table even when it is a no-op.
 */
const ENSURE_MANIFEST_COLUMN_SQL = `
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'forge.loaded_fixture'::regclass AND attname = 'manifest' AND NOT attisdropped) THEN
    ALTER TABLE forge.loaded_fixture ADD COLUMN manifest jsonb;
  END IF;
END $$;`;

export function tablesOf(m: Manifest): LoadedTable[] {
  return m.tables.map((t) => ({ name: t.name, role: t.role, rows: t.rows, ...(t.tenantColumn ? { tenantColumn: t.tenantColumn } : {}) }));
}

/**
 * Creates the forge schema and table if missing. Two first loads at once (into
 * two schemas) would both try to create them: a transaction-level advisory
 * lock makes the second wait and then find them.
 */
export async function ensureMetadata(client: Client): Promise<void> {
  // One round trip: the statements of a simple query run in turn, the lock first.
  await client.query(`SELECT pg_advisory_xact_lock(hashtext('fixture-forge:metadata'));${ENSURE_METADATA_SQL}${ENSURE_MANIFEST_COLUMN_SQL}`);
}

export async function recordLoad(client: Client, schema: string, m: Manifest, manifestSha256: string): Promise<void> {
  await ensureMetadata(client);
  await client.query(
    `INSERT INTO forge.loaded_fixture (schema_name, dataset, version, seed, profile, manifest_sha256, params, tables, appends, loaded_at, manifest)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '[]', now(), $9)
     ON CONFLICT (schema_name, dataset) DO UPDATE SET version = EXCLUDED.version, seed = EXCLUDED.seed, profile = EXCLUDED.profile,
       manifest_sha256 = EXCLUDED.manifest_sha256, params = EXCLUDED.params, tables = EXCLUDED.tables, appends = '[]', loaded_at = now(), manifest = EXCLUDED.manifest`,
    [schema, m.dataset.name, m.dataset.version, m.seed, m.profile, manifestSha256, JSON.stringify(m.params), JSON.stringify(tablesOf(m)), JSON.stringify(m)],
  );
}

export async function readLoaded(client: Client, schema?: string): Promise<LoadedFixture[]> {
  const exists = await client.query("SELECT 1 FROM pg_tables WHERE schemaname = 'forge' AND tablename = 'loaded_fixture'");
  if (exists.rowCount === 0) return [];
  const r = await client.query(
    `SELECT schema_name, dataset, version, seed, profile, manifest_sha256, params, tables, appends, to_char(loaded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || 'Z' AS loaded_at
     FROM forge.loaded_fixture WHERE $1::text IS NULL OR schema_name = $1 ORDER BY schema_name, dataset`,
    [schema ?? null],
  );
  return r.rows.map((row) => ({
    schema: row.schema_name,
    dataset: row.dataset,
    version: row.version,
    seed: Number(row.seed),
    profile: row.profile,
    manifestSha256: row.manifest_sha256,
    params: row.params,
    tables: row.tables,
    appends: row.appends,
    loadedAt: row.loaded_at,
  }));
}

/** The manifest a load recorded (null when the load was made by a forge that did not record it). */
export async function readLoadedManifest(client: Client, schema: string, dataset: string): Promise<unknown> {
  const col = await client.query("SELECT 1 FROM pg_attribute WHERE attrelid = 'forge.loaded_fixture'::regclass AND attname = 'manifest' AND NOT attisdropped");
  if (col.rowCount === 0) return null;
  const r = await client.query('SELECT manifest FROM forge.loaded_fixture WHERE schema_name = $1 AND dataset = $2', [schema, dataset]);
  return r.rows[0]?.manifest ?? null;
}
