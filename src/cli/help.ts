/** `forge <command> --help`, written from the command's option declarations: nothing here is typed twice. */
import { type OptionSpec, type Options, oneOf } from './options.ts';

/** The placeholder after the flag: --db URL, --jobs N, --on-conflict nothing|update, --formats csv,json,dump. */
export function placeholder(name: string, spec: OptionSpec): string {
  if (spec.type === 'boolean') return '';
  if (spec.value) return spec.value;
  if (spec.type === 'integer') return 'N';
  if (spec.type === 'enum') return spec.values.join('|');
  if (spec.type === 'list' && spec.values) return spec.values.join(',');
  return name.toUpperCase();
}

/** What --help says after the description: the allowed values and the default. */
function facts(spec: OptionSpec): string[] {
  const out: string[] = [];
  if (spec.type === 'integer') out.push(spec.min !== undefined ? `an integer >= ${spec.min}` : 'an integer');
  if (spec.type === 'enum') out.push(oneOf(spec.values));
  if (spec.type === 'list') out.push(spec.values ? `a comma list of ${oneOf(spec.values)}` : 'a comma list');
  if (spec.type === 'repeat') out.push('repeatable');
  const fallback =
    spec.defaultText ??
    (spec.type === 'list' ? spec.default?.join(',') : spec.type === 'string' || spec.type === 'integer' || spec.type === 'enum' ? spec.default : undefined);
  if (fallback !== undefined) out.push(`default: ${fallback}`);
  return out;
}

export function flagText(name: string, spec: OptionSpec): string {
  const value = placeholder(name, spec);
  return `${spec.short ? `-${spec.short}, ` : ''}--${name}${value ? ` ${value}` : ''}`;
}

export function optionLine(name: string, spec: OptionSpec, width: number): string {
  const more = facts(spec);
  return `  ${flagText(name, spec).padEnd(width)}  ${spec.description}${more.length ? ` (${more.join('; ')})` : ''}`;
}

/** The help text: usage lines, the summary, then the options, the command's own first and each shared group under its heading. */
export function renderHelp(def: { synopsis: string; forms?: readonly string[]; summary: string; options: Options }): string {
  const groups = new Map<string, [string, OptionSpec][]>([['options', []]]);
  for (const [name, spec] of Object.entries(def.options)) {
    const title = spec.group ?? 'options';
    if (!groups.has(title)) groups.set(title, []);
    groups.get(title)!.push([name, spec]);
  }
  // Flags line up within a command; a very long flag does not push every description right.
  const width = Math.min(30, Math.max(...Object.entries(def.options).map(([n, s]) => flagText(n, s).length)));
  const lines = [def.synopsis, ...(def.forms ?? []).map((f) => `  ${f}`), '', def.summary];
  for (const [title, entries] of groups) {
    if (!entries.length) continue;
    lines.push('', `${title}:`);
    for (const [name, spec] of entries) lines.push(optionLine(name, spec, width));
  }
  return lines.join('\n');
}
