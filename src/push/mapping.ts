/**
 * A push mapping: which artifact table goes to which HTTP endpoint, and how
 * a row becomes a request body. It is plain JSON (declared by a dataset or
 * read from a file), checked against the artifact's manifest before anything
 * is sent, so an unknown table or column is one line, not a 400 per row.
 *
 * Templates: in a string, `{column}` is replaced by the column's text; a
 * string that is exactly `{column}` keeps the value's JSON type (number,
 * boolean, null, object). `{{` and `}}` are literal braces. Filters after a
 * bar transform the text: `{col|map:NAME}` looks the value up in the
 * mapping's `maps.NAME` (a value it lacks is an error before sending),
 * `{col|uuid}` is a UUID derived from the table, column and value (stable,
 * so the same row always gets the same one), `{col|last:-}` is the text
 * after the last "-".
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ForgeError } from '../errors.ts';
import type { Manifest } from '../artifact/manifest.ts';

type Template = string | number | boolean | null | Template[] | { [key: string]: Template };
const Template: z.ZodType<Template> = z.lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(Template), z.record(z.string(), Template)]));

export const TableMapping = z.strictObject({
  table: z.string().min(1),
  method: z.enum(['POST', 'PUT', 'PATCH']).default('POST'),
  /** URL path (with query) relative to --to, a template. */
  path: z.string().startsWith('/'),
  body: Template,
  /** Columns that identify a row (reports, idempotency keys); defaults to the primary key. */
  key: z.array(z.string()).min(1).optional(),
  /** The column naming the row's tenant (its API key); defaults to the manifest's tenant column. */
  tenant: z.string().optional(),
  /** Send a tenant's rows one at a time, in artifact order (the API sees them in sequence). */
  ordered: z.boolean().default(false),
  /** Renames values of a column before they are used (artifact tenant id → the API's). */
  values: z.record(z.string(), z.record(z.string(), z.string())).default({}),
});

export const PushMapping = z.strictObject({
  healthPath: z.string().startsWith('/').default('/health'),
  /** Header that carries a tenant's API key ("Authorization" takes a "Bearer " prefix). */
  authHeader: z.string().default('X-API-Key'),
  authPrefix: z.string().default(''),
  /** Refuse to start when a tenant has no key (instead of sending without one). */
  authRequired: z.boolean().default(false),
  idempotencyHeader: z.string().default('Idempotency-Key'),
  /** Named lookup tables for the `map:NAME` filter. */
  maps: z.record(z.string(), z.record(z.string(), z.string())).default({}),
  tables: z.array(TableMapping).min(1),
});

export type PushMappingInput = z.input<typeof PushMapping>;
export type PushMapping = z.output<typeof PushMapping>;
export type TableMapping = z.output<typeof TableMapping>;

export function parseMapping(raw: unknown, source: string): PushMapping {
  const r = PushMapping.safeParse(raw);
  if (!r.success) {
    const first = r.error.issues[0];
    throw new ForgeError(
      'BAD_CONFIG',
      `push mapping ${source}: ${first.path.join('.') || '(root)'}: ${first.message}`,
      'see README "forge push" for the mapping format',
    );
  }
  return r.data;
}

/** A row as read from the artifact's JSON file. */
export type RowObject = Record<string, unknown>;

type Filter = (text: string, row: RowObject) => string;
type Part = string | { column: string; filters: Filter[] };

function uuidOf(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Compiles `map:NAME`, `uuid`, `last:SEP` for one column reference. */
function filterOf(spec: string, column: string, where: string, env: CompileEnv): Filter {
  const [name, ...rest] = spec.split(':');
  const arg = rest.join(':');
  if (name === 'uuid' && !arg) return (text) => uuidOf(`${env.table}\u0000${column}\u0000${text}`);
  if (name === 'last' && arg) return (text) => text.slice(text.lastIndexOf(arg) + arg.length);
  if (name === 'map' && arg) {
    const map = env.maps[arg];
    if (!map) throw new ForgeError('BAD_CONFIG', `push mapping ${where}: filter map:${arg} names no map`, `declare it under "maps": {"${arg}": {...}}`);
    return (text) => {
      if (!Object.hasOwn(map, text))
        throw new ForgeError('BAD_CONFIG', `push mapping ${where}: value "${text}" of column ${column} has no entry in map "${arg}"`, `add it to maps.${arg}`);
      return map[text];
    };
  }
  throw new ForgeError('BAD_CONFIG', `push mapping ${where}: unknown filter "${spec}" on {${column}}`, 'filters: map:NAME, uuid, last:SEP');
}

interface CompileEnv {
  table: string;
  maps: Record<string, Record<string, string>>;
}
/** Splits a template string into literal text and column references. */
function parts(s: string, where: string, env: CompileEnv): Part[] {
  const out: Part[] = [];
  let text = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if ((c === '{' || c === '}') && s[i + 1] === c) {
      text += c;
      i++;
    } else if (c === '{') {
      const end = s.indexOf('}', i);
      if (end < 0) throw new ForgeError('BAD_CONFIG', `push mapping ${where}: unclosed "{" in "${s}"`, 'write {column}, or {{ for a literal brace');
      if (text) out.push(text);
      text = '';
      const [column, ...filters] = s.slice(i + 1, end).split('|');
      out.push({ column, filters: filters.map((f) => filterOf(f, column, where, env)) });
      i = end;
    } else if (c === '}') {
      throw new ForgeError('BAD_CONFIG', `push mapping ${where}: stray "}" in "${s}"`, 'write }} for a literal brace');
    } else text += c;
  }
  if (text) out.push(text);
  return out;
}

const asText = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** A template compiled to a function of the row; every column it names is returned for checking. */
function compile(
  t: Template,
  where: string,
  used: Map<string, string>,
  rename: (col: string, v: unknown) => unknown,
  env: CompileEnv,
  encode = (s: string) => s,
): (row: RowObject) => unknown {
  if (typeof t === 'string') {
    const ps = parts(t, where, env);
    for (const p of ps) if (typeof p !== 'string' && !used.has(p.column)) used.set(p.column, where);
    if (ps.length === 1 && typeof ps[0] !== 'string' && ps[0].filters.length === 0) {
      const col = ps[0].column;
      return (row) => rename(col, row[col]);
    }
    const text = (p: Exclude<Part, string>, row: RowObject) => p.filters.reduce((v, f) => f(v, row), asText(rename(p.column, row[p.column])));
    return (row) => {
      let s = '';
      for (const p of ps) s += typeof p === 'string' ? p : encode(text(p, row));
      return s;
    };
  }
  if (Array.isArray(t)) {
    const items = t.map((x, i) => compile(x, `${where}[${i}]`, used, rename, env));
    return (row) => items.map((f) => f(row));
  }
  if (t && typeof t === 'object') {
    const entries = Object.entries(t).map(([k, v]) => [k, compile(v, `${where}.${k}`, used, rename, env)] as const);
    return (row) => {
      const o: Record<string, unknown> = {};
      for (const [k, f] of entries) o[k] = f(row);
      return o;
    };
  }
  return () => t;
}

/** One table's mapping, checked against the manifest and compiled. */
export interface TablePlan {
  table: string;
  method: string;
  ordered: boolean;
  rows: number;
  /** The artifact's JSON file for this table. */
  file: string;
  key: string[];
  tenant?: string;
  path(row: RowObject): string;
  body(row: RowObject): unknown;
  tenantOf(row: RowObject): string | undefined;
  keyOf(row: RowObject): string;
}

export function planTables(mapping: PushMapping, manifest: Manifest, source: string): TablePlan[] {
  const byName = new Map(manifest.tables.map((t) => [t.name, t]));
  const seen = new Set<string>();
  const plans = mapping.tables.map((m, i) => {
    const where = `${source} tables[${i}] (${m.table})`;
    const t = byName.get(m.table);
    if (!t)
      throw new ForgeError(
        'BAD_CONFIG',
        `push mapping ${source} names table "${m.table}", which is not in the artifact (${manifest.dataset.name})`,
        `tables: ${[...byName.keys()].join(', ')}`,
      );
    if (seen.has(m.table)) throw new ForgeError('BAD_CONFIG', `push mapping ${source} maps table "${m.table}" twice`, 'one entry per table');
    seen.add(m.table);
    if (!t.files.json)
      throw new ForgeError(
        'ARTIFACT_INVALID',
        `table ${m.table} has no JSON file in the artifact; push reads rows from JSON`,
        'rebuild with --formats including json',
      );
    const columns = new Set(t.columns.map((c) => c.name));
    const rename = (col: string, v: unknown) => {
      const map = m.values[col];
      return map && typeof v === 'string' && Object.hasOwn(map, v) ? map[v] : v;
    };
    const used = new Map<string, string>();
    const env = { table: m.table, maps: mapping.maps };
    const path = compile(m.path, `${where}.path`, used, rename, env, encodeURIComponent) as (r: RowObject) => string;
    const body = compile(m.body, `${where}.body`, used, rename, env);
    const key = m.key ?? t.primaryKey;
    const tenant = m.tenant ?? t.tenantColumn;
    const named: [string, string][] = [
      ...used,
      ...key.map((c) => [c, `${where}.key`] as [string, string]),
      ...Object.keys(m.values).map((c) => [c, `${where}.values`] as [string, string]),
    ];
    if (tenant) named.push([tenant, `${where}.tenant`]);
    for (const [c, at] of named) {
      if (!columns.has(c))
        throw new ForgeError(
          'BAD_CONFIG',
          `push mapping ${at} uses column "${c}", which table ${m.table} does not have`,
          `columns: ${[...columns].join(', ')}`,
        );
    }
    if (m.ordered && !tenant)
      throw new ForgeError(
        'BAD_CONFIG',
        `push mapping ${where} is ordered but names no tenant column`,
        'set "tenant" to the column whose rows must arrive in order',
      );
    const keyOf = key.length === 1 ? (r: RowObject) => asText(r[key[0]]) : (r: RowObject) => key.map((k) => asText(r[k])).join('/');
    return {
      table: m.table,
      method: m.method,
      ordered: m.ordered,
      rows: t.rows,
      file: t.files.json.path,
      key,
      tenant,
      path,
      body,
      tenantOf: tenant ? (r: RowObject) => asText(rename(tenant, r[tenant])) : () => undefined,
      keyOf,
    };
  });
  // Push in the artifact's table order (parents before children), whatever the mapping's order.
  const order = new Map(manifest.tables.map((t, i) => [t.name, i]));
  return plans.sort((a, b) => order.get(a.table)! - order.get(b.table)!);
}
