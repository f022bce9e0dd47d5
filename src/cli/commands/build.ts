import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { appendPlan } from '../../artifact/append-range.ts';
import { build, estimate, planBuild, type Formats } from '../../artifact/build.ts';
import { human, NOTE_BYTES, type Estimate } from '../../artifact/budget.ts';
import { parseShard, shardRange } from '../../artifact/shard.ts';
import { readArtifact } from '../../artifact/read.ts';
import { ForgeError } from '../../errors.ts';
import { configYaml } from '../../config/print.ts';
import { defineCommand, type IO } from '../command.ts';
import { configFromArgs, configOptions } from '../config-args.ts';
import { progressReporter } from '../progress.ts';
import { configLines, fileLines } from '../verbose.ts';
import { dirtyBuild } from '../dirty-args.ts';
import { outDir, outOption } from '../out-dir.ts';
import { tenantOptions, tenantParams } from '../tenant-flags.ts';

const FORMAT_NAMES = ['csv', 'json', 'dump'] as const satisfies readonly (keyof Formats)[];

function formats(names: readonly (keyof Formats)[]): Formats {
  return { csv: names.includes('csv'), json: names.includes('json'), dump: names.includes('dump') };
}

/**
 * --jobs, at most one per core: more threads than cores only take turns,
 * and each holds its own buffers and model state (1000 jobs held GBs).
 * A capped value is said, not silently changed.
 */
function cappedJobs(asked: number | undefined, io: IO): number {
  const cores = availableParallelism();
  if (asked === undefined || asked <= cores) return asked ?? cores;
  io.err(`forge: note: --jobs ${asked} is more than the ${cores} cores here; using ${cores}`);
  return cores;
}

export const buildCommand = defineCommand({
  name: 'build',
  summary: 'compile a dataset into a versioned, checksummed artifact (offline, no database)',
  forms: [
    'forge build --dataset exceptions [--tenant ID [--domain NAME] | --all-tenants] [--set count=N]   (multi-tenant datasets)',
    'forge build --append-from <artifact-dir> --set endDate=2025-03-31   (only the rows a bigger build adds)',
    'forge build --dirty [--dirty-rate KIND=RATE ...]   (a marked variant with invalid records, listed in its manifest; or a dirty: section in --config)',
  ],
  options: {
    out: outOption,
    formats: { type: 'list', values: FORMAT_NAMES, default: FORMAT_NAMES, description: 'the files to write' },
    jobs: { type: 'integer', min: 1, description: 'worker threads', defaultText: 'one per core, and at most that' },
    shard: { type: 'string', description: 'build only shard i of N (forge merge combines them)', value: 'i/N' },
    'append-from': {
      type: 'string',
      description: 'build only the rows that the bigger build given by --set adds to this artifact (forge load --append)',
      value: 'DIR',
    },
    quiet: { type: 'boolean', description: 'print only the artifact directory' },
    verbose: { type: 'boolean', description: 'print every choice and where it came from, and every file written' },
    'print-config': { type: 'boolean', description: 'print the resolved configuration as YAML and build nothing' },
    estimate: { type: 'boolean', description: 'print the estimated rows and bytes and build nothing' },
    'allow-large': { type: 'boolean', description: 'build beyond the size budget (README: Safety)' },
    ...configOptions,
    ...tenantOptions,
  },
  async run(args, io) {
    const { values } = args;
    const appendFrom = values['append-from'];
    const base = appendFrom === undefined ? undefined : readArtifact(resolve(io.cwd, appendFrom));
    const cfg = configFromArgs(args, io, base?.manifest);
    if (values['print-config']) {
      io.out(configYaml(cfg));
      return 0;
    }
    const dataset = cfg.dataset;
    const append = base ? appendPlan(base, dataset, cfg.given) : undefined;
    const seed = append?.seed ?? cfg.seed;
    const profile = append?.profile ?? cfg.profile;
    const scenario = append ? append.scenario : cfg.scenario;
    const shardText = values.shard;
    if (shardText !== undefined && append) throw new ForgeError('USAGE', '--shard and --append-from cannot be combined', 'shard the bigger build instead');
    const shard = shardText === undefined ? undefined : parseShard(shardText);
    const overrides = append?.overrides ?? { ...cfg.overrides, ...tenantParams(args, dataset) };
    const allowLarge = values['allow-large'];
    const range =
      append?.range ??
      (shard ? shardRange(planBuild(dataset, seed, profile, overrides, scenario, { allowLarge }).tables, shard.index, shard.count) : undefined);
    if (values.estimate) {
      const e = estimate({ dataset, seed, profile, scenario, overrides, range, formats: formats(values.formats), allowLarge: true });
      io.out(`about ${human(e.rows)} rows, ${human(e.bytes)}B (${e.rows} rows, ${e.bytes} bytes, estimated from sample units; nothing was built)`);
      return 0;
    }
    const dirty = cfg.dirty?.rates;
    if (dirty && (shard || append))
      throw new ForgeError('USAGE', '--dirty cannot be combined with --shard or --append-from', 'build the dirty variant of a whole build');
    const verbose = values.verbose;
    if (verbose && values.quiet)
      throw new ForgeError(
        'USAGE',
        '--quiet and --verbose cannot be combined',
        'choose one: --quiet prints only the directory, --verbose prints every choice and file',
      );
    const jobs = cappedJobs(values.jobs, io);
    const outRoot = outDir(values.out, io.cwd);
    const fmts = formats(values.formats);
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
    const progress = values.quiet || cfg.progress === false ? undefined : progressReporter(io);
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
        if (e.bytes > NOTE_BYTES && !values.quiet) io.err(`forge: note: this build makes about ${human(e.rows)} rows, ${human(e.bytes)}B (estimated)`);
      },
      ...(dirty ? { rates: dirty } : {}),
    } as Parameters<typeof dirtyBuild>[0]);
    progress?.stop();
    const seconds = (performance.now() - started) / 1000;
    const rows = result.manifest.tables.reduce((n, t) => n + t.rows, 0);
    if (!values.quiet && cfg.progress !== false) {
      if (result.manifest.dirty) io.err(`DIRTY artifact: ${result.manifest.dirty.defects.length} defects injected, listed in manifest.json`);
      for (const t of result.manifest.tables) io.err(`  ${t.name.padEnd(28)} ${String(t.rows).padStart(12)} rows`);
      if (verbose) for (const line of fileLines(result.manifest)) io.err(line);
      io.err(`built ${rows} rows in ${seconds.toFixed(2)} s`);
    }
    io.out(result.dir);
    return 0;
  },
});
