/**
 * Which dataset a command's arguments and environment choose, read before
 * the command runs so that a dataset `forge init` wrote into the user's
 * project can be imported first (project-datasets.ts). Light on purpose:
 * it runs on every command's start.
 */
import { resolve } from 'node:path';
import { CHOICE_ENV, first } from '../config/choice-env.ts';

/** The value of --NAME VALUE / --NAME=VALUE among a command's arguments. */
function optionArg(args: readonly string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === `--${name}`) return args[i + 1];
    if (args[i].startsWith(`--${name}=`)) return args[i].slice(name.length + 3);
  }
  return undefined;
}

/** Whether the arguments or environment may choose a dataset (else the project-dataset lookup is not even loaded). */
export function mayChooseDataset(args: readonly string[], env: NodeJS.ProcessEnv): boolean {
  return args.some((a) => /^--(dataset|config)(=|$)/.test(a)) || first(env, [...CHOICE_ENV.dataset, ...CHOICE_ENV.config]) !== undefined;
}

/** The dataset name chosen by flag, environment or config file, in the resolver's precedence (src/config/resolve.ts). */
export async function chosenDataset(args: readonly string[], env: NodeJS.ProcessEnv, cwd: string): Promise<string | undefined> {
  const named = optionArg(args, 'dataset') ?? first(env, CHOICE_ENV.dataset)?.value;
  if (named !== undefined) return named;
  const config = optionArg(args, 'config') ?? first(env, CHOICE_ENV.config)?.value;
  if (config === undefined) return undefined;
  const { readConfigFile } = await import('../config/file.ts'); // YAML: loaded only when a config file is named
  try {
    return readConfigFile(resolve(cwd, config), config).dataset;
  } catch {
    return undefined; // the command's own reading of the file reports what is wrong with it
  }
}
