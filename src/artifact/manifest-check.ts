/**
 * Reading a manifest without zod. manifest.ts (zod) defines the contract
 * and generates its JSON Schema; loading zod costs a start-up of ~0.15 s
 * of CPU, more than a small load's whole work, so every read of an
 * artifact (load, verify, validate, the freshDatabase() helper) checks
 * with this mirror of the same schema instead. It accepts exactly what
 * the zod schema accepts and returns what zod returns (known keys only,
 * in the schema's order): test/artifact/manifest-check.test.ts compares
 * the two on every golden manifest and on ~1,700 mutations of one with
 * every optional part. Change both together.
 */
import type { FileEntry, Manifest } from './manifest.ts';

export const MANIFEST_FORMAT = 'fixture-forge/artifact@1';

/** Where the manifest breaks the contract: a dotted path and what was expected there. */
export class ManifestIssue extends Error {
  constructor(
    readonly path: (string | number)[],
    message: string,
  ) {
    super(message);
  }
}

type Check = (v: unknown, path: (string | number)[]) => unknown;

const fail = (path: (string | number)[], message: string): never => {
  throw new ManifestIssue(path, message);
};
const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const string =
  (pattern?: RegExp, what = 'a string'): Check =>
  (v, path) =>
    typeof v === 'string' && (!pattern || pattern.test(v)) ? v : fail(path, typeof v === 'string' ? `expected ${what}` : `expected a string, got ${kind(v)}`);
const integer =
  (min?: number): Check =>
  (v, path) =>
    Number.isSafeInteger(v) && (min === undefined || (v as number) >= min)
      ? v
      : fail(path, `expected ${min === 0 ? 'a non-negative' : 'an'} integer, got ${typeof v === 'number' ? v : kind(v)}`);
const between =
  (min: number, max: number): Check =>
  (v, path) =>
    typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max ? v : fail(path, `expected a number from ${min} to ${max}`);
const boolean: Check = (v, path) => (typeof v === 'boolean' ? v : fail(path, `expected a boolean, got ${kind(v)}`));
const literal =
  (value: string): Check =>
  (v, path) =>
    v === value ? v : fail(path, `expected ${JSON.stringify(value)}`);
const oneOf =
  (...values: string[]): Check =>
  (v, path) =>
    typeof v === 'string' && values.includes(v) ? v : fail(path, `expected one of ${values.map((x) => JSON.stringify(x)).join('|')}`);
const array =
  (item: Check, min = 0): Check =>
  (v, path) => {
    if (!Array.isArray(v)) return fail(path, `expected an array, got ${kind(v)}`);
    if (v.length < min) return fail(path, `expected at least ${min} item(s)`);
    return v.map((x, i) => item(x, [...path, i]));
  };
/** Like z.record(z.string(), value): a fresh object; a "__proto__" key (an own key from JSON.parse) is skipped, as zod skips it. */
const record =
  (value: Check): Check =>
  (v, path) => {
    if (!isObject(v)) return fail(path, `expected an object, got ${kind(v)}`);
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) if (k !== '__proto__') out[k] = value(v[k], [...path, k]);
    return out;
  };
/** Like z.json(): any value JSON.parse can give (it gives no other). */
const json: Check = (v) => v;
const optional = (c: Check) => Object.assign((v: unknown, path: (string | number)[]) => c(v, path), { optional: true });
/** Like z.object(shape): known keys only, in the shape's order; an absent optional key stays absent. */
const object =
  (shape: Record<string, Check & { optional?: boolean }>): Check =>
  (v, path) => {
    if (!isObject(v)) return fail(path, `expected an object, got ${kind(v)}`);
    const out: Record<string, unknown> = {};
    for (const [k, check] of Object.entries(shape)) {
      if (v[k] === undefined && check.optional) continue;
      out[k] = v[k] === undefined ? fail([...path, k], 'required, missing') : check(v[k], [...path, k]);
    }
    return out;
  };

const sha256 = string(/^[0-9a-f]{64}$/, 'a sha256 (64 lowercase hex digits)');
const relPath = string(/^(?!\/)(?!.*\.\.)[A-Za-z0-9_./-]+$/, 'a relative path inside the artifact');
const names = (min: number) => array(string(), min);
const fileEntry = object({ path: relPath, sha256, bytes: integer(0) });
const counts = record(integer(0));

const tableEntry = object({
  name: string(),
  role: oneOf('dimension', 'fact'),
  rows: integer(0),
  units: integer(0),
  columns: array(object({ name: string(), type: string(), nullable: boolean }), 1),
  primaryKey: names(1),
  unique: array(names(1)),
  foreignKeys: array(object({ columns: names(1), table: string(), references: names(1) })),
  checks: record(string()),
  tenantColumn: optional(string()),
  orderBy: names(1),
  constraints: array(object({ name: string(), kind: oneOf('primary_key', 'unique', 'check', 'foreign_key', 'index', 'default', 'policy'), sql: string() })),
  rowFiles: optional(object({ path: string(), body: string() })),
  files: object({ csv: optional(fileEntry), json: optional(fileEntry) }),
});

const manifest = object({
  format: literal(MANIFEST_FORMAT),
  dataset: object({ name: string(), version: string(), description: string() }),
  seed: integer(),
  profile: string(),
  scenario: optional(string()),
  params: record(json),
  range: optional(
    object({
      kind: oneOf('shard', 'append'),
      description: string(),
      tables: record(object({ from: integer(0), to: integer(0) })),
    }),
  ),
  generator: object({ tool: string(), toolVersion: string(), fakerVersion: string() }),
  encoding: object({ csv: literal('postgres-csv'), json: literal('array-of-objects, one per line'), timeZone: literal('UTC') }),
  tables: array(tableEntry),
  validation: optional(
    object({
      emailDomains: optional(array(string())),
      phoneMasks: optional(array(string(/^[0-9x]{10}$/, 'ten digits or x'))),
      counts: optional(object({ tables: optional(counts), perTenant: optional(record(counts)), min: optional(counts) })),
    }),
  ),
  dirty: optional(
    object({
      rates: record(between(0, 1)),
      kinds: record(string()),
      load: string(),
      defects: array(
        object({
          table: string(),
          key: record((v, path) => (v === null ? null : string()(v, path))),
          column: string(),
          kind: string(),
          check: string(),
          violation: string(),
        }),
      ),
    }),
  ),
  files: array(fileEntry),
});

/** The manifest as zod's Manifest.parse would give it, or a ManifestIssue naming the first place that breaks the contract. */
export function checkManifest(value: unknown): Manifest {
  return manifest(value, []) as Manifest;
}

/** Every file a manifest vouches for. */
export function allFiles(m: Manifest): FileEntry[] {
  const out = [...m.files];
  for (const t of m.tables) {
    if (t.files.csv) out.push(t.files.csv);
    if (t.files.json) out.push(t.files.json);
  }
  return out;
}
