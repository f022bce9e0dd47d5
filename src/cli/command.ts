/**
 * A command: its options, declared once (options.ts), and a `run` that
 * takes the values they give, typed from the declarations, and an IO object,
 * and returns an exit code. Commands never touch `process` (argv, exit,
 * stdout): main.ts does, so commands run in tests as functions.
 */
import { renderHelp } from './help.ts';
import { type Args, type Options, parseOptions } from './options.ts';

export interface IO {
  out(line: string): void;
  err(line: string): void;
  /** Whether stderr is a terminal (progress bars) or a log (plain lines). */
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface CommandDefinition<O extends Options> {
  name: string;
  summary: string;
  /** The positional arguments in the first usage line (`<shard-dir> ...`); without it the command takes none. */
  positionals?: string;
  /** Further usage lines: other forms of the command, what an action does. */
  forms?: readonly string[];
  options: O;
  run(args: Args<O>, io: IO): Promise<number>;
}

/** What main.ts sees of a command, whatever its options. */
export interface Command {
  name: string;
  summary: string;
  options: Options;
  /** The first usage line: forge <name> [positionals] [options]. */
  synopsis: string;
  /** The --help text, generated from the declarations. */
  help(): string;
  /** Parses and checks the arguments (a mistake is a USAGE error) and gives the run that uses them. */
  prepare(argv: readonly string[]): (io: IO) => Promise<number>;
}

export function defineCommand<const O extends Options>(def: CommandDefinition<O>): Command {
  const synopsis = `forge ${def.name}${def.positionals ? ` ${def.positionals}` : ''}${Object.keys(def.options).length ? ' [options]' : ''}`;
  return {
    name: def.name,
    summary: def.summary,
    options: def.options,
    synopsis,
    help: () => renderHelp({ ...def, synopsis }),
    prepare(argv) {
      const args = parseOptions(argv, { command: def.name, options: def.options, positionals: def.positionals !== undefined, synopsis });
      return (io) => def.run(args, io);
    },
  };
}
