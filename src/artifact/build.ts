/**
 * `forge build`: compiles a dataset into an artifact directory. Tables are
 * generated one after another and streamed to their CSV and JSON files and
 * into the dump at once; nothing holds a whole table. The artifact is written
 * into a private temporary directory and renamed into place only when
 * complete, so an interrupted build never leaves a partial artifact.
 */
import { dirname, join } from 'node:path';
import { GenContext } from '../core/context.ts';
import { resolveTables, type Dataset, type Params, type Table } from '../core/dataset.ts';
import { splitRange } from '../emit/encode-range.ts';
import { RowEncoder } from '../emit/row-encoder.ts';
import { constraints, postSql, schemaSql } from '../emit/sql.ts';
import { checkChoices, checkedParams } from '../config/choices.ts';
import { ForgeError } from '../errors.ts';
import { checkOutputBudget, checkStateBudget, estimateBuild, type Estimate } from './budget.ts';
import { datasetRefOf } from './dataset-modules.ts';
import type { Manifest } from './manifest.ts';
import { RangeSchedule, type LocalTables } from './range-schedule.ts';
import { WorkerPool, type DatasetRef, type RangeTask } from './worker-pool.ts';
import { artifactDir } from './paths.ts';
import { prepareOutputRoot, removeStalePartials, withTempDir } from './staging.ts';
import { bytesPerUnit, tableChunks, WORKER_TASK_BYTES } from './table-chunks.ts';
import { writeArtifact, type ArtifactPlan, type Formats, type ProgressEvent, type TableMeta } from './write.ts';

export type { Formats, ProgressEvent };

export const ALL_FORMATS: Formats = { csv: true, json: true, dump: true };

/** Part of each table: units [from, to) per table name (tables not named: none of their units). */
export interface BuildRange {
  kind: 'shard' | 'append';
  description: string;
  /** Appended to the artifact directory's name, e.g. `shard-1-of-3`. */
  suffix: string;
  tables: Record<string, { from: number; to: number }>;
}

export interface BuildOptions {
  dataset: Dataset;
  seed: number;
  profile: string;
  /** A named parameter set of the dataset, applied over the profile and under the overrides. */
  scenario?: string;
  overrides?: Params;
  outRoot: string;
  formats?: Formats;
  range?: BuildRange;
  /** Threads that generate (default 1: this one; more: this one and jobs - 1 workers). Output is the same for any number. */
  jobs?: number;
  /** Every range in a worker, this thread only writes (tests: a failing generator must fail in a worker). */
  workersOnly?: boolean;
  /** How workers find a dataset that is not in the registry (tests). */
  datasetRef?: DatasetRef;
  /** Output bytes per unit range (tests make it small). */
  taskBytes?: number;
  onProgress?: (e: ProgressEvent) => void;
  /** Beyond the budget (rows, bytes against free disk, model state): build anyway (--allow-large). */
  allowLarge?: boolean;
  /** Told the estimate of rows and bytes before generating starts. */
  onEstimate?: (e: Estimate) => void;
}

export interface BuildResult {
  dir: string;
  manifest: Manifest;
}

/** Resolves parameters and tables: everything a build needs but the files. */
export function planBuild(dataset: Dataset, seed: number, profile: string, overrides: Params = {}, scenario?: string, opts: { allowLarge?: boolean } = {}) {
  checkChoices(dataset, profile, scenario);
  const params = checkedParams(dataset, profile, overrides, scenario);
  // Before the tables are made: making them allocates the model state.
  if (!opts.allowLarge) checkStateBudget(dataset, params);
  const ctx = new GenContext(seed, dataset.name);
  const tables = resolveTables(dataset.tables(ctx, params));
  return { params, tables, ctx };
}

export async function build(opts: BuildOptions): Promise<BuildResult> {
  const { dataset, seed, profile, scenario, overrides = {}, outRoot } = opts;
  const formats = opts.formats ?? ALL_FORMATS;
  const { params, tables } = planBuild(dataset, seed, profile, overrides, scenario, opts);
  const whole = artifactDir(outRoot, dataset.name, dataset.version, seed, profile, overrides, scenario);
  const target = opts.range ? `${whole}-${opts.range.suffix}` : whole;
  const estimate = estimateBuild(tables, (t) => unitsOf(t, opts.range), formats);
  if (!opts.allowLarge) checkOutputBudget(`${dataset.name} profile ${profile}`, estimate, outRoot);
  opts.onEstimate?.(estimate);
  await prepareOutputRoot(outRoot, dirname(target));
  await removeStalePartials(dirname(target));

  // Tables whose rows are files are written from their CSV text, so it is made for them whatever the formats.
  const what = { csv: formats.csv || formats.dump || tables.some((t) => t.asFiles), json: formats.json };
  const byName = new Map(tables.map((t) => [t.name, t]));
  const jobs = opts.jobs ?? 1;
  // With more than one job: every table's ranges, in writing order, sized by a unit measured here.
  const local: LocalTables = new Map();
  const tasks: RangeTask[] = [];
  if (jobs > 1) {
    for (const t of tables) {
      const r = unitsOf(t, opts.range);
      const encoder = RowEncoder.of(t.columns);
      const perUnit = bytesPerUnit(t, encoder, r.from, r.to, what);
      local.set(t.name, { table: t, encoder, bytesPerUnit: perUnit });
      for (const [from, to] of splitRange(t.rows, r.from, r.to, perUnit, opts.taskBytes ?? WORKER_TASK_BYTES, true))
        tasks.push({ table: t.name, from, to, what });
    }
  }
  const workers = workerCount(jobs, tasks.length, opts.workersOnly ?? false);
  const pool = workers > 0 ? new WorkerPool(workers, { dataset: opts.datasetRef ?? datasetRefOf(dataset), seed, profile, scenario, overrides }) : undefined;
  try {
    const manifest = await withTempDir(target, async (tmp) => {
      const plan: ArtifactPlan = {
        dataset: { name: dataset.name, version: dataset.version, description: dataset.description },
        seed,
        profile,
        ...(scenario ? { scenario } : {}),
        params,
        ...(opts.range
          ? {
              range: {
                kind: opts.range.kind,
                description: opts.range.description,
                tables: Object.fromEntries(tables.map((t) => [t.name, unitsOf(t, opts.range)])),
              },
            }
          : {}),
        schemaSql: schemaSql(tables),
        postSql: postSql(tables),
        tables: tables.map(tableMeta),
        ...(dataset.validation ? { validation: dataset.validation(params) } : {}),
      };
      if (!pool)
        return writeArtifact(
          tmp,
          plan,
          formats,
          (meta) => tableChunks(byName.get(meta.name)!, unitsOf(byName.get(meta.name)!, opts.range), what, opts.taskBytes),
          opts.onProgress,
        );
      const schedule = new RangeSchedule(pool, tasks, local, join(tmp, '.spill'), !opts.workersOnly);
      try {
        return await writeArtifact(tmp, plan, formats, (meta) => schedule.chunks(meta.name), opts.onProgress);
      } finally {
        schedule.close();
      }
    });
    return { dir: target, manifest };
  } finally {
    await pool?.close();
  }
}

/** What a build would make, estimated without making it (`forge build --estimate`). */
export function estimate(opts: Pick<BuildOptions, 'dataset' | 'seed' | 'profile' | 'overrides' | 'scenario' | 'formats' | 'range' | 'allowLarge'>): Estimate {
  const { tables } = planBuild(opts.dataset, opts.seed, opts.profile, opts.overrides, opts.scenario, opts);
  return estimateBuild(tables, (t) => unitsOf(t, opts.range), opts.formats ?? ALL_FORMATS);
}

/**
 * Worker threads for `jobs` generating threads and `ranges` ranges. This
 * thread makes ranges too, so N jobs are N - 1 workers (N when it only
 * writes); never more workers than ranges there are for them: a worker with
 * no range would only cost its start-up and its memory.
 */
export function workerCount(jobs: number, ranges: number, workersOnly: boolean): number {
  if (jobs <= 1) return 0;
  return Math.max(0, Math.min(workersOnly ? jobs : jobs - 1, workersOnly ? ranges : ranges - 1));
}

/** The units of a table this build makes: all of them, or the range's part. */
function unitsOf(table: Table, range: BuildRange | undefined): { from: number; to: number } {
  const units = table.rows.units;
  if (!range) return { from: 0, to: units };
  const r = range.tables[table.name] ?? { from: units, to: units };
  if (!(Number.isInteger(r.from) && Number.isInteger(r.to) && 0 <= r.from && r.from <= r.to && r.to <= units)) {
    throw new ForgeError(
      'BAD_PARAM',
      `range of table ${table.name} is [${r.from}, ${r.to}) but the table has ${units} units`,
      'the range must lie inside the table',
    );
  }
  return r;
}

/** The manifest's view of a table, before rows and files. */
function tableMeta(table: Table): TableMeta {
  return {
    name: table.name,
    role: table.role,
    units: table.rows.units,
    columns: table.columns.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable })),
    primaryKey: table.primaryKey,
    unique: table.unique,
    foreignKeys: table.foreignKeys,
    checks: table.checks,
    ...(table.tenantColumn ? { tenantColumn: table.tenantColumn } : {}),
    orderBy: table.orderBy,
    ...(table.asFiles ? { rowFiles: table.asFiles } : {}),
    constraints: constraints([table]).map(({ name, kind, sql }) => ({ name, kind, sql })),
  };
}
