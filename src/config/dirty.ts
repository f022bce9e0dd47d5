/**
 * Dirty-data mode as configuration: whether a build injects defects
 * (src/dirty/) and at what rate per kind. Layered like every other value:
 *
 *   default rates < the config file's `dirty:` section < --dirty / --dirty-rate KIND=RATE
 *
 * The section is `dirty: true` (every kind at the default rate), `dirty:
 * false` (a clean build), or a map of kind to rate (the kinds not named at
 * the default rate). Either the section or a flag makes the build dirty.
 */
import { isMap, isScalar, type Node, type Pair } from 'yaml';
import { DEFAULT_RATE, DEFECT_KINDS, type DefectKind } from '../dirty/kinds.ts';
import { ForgeError } from '../errors.ts';
import { unknownKey } from './check.ts';

export type Rates = Record<DefectKind, number>;

/** What a config file says about dirty mode. */
export interface DirtyFile {
  enabled: boolean;
  rates: Partial<Rates>;
  /** Where each rate stands in the file, for --print-config's comments. */
  where: string;
}

/** The dirty build asked for: every kind's rate, and where each rate not at the default came from. */
export interface DirtyChoice {
  rates: Rates;
  sources: Partial<Record<DefectKind, string>>;
  /** What turned dirty mode on (a flag or the file). */
  from: string;
}

const ALLOWED = 'true, false, or a map of defect kind to a rate from 0 to 1 (kinds: ' + DEFECT_KINDS.join(', ') + ')';
const isKind = (k: string): k is DefectKind => (DEFECT_KINDS as readonly string[]).includes(k);
const isRate = (v: unknown): v is number => typeof v === 'number' && v >= 0 && v <= 1;

export function defaultRates(): Rates {
  return Object.fromEntries(DEFECT_KINDS.map((k) => [k, DEFAULT_RATE])) as Rates;
}

/** The `dirty:` section of a config file; `at` names a node's file, line and column. */
export function readDirtySection(pair: Pair<Node, Node | null>, at: (n: Node) => string, display: string): DirtyFile {
  const value = pair.value;
  // `dirty:` with nothing after it: the section is there, so dirty with the default rates.
  if (value === null || (isScalar(value) && value.value === null)) return { enabled: true, rates: {}, where: display };
  if (isScalar(value) && typeof value.value === 'boolean') return { enabled: value.value, rates: {}, where: display };
  if (!isMap(value))
    throw new ForgeError(
      'BAD_CONFIG',
      `dirty in ${at(value)}: ${JSON.stringify(isScalar(value) ? value.value : 'a list')} is not allowed`,
      `allowed: ${ALLOWED}`,
    );
  const rates: Partial<Rates> = {};
  for (const item of value.items) {
    const key = item.key as Node;
    const name = isScalar(key) ? String(key.value) : '';
    if (!isKind(name))
      throw unknownKey(
        `dirty.${name}`,
        at(key),
        DEFECT_KINDS.map((k) => `dirty.${k}`),
        'key',
      );
    const v = isScalar(item.value) ? item.value.value : undefined;
    if (!isRate(v))
      throw new ForgeError(
        'BAD_CONFIG',
        `dirty.${name} in ${at((item.value as Node | null) ?? key)}: ${JSON.stringify(v ?? null)} is not allowed`,
        'allowed: a number from 0 to 1 (the share of rows that get this defect)',
      );
    rates[name] = v;
  }
  return { enabled: true, rates, where: display };
}

/** `--dirty-rate KIND=RATE`, checked. */
function rateFlag(item: string): [DefectKind, number] {
  const eq = item.indexOf('=');
  const kind = eq < 0 ? item : item.slice(0, eq);
  const raw = eq < 0 ? undefined : item.slice(eq + 1);
  if (!isKind(kind)) throw new ForgeError('USAGE', `unknown defect kind "${kind}"`, `kinds: ${DEFECT_KINDS.join(', ')}`);
  const rate = Number(raw);
  if (raw === undefined || raw.trim() === '' || !isRate(rate))
    throw new ForgeError('USAGE', `--dirty-rate ${kind} must be a number from 0 to 1, got "${raw ?? ''}"`, `for example --dirty-rate ${kind}=0.02`);
  return [kind, rate];
}

/** The dirty build asked for by the file and the flags, or undefined for a clean build. */
export function resolveDirty(file: DirtyFile | undefined, flags: { dirty?: boolean; dirtyRate?: string[] }): DirtyChoice | undefined {
  const given = flags.dirtyRate ?? [];
  const from = flags.dirty ? '--dirty' : given.length ? '--dirty-rate' : file?.enabled ? file.where : undefined;
  if (from === undefined) return undefined;
  const rates = defaultRates();
  const sources: DirtyChoice['sources'] = {};
  for (const [k, v] of Object.entries(file?.rates ?? {}) as [DefectKind, number][]) [rates[k], sources[k]] = [v, file!.where];
  for (const item of given) {
    const [k, v] = rateFlag(item);
    [rates[k], sources[k]] = [v, '--dirty-rate'];
  }
  return { rates, sources, from };
}
