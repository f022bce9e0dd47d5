import { appendLoad } from '../../load/append.ts';
import { dirtyLoad, DIRTY_SCHEMA } from '../../load/dirty-load.ts';
import { fullLoad } from '../../load/full-load.ts';
import { tenantReset } from '../../load/tenant-reset.ts';
import { maskUrl } from '../../load/url.ts';
import { ForgeError } from '../../errors.ts';
import { artifactFromArgs, artifactOptions } from '../artifact-arg.ts';
import { verifyChecksums } from '../../artifact/read.ts';
import { defineCommand } from '../command.ts';
import { loadProgressReporter } from '../progress.ts';
import { targetOptions, writableTarget } from '../target.ts';

export const loadCommand = defineCommand({
  name: 'load',
  summary: 'load an artifact into Postgres with COPY: atomic, checksummed, guarded',
  positionals: '[<artifact-dir> | <artifact.tar.gz>]',
  forms: ['forge load --dataset retail --seed 42 --profile local [--build] [options]   (the artifact these choices build)'],
  options: {
    schema: { type: 'string', value: 'NAME', description: 'the schema to load into', defaultText: 'public; dirty for a dirty artifact' },
    confirm: { type: 'boolean', description: 'replace tables that are already there (else forge refuses and says which)' },
    'dry-run': { type: 'boolean', description: 'print the plan and change nothing' },
    append: { type: 'boolean', description: 'add the rows of an append artifact (forge build --append-from) to what is loaded' },
    'on-conflict': {
      type: 'enum',
      values: ['nothing', 'update'],
      default: 'nothing',
      description: 'with --append: what a row whose key is already there does',
    },
    tenant: { type: 'string', description: "reset one tenant: delete its rows and put the artifact's back, in one transaction", value: 'ID' },
    connections: { type: 'integer', min: 1, default: 2, description: 'database connections copying in parallel' },
    'drop-dependents': { type: 'boolean', description: 'drop the objects forge did not create that depend on replaced tables (README: Safety)' },
    'replace-unowned': { type: 'list', description: 'replace these tables even though forge did not load them', value: 'T1,T2' },
    quiet: { type: 'boolean', description: 'print nothing on success' },
    verbose: { type: 'boolean', description: 'print the artifact and every step' },
    ...targetOptions,
    ...artifactOptions,
  },
  async run(args, io) {
    const { values } = args;
    const onConflict = values['on-conflict'];
    const connections = values.connections;
    let schema = values.schema ?? 'public';
    const dryRun = values['dry-run'];
    // Every file's sha256 (and rows) is checked. A full load checks them as
    // it goes (fullLoad's checksums: each CSV as its COPY sends it, the others
    // once the COPYs are done), before anything is committed or swapped in;
    // --append, --tenant, dirty loads and dry runs check every file first.
    const artifact = await artifactFromArgs(args, io, () => false);
    const checkAll = () => verifyChecksums(artifact);
    const { url } = await writableTarget(args, io, { keepConnection: true });
    const quiet = values.quiet;
    const verbose = values.verbose;
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
      io.err(`target ${maskUrl(url)} schema ${values.schema ?? (m.dirty ? DIRTY_SCHEMA : 'public')}`);
    }
    const started = performance.now();
    const tenant = values.tenant;
    let plan: string[];
    let summary: string;
    if (values.append || tenant !== undefined) await checkAll();
    if (artifact.manifest.dirty) {
      if (values.append || tenant !== undefined)
        throw new ForgeError('USAGE', 'a dirty artifact loads only whole (no --append or --tenant)', 'forge load <dirty-artifact> [--schema dirty]');
      schema = values.schema ?? DIRTY_SCHEMA;
      await checkAll();
      const r = await dirtyLoad({ url, schema, artifact, confirm: values.confirm, dryRun, dropDependents: values['drop-dependents'] });
      plan = r.plan;
      summary = `loaded ${r.rows} rows (DIRTY: ${artifact.manifest.dirty.defects.length} injected defects, no constraints)`;
    } else if (values.append) {
      const r = await appendLoad({ url, schema, artifact, onConflict, dryRun });
      plan = r.plan;
      summary = `appended ${r.inserted} new rows`;
    } else if (tenant !== undefined) {
      const r = await tenantReset({ url, schema, artifact, tenant, dryRun, confirm: values.confirm });
      plan = r.plan;
      summary = `reset tenant ${tenant}: ${r.rows} rows`;
    } else {
      const r = await fullLoad({
        url,
        schema,
        artifact,
        confirm: values.confirm,
        dryRun,
        dropDependents: values['drop-dependents'],
        replaceUnowned: values['replace-unowned'],
        connections,
        checksums: true,
        onProgress: quiet ? undefined : loadProgressReporter(io),
        onStep: quiet ? undefined : (step) => io.err(`${step}…`),
      });
      plan = r.plan;
      summary = `loaded ${r.rows} rows`;
      if (r.unchanged) {
        await checkAll();
        const m = artifact.manifest;
        io.err(
          `already loaded: ${m.dataset.name} ${m.dataset.version} seed ${m.seed} profile ${m.profile} in ${maskUrl(url)} schema ${schema} (${r.rows} rows, loaded ${r.unchanged.loadedAt}, unchanged since); nothing to do. --confirm (make load CONFIRM=1) loads it again`,
        );
        return 0;
      }
      if (r.dependents.length && !dryRun)
        io.err(`dropped ${r.dependents.length} object(s) that depended on the replaced tables (--drop-dependents): ${r.dependents.join('; ')}`);
    }
    const m = artifact.manifest;
    if (dryRun) {
      // A dry run copies nothing: every file is checked before the plan is shown.
      await checkAll();
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
});
