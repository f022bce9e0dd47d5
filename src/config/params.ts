/**
 * A dataset's parameters, declared once as a table: for each key, where it
 * sits in a config file, its zod schema, its default and one line of
 * documentation. Everything else (config files, environment variables,
 * --set, --print-config, validation with the closest valid key) is derived
 * from that table by the modules beside this one, for any dataset.
 */
import type { z } from 'zod';

export type ParamValue = string | number | boolean | null | ParamValue[] | { [key: string]: ParamValue };

export interface ParamDef<T = unknown> {
  /** Where the key sits in a config file, dotted: `time_series.trend`. */
  path: string;
  schema: z.ZodType<T>;
  default: T;
  doc: string;
  /** What values are allowed, for error messages (derived from the schema when omitted). */
  allowed?: string;
  /** Environment variable names accepted besides FORGE_<KEY> (e.g. the seed document's SEEDER_DEFAULT_STORES). */
  envAliases?: string[];
}

// biome-ignore lint/suspicious/noExplicitAny: each parameter has its own value type; ParamValues recovers it from the schema
export type ParamTable = Record<string, ParamDef<any>>;
export type ParamValues<T extends ParamTable> = { [K in keyof T]: z.output<T[K]['schema']> };

/** Identity with the table's types kept: `defineParams({ stores: { … } })`. */
export function defineParams<T extends ParamTable>(table: T): T {
  const paths = new Set<string>();
  for (const [key, def] of Object.entries(table)) {
    if (paths.has(def.path)) throw new TypeError(`parameter ${key}: path ${def.path} is used twice`);
    paths.add(def.path);
  }
  return table;
}

/** `startDate` → `FORGE_START_DATE`. */
export function envName(key: string): string {
  return 'FORGE_' + key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

export function defaultsOf(table: ParamTable): Record<string, ParamValue> {
  return Object.fromEntries(Object.entries(table).map(([k, d]) => [k, d.default as ParamValue]));
}

/** The key a `--set` name means: the key itself, its config-file path, or the path's last part when no other key shares it. */
export function keyOf(table: ParamTable, name: string): string | undefined {
  if (Object.hasOwn(table, name)) return name;
  const byPath = Object.entries(table).find(([, d]) => d.path === name)?.[0];
  if (byPath !== undefined) return byPath;
  const byLeaf = Object.entries(table).filter(([, d]) => d.path.split('.').at(-1) === name);
  return byLeaf.length === 1 ? byLeaf[0][0] : undefined;
}

/** Canonical JSON (sorted object keys), for comparing values and naming artifacts. */
export function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x,
  );
}
