/**
 * Command-line options, each declared once: its type, default, allowed
 * values and a one-line description. From these declarations come the
 * node:util parseArgs configuration, the checked and typed values a command
 * reads (`args.values.connections` is a number), and the --help text
 * (help.ts). Every check of a value is here, with one-line USAGE errors.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { ForgeError } from '../errors.ts';

interface Base {
  /** One line for --help. */
  description: string;
  /** The --help heading it is listed under; a command's own options have none. */
  group?: string;
  /** A one-letter alias: -o. */
  short?: string;
  /** The value's placeholder in --help (--db URL); by default the type's (N, a|b) or the name in capitals. */
  value?: string;
  /** A default that is not a constant (one per core), said in --help only. */
  defaultText?: string;
}

/** Any text. */
export interface StringOption extends Base {
  type: 'string';
  default?: string;
}
/** Present or not: false unless given. */
export interface BooleanOption extends Base {
  type: 'boolean';
}
/** A safe integer, at least `min`. */
export interface IntegerOption extends Base {
  type: 'integer';
  min?: number;
  default?: number;
}
/** One of `values`. */
export interface EnumOption extends Base {
  type: 'enum';
  values: readonly string[];
  default?: string;
}
/** A comma list (csv,json); with `values`, each item one of them. */
export interface ListOption extends Base {
  type: 'list';
  values?: readonly string[];
  default?: readonly string[];
}
/** Given any number of times (--set a=1 --set b=2). */
export interface RepeatOption extends Base {
  type: 'repeat';
}

export type OptionSpec = StringOption | BooleanOption | IntegerOption | EnumOption | ListOption | RepeatOption;
export type Options = Record<string, OptionSpec>;

/** The value a command reads for one declaration: undefined only where there is no default. */
export type ValueOf<S extends OptionSpec> = S extends BooleanOption
  ? boolean
  : S extends RepeatOption
    ? string[]
    : S extends IntegerOption
      ? S extends { default: number }
        ? number
        : number | undefined
      : S extends { type: 'enum'; values: readonly (infer V)[] }
        ? S extends { default: string }
          ? V
          : V | undefined
        : S extends { type: 'list'; values: readonly (infer V)[] }
          ? V[]
          : S extends ListOption
            ? string[]
            : S extends { default: string }
              ? string
              : string | undefined;

export type Values<O extends Options> = { readonly [K in keyof O]: ValueOf<O[K]> };

export interface Args<O extends Options> {
  values: Values<O>;
  positionals: string[];
}

/** A shared set of options (the target database, what to build), listed under one --help heading. */
export function optionGroup<const O extends Options>(title: string, options: O): O {
  // Copies: a declaration shared by several groups (--out) keeps each group's heading.
  return Object.fromEntries(Object.entries(options).map(([name, spec]) => [name, { ...spec, group: title }])) as O;
}

type ParseArgsOptions = NonNullable<ParseArgsConfig['options']>;

function parseArgsOptions(options: Options): ParseArgsOptions {
  const out: ParseArgsOptions = {};
  for (const [name, spec] of Object.entries(options)) {
    out[name] = {
      type: spec.type === 'boolean' ? 'boolean' : 'string',
      ...(spec.type === 'repeat' ? { multiple: true } : {}),
      ...(spec.short ? { short: spec.short } : {}),
    };
  }
  return out;
}

/** `--seed -7` means `--seed=-7`: an option that takes a value, followed by a negative number, takes it. */
function negativeValues(argv: readonly string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const spec = argv[i].startsWith('--') && Object.hasOwn(options, argv[i].slice(2)) ? options[argv[i].slice(2)] : undefined;
    if (spec && spec.type !== 'boolean' && /^-\d/.test(argv[i + 1] ?? '')) out.push(`${argv[i]}=${argv[++i]}`);
    else out.push(argv[i]);
  }
  return out;
}

/** "a, b or c" */
export function oneOf(values: readonly string[]): string {
  return values.length < 2 ? values.join('') : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}

/** One given value, checked against its declaration and converted. */
function checked(name: string, spec: OptionSpec, raw: string | boolean | string[], command: string): unknown {
  const help = `forge ${command} --help describes every option`;
  switch (spec.type) {
    case 'integer': {
      const text = String(raw);
      const min = spec.min ?? Number.MIN_SAFE_INTEGER;
      if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(Number(text)) || Number(text) < min) {
        throw new ForgeError(
          'USAGE',
          `--${name} must be an integer${spec.min !== undefined ? ` >= ${spec.min}` : ''}, got "${text}"`,
          `for example --${name} ${spec.default ?? Math.max(min, 42)}`,
        );
      }
      return Number(text);
    }
    case 'enum':
      if (!spec.values.includes(String(raw))) throw new ForgeError('USAGE', `--${name} takes ${oneOf(spec.values)}, got "${raw}"`, help);
      return raw;
    case 'list': {
      const items = String(raw)
        .split(',')
        .map((s) => s.trim());
      // With allowed values an empty item is a mistake too; a free list just skips it (a,,b).
      if (!spec.values) return items.filter(Boolean);
      const bad = items.find((s) => !spec.values!.includes(s));
      if (bad !== undefined) throw new ForgeError('USAGE', `--${name} takes a comma list of ${oneOf(spec.values)}, got "${bad}"`, help);
      return items;
    }
    default:
      return raw;
  }
}

/** The values of every declared option: given ones checked and converted, the others their defaults. */
function valuesOf(options: Options, given: Record<string, string | boolean | (string | boolean)[] | undefined>, command: string): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(options)) {
    const raw = given[name];
    if (raw !== undefined) values[name] = checked(name, spec, raw as string | boolean | string[], command);
    else if (spec.type === 'boolean') values[name] = false;
    else if (spec.type === 'repeat') values[name] = [];
    else if (spec.type === 'list') values[name] = [...(spec.default ?? [])];
    else values[name] = spec.default;
  }
  return values;
}

/**
 * Parses a command's arguments strictly (an unknown option or a stray
 * positional is an error) and checks every value; any mistake is one
 * ForgeError('USAGE') line.
 */
export function parseOptions<O extends Options>(
  argv: readonly string[],
  spec: { command: string; options: O; positionals: boolean; synopsis: string },
): Args<O> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: negativeValues(argv, spec.options),
      options: parseArgsOptions(spec.options),
      allowPositionals: spec.positionals,
      strict: true,
    });
  } catch (e) {
    throw new ForgeError('USAGE', (e as Error).message.split('\n')[0], `usage: ${spec.synopsis}; forge ${spec.command} --help`);
  }
  // The one place where declarations become types: valuesOf gives each declared name the value ValueOf says.
  return { values: valuesOf(spec.options, parsed.values, spec.command) as Values<O>, positionals: parsed.positionals };
}
