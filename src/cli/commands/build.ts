import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { appendPlan } from '../../artifact/append-range.ts';
import { ALL_FORMATS, build, estimate, planBuild, type Formats } from '../../artifact/build.ts';
import { human, NOTE_BYTES, type Estimate } from '../../artifact/budget.ts';
import { parseShard, shardRange } from '../../artifact/shard.ts';
import { readArtifact } from '../../artifact/read.ts';
import { ForgeError } from '../../errors.ts';
import { configYaml } from '../../config/print.ts';
import { integer, str, flag } from '../args.ts';
import { outDir } from '../args.ts';
import type { Command, IO, ParsedArgs } from '../command.ts';
import { configFromArgs, configOptions } from '../config-args.ts';
import { DEFAULT_OUT } from '../datasets.ts';
import { progressReporter } from '../progress.ts';
import { configLines, fileLines } from '../verbose.ts';
import { dirtyBuild } from '../dirty-args.ts';
import { tenantOptions, tenantParams } from '../tenant-flags.ts';

function formats(args: ParsedArgs): Formats {
  const raw = str(args, 'formats');
  if (raw === undefined) return ALL_FORMATS;
  const names = raw.split(',').map((s) => s.trim());
  const known = Object.keys(ALL_FORMATS);
  for (const n of names) if (!known.includes(n)) throw new ForgeError('USAGE', `unknown format "${n}"`, `--formats takes a comma list of ${known.join(', ')}`);
  return { csv: names.includes('csv'), json: names.includes('json'), dump: names.includes('dump') };
}

/**
 * --jobs, at most one per core: more threads than cores only take turns,
 * and each holds its own buffers and model state (1000 jobs held GBs).
 * A capped value is said, not silently changed.
 */
function cappedJobs(args: ParsedArgs, io: IO): number {
  const cores = availableParallelism();
  const asked = integer(args, 'jobs', cores, 1);
  if (asked <= cores) return asked;
  io.err(`forge: note: --jobs ${asked} is more than the ${cores} cores here; using ${cores}`);
  return cores;
}

export const buildCommand: Command = {
  name: 'build',
  summary: 'compile a dataset into a versioned, checksummed artifact (offline, no database)',
  usage:
    'forge build [--dataset retail] [--seed 42] [--profile local] [--scenario NAME] [--config FILE] [--set key=value ...] [--out dist-fixtures] [--formats csv,json,dump] [--jobs N] [--shard i/N] [--quiet | --verbose] [--print-config] [--estimate] [--allow-large]\n' +
    '       forge build --dataset exceptions [--tenant ID [--domain NAME] | --all-tenants] [--set count=N]   (multi-tenant datasets)\n' +
    '       forge build --append-from <artifact-dir> --set endDate=2025-03-31   (only the rows a bigger build adds)\n' +
    '       forge build --dirty [--dirty-rate KIND=RATE ...]   (a marked variant with invalid records, listed in its manifest; or a dirty: section in --config)',
  options: {
    ...configOptions,
    out: { type: 'string' },
    formats: { type: 'string' },
    'append-from': { type: 'string' },
    jobs: { type: 'string' },
    shard: { type: 'string' },
    quiet: { type: 'boolean' },
    'print-config': { type: 'boolean' },
    verbose: { type: 'boolean' },
    estimate: { type: 'boolean' },
    'allow-large': { type: 'boolean' },
    ...tenantOptions,
  },
  async run(args, io) {
    const appendFrom = str(args, 'append-from');
    const base = appendFrom === undefined ? undefined : readArtifact(resolve(io.cwd, appendFrom));
    const cfg = configFromArgs(args, io, base?.manifest);
    if (flag(args, 'print-config')) {
      io.out(configYaml(cfg));
      return 0;
    }
    const dataset = cfg.dataset;
    const append = base ? appendPlan(base, dataset, cfg.given) : undefined;
    const seed = append?.seed ?? cfg.seed;
    const profile = append?.profile ?? cfg.profile;
    const scenario = append ? append.scenario : cfg.scenario;
    const shardText = str(args, 'shard');
    if (shardText !== undefined && append) throw new ForgeError('USAGE', '--shard and --append-from cannot be combined', 'shard the bigger build instead');
    const shard = shardText === undefined ? undefined : parseShard(shardText);
    const overrides = append?.overrides ?? { ...cfg.overrides, ...tenantParams(args, dataset) };
    const allowLarge = flag(args, 'allow-large');
    const range =
      append?.range ??
      (shard ? shardRange(planBuild(dataset, seed, profile, overrides, scenario, { allowLarge }).tables, shard.index, shard.count) : undefined);
    if (flag(args, 'estimate')) {
      const e = estimate({ dataset, seed, profile, scenario, overrides, range, formats: formats(args), allowLarge: true });
      io.out(`about ${human(e.rows)} rows, ${human(e.bytes)}B (${e.rows} rows, ${e.bytes} bytes, estimated from sample units; nothing was built)`);
      return 0;
    }
    const dirty = cfg.dirty?.rates;
    if (dirty && (shard || append))
      throw new ForgeError('USAGE', '--dirty cannot be combined with --shard or --append-from', 'build the dirty variant of a whole build');
    const verbose = flag(args, 'verbose');
    if (verbose && flag(args, 'quiet'))
      throw new ForgeError(
        'USAGE',
        '--quiet and --verbose cannot be combined',
        'choose one: --quiet prints only the directory, --verbose prints every choice and file',
      );
    const jobs = cappedJobs(args, io);
    const outRoot = outDir(args, io.cwd, DEFAULT_OUT);
    const fmts = formats(args);
    if (verbose) {
      for (const line of configLines(cfg)) io.err(line);
      if (append)
        io.err(
          `append to ${base!.dir}: only the rows a build with ${Object.entries(cfg.given)
            .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
            .join(', ')} adds (${append.range.suffix})`,
        );
      if (shard) io.err(`shard ${shard.index + 1}/${shard.count}`);
      io.err(
        `building with ${jobs} job(s), formats ${Object.entries(fmts)
          .filter(([, on]) => on)
          .map(([f]) => f)
          .join(', ')}${dirty ? ' (a dirty build writes CSV and JSON only)' : ''}, under ${outRoot}`,
      );
    }
    const started = performance.now();
    const progress = flag(args, 'quiet') || cfg.progress === false ? undefined : progressReporter(io);
    const buildOnce = dirty ? dirtyBuild : build;
    const result = await buildOnce({
      dataset,
      seed,
      profile,
      scenario,
      range,
      jobs,
      overrides,
      outRoot,
      formats: fmts,
      onProgress: progress?.update,
      allowLarge,
      onEstimate: (e: Estimate) => {
        if (e.bytes > NOTE_BYTES && !flag(args, 'quiet')) io.err(`forge: note: this build makes about ${human(e.rows)} rows, ${human(e.bytes)}B (estimated)`);
      },
      ...(dirty ? { rates: dirty } : {}),
    } as Parameters<typeof dirtyBuild>[0]);
    progress?.stop();
    const seconds = (performance.now() - started) / 1000;
    const rows = result.manifest.tables.reduce((n, t) => n + t.rows, 0);
    if (!flag(args, 'quiet') && cfg.progress !== false) {
      if (result.manifest.dirty) io.err(`DIRTY artifact: ${result.manifest.dirty.defects.length} defects injected, listed in manifest.json`);
      for (const t of result.manifest.tables) io.err(`  ${t.name.padEnd(28)} ${String(t.rows).padStart(12)} rows`);
      if (verbose) for (const line of fileLines(result.manifest)) io.err(line);
      io.err(`built ${rows} rows in ${seconds.toFixed(2)} s`);
    }
    io.out(result.dir);
    return 0;
  },
};
