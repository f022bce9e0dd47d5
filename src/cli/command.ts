/**
 * A command is a plain object: its options and a `run` that takes parsed
 * arguments and an IO object and returns an exit code. Commands never touch
 * `process` (argv, exit, stdout): main.ts does, so commands run in tests as
 * functions.
 */
import type { ParseArgsConfig } from 'node:util';

export interface IO {
  out(line: string): void;
  err(line: string): void;
  /** Whether stderr is a terminal (progress bars) or a log (plain lines). */
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export type Options = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: Options;
  positionals?: boolean;
  run(args: ParsedArgs, io: IO): Promise<number>;
}
