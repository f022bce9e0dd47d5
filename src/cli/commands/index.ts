import type { Command } from '../command.ts';
import { buildCommand } from './build.ts';
import { dbCommand } from './db.ts';
import { deleteCommand } from './delete.ts';
import { goldenCommand } from './golden.ts';
import { loadCommand } from './load.ts';
import { mergeCommand } from './merge.ts';
import { packCommand } from './pack.ts';
import { pushCommand } from './push.ts';
import { reportCommand } from './report.ts';
import { scenariosCommand } from './scenarios.ts';
import { statusCommand } from './status.ts';
import { typesCommand } from './types.ts';
import { verifyCommand } from './verify.ts';

/** Every command, in the order `forge --help` lists them. */
export const commands: Command[] = [buildCommand, scenariosCommand, mergeCommand, packCommand, loadCommand, pushCommand, verifyCommand, statusCommand, deleteCommand, dbCommand, goldenCommand, typesCommand, reportCommand];
