/**
 * Packs: reference data a dataset ships as JSON files beside its code
 * (domain packs, policy packs). This part is pure: it turns a file's text
 * (or its absence) into a checked value. Reading the file is done by
 * src/packs/read-pack.ts, the one place generation touches the file system.
 */
import { ForgeError } from '../errors.ts';

/** A zod schema of either API (classic or mini): a pack needs only its safeParse. */
export interface PackSchema<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

export interface PackSpec<T> {
  /** The file, relative to the dataset's folder (e.g. 'packs/domain/finance.json'). */
  file: string;
  schema: PackSchema<T>;
  /** The built-in minimal pack used when the file is missing. */
  fallback: T;
}

export interface LoadedPack<T> {
  value: T;
  /** Where the value came from: the file, or the built-in fallback. */
  source: 'file' | 'fallback';
}

/** `tools[2].name` from zod's path. */
function keyPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p) : `.${String(p)}`;
  return out || '(top level)';
}

const HINT = 'fix the file, or remove it to use the built-in minimal pack';

/**
 * The checked value of a pack, from its text (`undefined`: the file does not
 * exist, so the fallback is used). A malformed file is one ForgeError line
 * naming the file and the key (or the JSON position) at fault.
 */
export function parsePack<T>(spec: PackSpec<T>, text: string | undefined, shownAs = spec.file): LoadedPack<T> {
  if (text === undefined) return { value: spec.fallback, source: 'fallback' };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    const why = (e as Error).message.split('\n')[0];
    throw new ForgeError('BAD_PACK', `pack ${shownAs} is not valid JSON: ${why}`, HINT);
  }
  const r = spec.schema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new ForgeError('BAD_PACK', `pack ${shownAs}: key ${keyPath(issue.path)}: ${issue.message.split('\n')[0]}`, HINT);
  }
  return { value: r.data, source: 'file' };
}
