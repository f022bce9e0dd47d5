/**
 * Config files (`--config FILE`): YAML laid out in sections, as the seed
 * document's seed_config.yaml is. Each dataset parameter sits at its `path`;
 * `dataset`, `seed`, `profile` and `scenario` may sit at the top. Errors name
 * the key's path, the line and column, and what is allowed.
 */
import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair } from 'yaml';
import { ForgeError } from '../errors.ts';
import { checkValue, unknownKey, whereFile } from './check.ts';
import { readDirtySection, type DirtyFile } from './dirty.ts';
import type { ParamTable, ParamValue } from './params.ts';

/** Top-level keys that are not dataset parameters (`dirty`: src/config/dirty.ts). */
export const FILE_TOP_KEYS = ['dataset', 'seed', 'profile', 'scenario', 'dirty'] as const;

export interface ConfigFile {
  display: string;
  dataset?: string;
  seed?: number;
  profile?: string;
  scenario?: string;
  /** The `dirty:` section, when there is one. */
  dirty?: DirtyFile;
  /** Top-level keys that are not FILE_TOP_KEYS: the dataset parameters' sections. */
  paramSections: string[];
  /** The file's parameters for a dataset's table, each checked where it stands. */
  params(table: ParamTable): Record<string, ParamValue>;
}

export function readConfigFile(path: string, display: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ForgeError(
      'BAD_CONFIG',
      `cannot read config file ${display}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      'check the path given to --config (or FORGE_CONFIG)',
    );
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const pos = (node: { range?: [number, number, number] | null } | null | undefined) => (node?.range ? lines.linePos(node.range[0]) : undefined);
  const at = (node: Node | null | undefined) => whereFile(display, pos(node));
  if (doc.errors.length) {
    const e = doc.errors[0];
    const p = e.linePos?.[0] ?? lines.linePos(e.pos[0]);
    throw new ForgeError('BAD_CONFIG', `${p ? whereFile(display, p) : display}: not valid YAML: ${e.message.split('\n')[0]}`, 'fix the YAML syntax');
  }
  const root = doc.contents;
  if (root !== null && !isMap(root))
    throw new ForgeError('BAD_CONFIG', `${at(root as Node)}: a config file is a mapping of sections`, 'see examples/seed/config_holiday.yaml');
  const top = new Map<string, Pair<Node, Node | null>>();
  for (const pair of root?.items ?? []) top.set(keyText(pair, display, lines), pair as Pair<Node, Node | null>);

  const scalarAt = <T>(name: string, ok: (v: unknown) => v is T, allowed: string): T | undefined => {
    const pair = top.get(name);
    if (!pair) return undefined;
    const v = isScalar(pair.value) ? pair.value.value : pair.value;
    if (!ok(v))
      throw new ForgeError(
        'BAD_CONFIG',
        `${name} in ${at(pair.value ?? (pair.key as Node))}: ${JSON.stringify(v ?? null)} is not allowed`,
        `allowed: ${allowed}`,
      );
    return v;
  };
  const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
  const isSeed = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);

  return {
    display,
    dataset: scalarAt('dataset', isString, 'a dataset name'),
    seed: scalarAt('seed', isSeed, 'an integer'),
    profile: scalarAt('profile', isString, 'a profile name'),
    scenario: scalarAt('scenario', isString, 'a scenario name'),
    dirty: top.has('dirty') ? readDirtySection(top.get('dirty')!, (n) => at(n), display) : undefined,
    paramSections: [...top.keys()].filter((k) => !(FILE_TOP_KEYS as readonly string[]).includes(k)),
    params(table) {
      const byPath = new Map(Object.entries(table).map(([key, def]) => [def.path, key]));
      const sections = new Set<string>();
      for (const def of Object.values(table)) {
        const parts = def.path.split('.');
        for (let i = 1; i < parts.length; i++) sections.add(parts.slice(0, i).join('.'));
      }
      const out: Record<string, ParamValue> = {};
      const walk = (map: Node | null, prefix: string) => {
        if (map === null || (isScalar(map) && map.value === null)) return; // an empty section
        if (!isMap(map))
          throw new ForgeError(
            'BAD_CONFIG',
            `${prefix} in ${at(map)}: a section holds keys, not a value`,
            `keys of ${prefix}: ${childrenOf(prefix).join(', ')}`,
          );
        for (const pair of map.items) {
          const name = keyText(pair, display, lines);
          const path = prefix ? `${prefix}.${name}` : name;
          const value = pair.value as Node | null;
          if (!prefix && (FILE_TOP_KEYS as readonly string[]).includes(name)) continue;
          const key = byPath.get(path);
          if (key !== undefined) {
            const js = value === null ? null : value.toJS(doc as Document);
            out[key] = checkValue(key, table[key], js, at(value ?? (pair.key as Node)), (inner) => at(nodeAt(value, inner)));
          } else if (sections.has(path)) {
            walk(value, path);
          } else {
            const valid = childrenOf(prefix).map((c) => (prefix ? `${prefix}.${c}` : c));
            throw unknownKey(path, at(pair.key as Node), valid, 'key');
          }
        }
      };
      const childrenOf = (prefix: string) => {
        const names = new Set<string>(prefix ? [] : FILE_TOP_KEYS);
        for (const p of [...byPath.keys(), ...sections]) {
          if (prefix ? p.startsWith(prefix + '.') : true) {
            const rest = prefix ? p.slice(prefix.length + 1) : p;
            names.add(rest.split('.')[0]);
          }
        }
        return [...names];
      };
      walk(root ?? null, '');
      return out;
    },
  };
}

function keyText(pair: Pair, display: string, lines: LineCounter): string {
  const k = pair.key as Node | null;
  if (isScalar(k) && (typeof k.value === 'string' || typeof k.value === 'number')) return String(k.value);
  const p = k?.range ? lines.linePos(k.range[0]) : undefined;
  throw new ForgeError('BAD_CONFIG', `${whereFile(display, p)}: a key must be a plain name`, 'write keys as in examples/seed/config_holiday.yaml');
}

/** The node at a path inside a value (map keys compared as text), for an error's line and column. */
function nodeAt(node: Node | null, path: PropertyKey[]): Node | null {
  let cur: Node | null = node;
  for (const seg of path) {
    if (isMap(cur)) cur = (cur.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg))?.value as Node | null) ?? cur;
    else if (isSeq(cur) && typeof seg === 'number') cur = (cur.items[seg] as Node | null) ?? cur;
    else break;
  }
  return cur;
}
