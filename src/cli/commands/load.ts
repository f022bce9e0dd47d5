import { appendLoad } from '../../load/append.ts';
import { dirtyLoad, DIRTY_SCHEMA } from '../../load/dirty-load.ts';
import { fullLoad } from '../../load/full-load.ts';
import { tenantReset } from '../../load/tenant-reset.ts';
import { maskUrl } from '../../load/url.ts';
import { ForgeError } from '../../errors.ts';
import { flag, integer, str } from '../args.ts';
import { artifactFromArgs, artifactOptions } from '../artifact-arg.ts';
import { verifyChecksums } from '../../artifact/read.ts';
import type { Command } from '../command.ts';
import { loadProgressReporter } from '../progress.ts';
import { targetOptions, writableTarget } from '../target.ts';

export const loadCommand: Command = {
  name: 'load',
  summary: 'load an artifact into Postgres with COPY: atomic, checksummed, guarded',
  usage:
    'forge load [<artifact-dir> | <artifact.tar.gz> | --dataset retail --seed 42 --profile local [--build]] [--db URL] [--schema public] [--confirm] [--dry-run] [--append [--on-conflict nothing|update]] [--tenant ID] [--connections 2] [--drop-dependents] [--replace-unowned t1,t2] [--allow-production] [--quiet | --verbose]',
  options: {
    ...artifactOptions,
    ...targetOptions,
    schema: { type: 'string' },
    confirm: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    append: { type: 'boolean' },
    'on-conflict': { type: 'string' },
    tenant: { type: 'string' },
    connections: { type: 'string' },
    'drop-dependents': { type: 'boolean' },
    'replace-unowned': { type: 'string' },
    quiet: { type: 'boolean' },
    verbose: { type: 'boolean' },
  },
  positionals: true,
  async run(args, io) {
    const onConflict = str(args, 'on-conflict') ?? 'nothing';
    if (onConflict !== 'nothing' && onConflict !== 'update') throw new ForgeError('USAGE', `--on-conflict takes nothing or update, got "${onConflict}"`);
    const connections = integer(args, 'connections', 2, 1);
    let schema = str(args, 'schema') ?? 'public';
    const dryRun = flag(args, 'dry-run');
    // Every file's sha256 (and rows) is checked while the load connects and
    // copies, on the other core than the server's; what COPY sends is hashed
    // again as it streams. Nothing is committed or swapped in before every
    // file matches, and a mismatch is the error reported, even when the load
    // failed on it first. --append, --tenant and dirty loads wait for it.
    const artifact = await artifactFromArgs(args, io, () => false);
    const checks = verifyChecksums(artifact);
    checks.catch(() => {}); // awaited below; not an unhandled rejection meanwhile
    const { url } = await writableTarget(args, io, { keepConnection: true });
    const quiet = flag(args, 'quiet');
    const verbose = flag(args, 'verbose');
    if (verbose && quiet)
      throw new ForgeError(
        'USAGE',
        '--quiet and --verbose cannot be combined',
        'choose one: --quiet prints nothing on success, --verbose prints the artifact and every step',
      );
    if (verbose) {
      const m = artifact.manifest;
      io.err(
        `artifact ${artifact.dir}: ${m.dataset.name} ${m.dataset.version} seed ${m.seed} profile ${m.profile}${m.scenario ? ` scenario ${m.scenario}` : ''}${m.dirty ? ' (DIRTY)' : ''}, manifest sha256 ${artifact.manifestSha256}`,
      );
      for (const t of m.tables) io.err(`  ${t.name.padEnd(28)} ${String(t.rows).padStart(12)} rows  ${t.files.csv?.path ?? ''}`);
      io.err(`target ${maskUrl(url)} schema ${str(args, 'schema') ?? (m.dirty ? DIRTY_SCHEMA : 'public')}`);
    }
    const started = performance.now();
    const tenant = str(args, 'tenant');
    let plan: string[];
    let summary: string;
    if (flag(args, 'append') || tenant !== undefined) await checks;
    if (artifact.manifest.dirty) {
      if (flag(args, 'append') || tenant !== undefined)
        throw new ForgeError('USAGE', 'a dirty artifact loads only whole (no --append or --tenant)', 'forge load <dirty-artifact> [--schema dirty]');
      schema = str(args, 'schema') ?? DIRTY_SCHEMA;
      await checks;
      const r = await dirtyLoad({ url, schema, artifact, confirm: flag(args, 'confirm'), dryRun, dropDependents: flag(args, 'drop-dependents') });
      plan = r.plan;
      summary = `loaded ${r.rows} rows (DIRTY: ${artifact.manifest.dirty.defects.length} injected defects, no constraints)`;
    } else if (flag(args, 'append')) {
      const r = await appendLoad({ url, schema, artifact, onConflict, dryRun });
      plan = r.plan;
      summary = `appended ${r.inserted} new rows`;
    } else if (tenant !== undefined) {
      const r = await tenantReset({ url, schema, artifact, tenant, dryRun, confirm: flag(args, 'confirm') });
      plan = r.plan;
      summary = `reset tenant ${tenant}: ${r.rows} rows`;
    } else {
      const replaceUnowned = (str(args, 'replace-unowned') ?? '')
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean);
      const r = await fullLoad({
        url,
        schema,
        artifact,
        confirm: flag(args, 'confirm'),
        dryRun,
        dropDependents: flag(args, 'drop-dependents'),
        replaceUnowned,
        connections,
        beforeSwap: checks,
        onProgress: quiet ? undefined : loadProgressReporter(io),
        onStep: quiet ? undefined : (step) => io.err(`${step}…`),
      });
      plan = r.plan;
      summary = `loaded ${r.rows} rows`;
      if (r.unchanged) {
        await checks;
        const m = artifact.manifest;
        io.err(
          `already loaded: ${m.dataset.name} ${m.dataset.version} seed ${m.seed} profile ${m.profile} in ${maskUrl(url)} schema ${schema} (${r.rows} rows, loaded ${r.unchanged.loadedAt}, unchanged since); nothing to do. --confirm (make load CONFIRM=1) loads it again`,
        );
        return 0;
      }
      if (r.dependents.length && !dryRun)
        io.err(`dropped ${r.dependents.length} object(s) that depended on the replaced tables (--drop-dependents): ${r.dependents.join('; ')}`);
    }
    await checks;
    const m = artifact.manifest;
    if (dryRun) {
      io.out(`dry run: nothing was changed. Plan for ${maskUrl(url)}:`);
      for (const line of plan) io.out(`  ${line}`);
      return 0;
    }
    const secs = (performance.now() - started) / 1000;
    if (verbose) {
      io.err('done, step by step:');
      for (const line of plan) io.err(`  ${line}`);
    }
    if (!quiet)
      io.err(
        `${summary} of ${m.dataset.name} ${m.dataset.version} seed ${m.seed} profile ${m.profile} into ${maskUrl(url)} schema ${schema} in ${secs.toFixed(2)} s`,
      );
    return 0;
  },
};
