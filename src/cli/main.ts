/**
 * The only place that reads argv, prints, and sets the exit code. Every
 * ForgeError becomes one line and its exit code; anything else is a bug,
 * reported as one line too (FORGE_DEBUG=1 shows the stack).
 */
import { isForgeError, ForgeError } from '../errors.ts';
import { handleSignal, HANDLED_SIGNALS } from '../interrupt.ts';
import { diskFull, isDiskFull } from '../write-error.ts';
import { runCleanups } from './cleanup.ts';
import { closeWithoutWaiting } from '../load/close-policy.ts';
import { chosenDataset, mayChooseDataset } from './dataset-choice.ts';
import type { Command, IO } from './command.ts';
import { commands } from './commands/index.ts';

function usage(): string {
  const lines = ['usage: forge <command> [options]', '', 'commands:'];
  for (const c of commands) lines.push(`  ${c.name.padEnd(10)} ${c.summary}`);
  lines.push('', 'forge <command> --help shows its options.');
  return lines.join('\n');
}

export async function runCli(argv: string[], io: IO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name ? 0 : 2;
  }
  const entry = commands.find((c) => c.name === name);
  try {
    if (!entry) throw new ForgeError('USAGE', `unknown command "${name}"`, `commands: ${commands.map((c) => c.name).join(', ')}`);
    const command: Command = await entry.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(command.help());
      return 0;
    }
    const run = command.prepare(rest);
    // A dataset that forge init wrote into the user's project (an installed forge): imported first.
    if (mayChooseDataset(rest, io.env)) {
      const dataset = await chosenDataset(rest, io.env, io.cwd);
      if (dataset) await (await import('./project-datasets.ts')).loadProjectDataset(dataset, io.cwd);
    }
    return await run(io);
  } catch (caught) {
    // A full disk in a writer that does not name its own place is still one line and exit 74.
    const e =
      !isForgeError(caught) && isDiskFull(caught) ? diskFull(`writing ${(caught as NodeJS.ErrnoException).path ?? 'a file'}`, 'choose another place') : caught;
    if (isForgeError(e)) {
      io.err(e.toLine());
      return e.exitCode;
    }
    io.err(`forge: internal error: ${(e as Error)?.message ?? String(e)} (this is a bug; FORGE_DEBUG=1 shows the stack)`);
    if (io.env.FORGE_DEBUG) io.err(String((e as Error)?.stack));
    return 70;
  } finally {
    runCleanups();
  }
}

// `forge status | head` closes our stdout early: that is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

const processIO: IO = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
  isTTY: Boolean(process.stderr.isTTY),
  env: process.env,
  cwd: process.cwd(),
};

if (import.meta.url === `file://${process.argv[1]}` || process.env.FORGE_MAIN === '1') {
  // The process exits when its command is done: waiting for servers to close connections only delays that.
  closeWithoutWaiting();
  // SIGINT/SIGTERM/SIGHUP: what was registered to undo (staging schema, temp folders, partial
  // files) is undone, then exit 128 + signal (130, 143, 129); a build stops itself at its next
  // batch. A command with its own handler for the signal (push) is left to it.
  for (const signal of HANDLED_SIGNALS) {
    process.on(signal, () => {
      if (process.listenerCount(signal) > 1) return;
      void handleSignal(signal).then((code) => {
        if (code !== undefined) process.exit(code);
      });
    });
  }
  process.exitCode = await runCli(process.argv.slice(2), processIO);
  // The command is done: exit now instead of when the event loop drains (sockets closing,
  // the heap torn down), 25-40 ms of a short command. What it printed is written first.
  for (const stream of [process.stdout, process.stderr]) if (stream.writableLength) await new Promise((done) => stream.once('drain', done));
  process.exit();
}
