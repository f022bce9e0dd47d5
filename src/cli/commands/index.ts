import type { Command } from '../command.ts';
import { buildCommand } from './build.ts';

/** Every command, in the order `forge --help` lists them. */
export const commands: Command[] = [buildCommand];
