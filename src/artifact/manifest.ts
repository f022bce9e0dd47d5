/**
 * manifest.json: the artifact's contract. Defined once with zod; the JSON
 * Schema under schemas/ is generated from it (`npm run schema`) so that any
 * language can validate a manifest (manifest-check.ts mirrors it without
 * zod, for reading artifacts quickly). No timestamps: a manifest is as
 * deterministic as the data it describes.
 */
import { z } from 'zod';
import { MANIFEST_FORMAT } from './manifest-check.ts';

export { allFiles, MANIFEST_FORMAT } from './manifest-check.ts';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const relPath = z.string().regex(/^(?!\/)(?!.*\.\.)[A-Za-z0-9_./-]+$/, 'a relative path inside the artifact');

export const FileEntry = z.object({
  path: relPath,
  sha256,
  bytes: z.number().int().nonnegative(),
});

export const ColumnEntry = z.object({
  name: z.string(),
  type: z.string(),
  nullable: z.boolean(),
});

export const ForeignKeyEntry = z.object({
  columns: z.array(z.string()).min(1),
  table: z.string(),
  references: z.array(z.string()).min(1),
});

export const ConstraintEntry = z.object({
  name: z.string(),
  kind: z.enum(['primary_key', 'unique', 'check', 'foreign_key', 'index', 'default', 'policy']),
  sql: z.string(),
});

export const TableEntry = z.object({
  name: z.string(),
  role: z.enum(['dimension', 'fact']),
  rows: z.number().int().nonnegative(),
  /** How many units (rows, parents, days…) the whole table has with these parameters. */
  units: z.number().int().nonnegative(),
  columns: z.array(ColumnEntry).min(1),
  primaryKey: z.array(z.string()).min(1),
  unique: z.array(z.array(z.string()).min(1)),
  foreignKeys: z.array(ForeignKeyEntry),
  checks: z.record(z.string(), z.string()),
  tenantColumn: z.string().optional(),
  /** The order of rows in every data file (ORDER BY these to compare). */
  orderBy: z.array(z.string()).min(1),
  constraints: z.array(ConstraintEntry),
  /** Each row is also a file under documents/ (path and body columns); the files are listed in the top-level `files`. */
  rowFiles: z.object({ path: z.string(), body: z.string() }).optional(),
  files: z.object({ csv: FileEntry.optional(), json: FileEntry.optional() }),
});

/** The dataset's rules for `forge validate` (src/core/validation.ts); absent: the defaults. */
export const ValidationEntry = z.object({
  emailDomains: z.array(z.string()).optional(),
  phoneMasks: z.array(z.string().regex(/^[0-9x]{10}$/, 'ten digits or x')).optional(),
  counts: z
    .object({
      tables: z.record(z.string(), z.number().int().nonnegative()).optional(),
      perTenant: z.record(z.string(), z.record(z.string(), z.number().int().nonnegative())).optional(),
      min: z.record(z.string(), z.number().int().nonnegative()).optional(),
    })
    .optional(),
});

/** One injected defect of a dirty artifact: where it is, its kind, and how `forge validate` reports it. */
export const DefectEntry = z.object({
  table: z.string(),
  key: z.record(z.string(), z.string().nullable()),
  column: z.string(),
  kind: z.string(),
  check: z.string(),
  violation: z.string(),
});

/** Present only in a dirty artifact (`forge build --dirty`): what was spoiled, and how it loads. */
export const DirtyEntry = z.object({
  rates: z.record(z.string(), z.number().min(0).max(1)),
  kinds: z.record(z.string(), z.string()),
  load: z.string(),
  defects: z.array(DefectEntry),
});

export const Manifest = z.object({
  format: z.literal(MANIFEST_FORMAT),
  dataset: z.object({ name: z.string(), version: z.string(), description: z.string() }),
  seed: z.number().int(),
  profile: z.string(),
  /** The named parameter set applied over the profile, if any. */
  scenario: z.string().optional(),
  /** Every parameter as resolved (defaults, profile, scenario, config file, environment, --set): what produced the data. */
  params: z.record(z.string(), z.json()),
  /**
   * Present when the artifact holds only part of each table: a shard (units
   * [from, to) of each table) or an append (the units a bigger build adds).
   * Concatenating the parts' data files in order gives the whole build's.
   */
  range: z
    .object({
      kind: z.enum(['shard', 'append']),
      description: z.string(),
      tables: z.record(z.string(), z.object({ from: z.number().int().nonnegative(), to: z.number().int().nonnegative() })),
    })
    .optional(),
  generator: z.object({ tool: z.string(), toolVersion: z.string(), fakerVersion: z.string() }),
  encoding: z.object({
    csv: z.literal('postgres-csv'),
    json: z.literal('array-of-objects, one per line'),
    timeZone: z.literal('UTC'),
  }),
  tables: z.array(TableEntry),
  validation: ValidationEntry.optional(),
  dirty: DirtyEntry.optional(),
  /** schema.sql, post.sql, dump.sql.gz, SHA256SUMS: everything but the data files and this manifest. */
  files: z.array(FileEntry),
});

export type Manifest = z.infer<typeof Manifest>;
export type TableEntry = z.infer<typeof TableEntry>;
export type FileEntry = z.infer<typeof FileEntry>;
export type ValidationEntry = z.infer<typeof ValidationEntry>;

export function manifestJsonSchema(): unknown {
  return z.toJSONSchema(Manifest, { target: 'draft-2020-12' });
}
