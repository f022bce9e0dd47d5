/**
 * Checking parameter values against a dataset's table: one value at a time
 * (as each source supplies it, so an error can say where the value came
 * from) and the whole set (unknown keys, cross-field rules).
 */
import type { z } from 'zod';
import { ForgeError } from '../errors.ts';
import { closest } from './closest.ts';
import { canonical, type ParamDef, type ParamTable, type ParamValue } from './params.ts';

/** Where a value came from, as an error message names it. */
export type Where = string;

export function whereFile(file: string, pos?: { line: number; col: number }): Where {
  return pos ? `${file} line ${pos.line}, column ${pos.col}` : file;
}

/** What a schema accepts, in words (for "allowed: …"). */
export function describeAllowed(def: ParamDef): string {
  if (def.allowed) return def.allowed;
  const s = def.schema as z.ZodType & { options?: unknown[]; minValue?: number | null; maxValue?: number | null; isInt?: boolean };
  const type = (s as { _zod?: { def?: { type?: string } } })._zod?.def?.type;
  if (type === 'enum' && Array.isArray(s.options)) return s.options.join(', ');
  if (type === 'boolean') return 'true, false';
  if (type === 'number') {
    const lo = s.minValue != null && Number.isFinite(s.minValue) ? s.minValue : undefined;
    const hi = s.maxValue != null && Number.isFinite(s.maxValue) ? s.maxValue : undefined;
    const what = s.isInt ? 'an integer' : 'a number';
    if (lo !== undefined && hi !== undefined) return `${what} from ${lo} to ${hi}`;
    if (lo !== undefined) return `${what} >= ${lo}`;
    if (hi !== undefined) return `${what} <= ${hi}`;
    return what;
  }
  return `like ${canonical(def.default)}`;
}

function shown(v: unknown): string {
  return v === undefined ? 'nothing' : typeof v === 'string' ? `"${v}"` : canonical(v);
}

/**
 * Checks one value; returns it as the schema parsed it. The error names the
 * key's path, where the value came from, what is wrong and what is allowed.
 * `at(path)` may locate an element inside the value (a file's line and column).
 */
export function checkValue(key: string, def: ParamDef, value: unknown, where: Where, at?: (inner: PropertyKey[]) => Where | undefined): ParamValue {
  const r = def.schema.safeParse(value);
  if (r.success) return r.data as ParamValue;
  const issue = r.error.issues[0];
  const inner = issue.path.length ? `${def.path}.${issue.path.map(String).join('.')}` : def.path;
  const place = (issue.path.length && at?.(issue.path)) || where;
  const what = issue.code === 'custom' || issue.path.length ? `${issue.message.replace(/^Invalid input: /, '')}` : `${shown(value)} is not allowed`;
  throw new ForgeError('BAD_CONFIG', `${inner} (${key}) in ${place}: ${what}`, `allowed: ${describeAllowed(def)}`);
}

/** The error for a key the table does not have, with the closest one. */
export function unknownKey(name: string, where: Where, valid: readonly string[], what = 'parameter'): ForgeError {
  const c = closest(name, valid);
  return new ForgeError('BAD_CONFIG', `unknown ${what} "${name}" in ${where}`, c ? `did you mean ${c}?` : 'nothing is valid here');
}

/**
 * The whole set: every key known (closest valid key otherwise), every value
 * valid, missing keys from the defaults, then the dataset's cross-field rule.
 */
export function checkParams(
  table: ParamTable,
  raw: Record<string, unknown>,
  where: Where,
  rule?: (p: Record<string, ParamValue>) => string | undefined,
): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const name of Object.keys(raw)) if (!Object.hasOwn(table, name)) throw unknownKey(name, where, Object.keys(table));
  for (const [key, def] of Object.entries(table)) out[key] = checkValue(key, def, Object.hasOwn(raw, key) ? raw[key] : def.default, where);
  const broken = rule?.(out);
  if (broken) throw new ForgeError('BAD_CONFIG', `${broken}, with ${where}`, 'change one of the values named');
  return out;
}
