/**
 * A full load, atomic, by one of two plans. Into a target that has none of
 * the artifact's tables, unless the artifact is big: one transaction on one
 * connection (direct-load.ts). Otherwise: the artifact goes into a fresh staging schema
 * (tables, parallel COPY, constraints, ANALYZE), and one transaction swaps
 * it in for the dataset's current tables and records it. A failure or a
 * kill before that transaction leaves the target exactly as it was; the
 * staging debris of a killed loader is dropped by the next one.
 */
import { type Artifact, verifyChecksums } from '../artifact/read.ts';
import { ident, keyConstraints, keyWord } from '../emit/sql.ts';
import { ForgeError, isForgeError } from '../errors.ts';
import { abandonLoad, withClient, type Client } from './connect.ts';
import { onInterrupt } from '../interrupt.ts';
import { copyTable, type LoadProgress } from './copy-table.ts';

export type { LoadProgress };
import { manifestDdl } from './ddl.ts';
import { dependentPlan, dropDependents, findDependents, refuseDependents, type Dependent } from './dependents.ts';
import { checkSql, directLoad, postCopySql } from './direct-load.ts';
import { checkShape, dropStaleStaging, existingTables, STAGING_PREFIX } from './inspect.ts';
import { readLoaded, recordLoad, type LoadedFixture } from './metadata.ts';
import { inTransaction } from './transaction.ts';
import { unchangedLoad } from './unchanged.ts';
import { type GraphJob, openPool, type Pool } from './pool.ts';

export interface FullLoadOptions {
  url: string;
  schema: string;
  artifact: Artifact;
  confirm: boolean;
  dryRun: boolean;
  connections: number;
  /** Drop the objects forge did not create that depend on the replaced tables (listed first); else refuse. */
  dropDependents?: boolean;
  /** Existing tables no forge load put there that may be replaced: each must be named. */
  replaceUnowned?: string[];
  /**
   * Check the artifact's files against their sha256. Each COPY hashes its CSV
   * as it sends it (and fails on a mismatch); every other file (JSON, the
   * dump, SHA256SUMS and its cross-checks) is checked once the COPYs are
   * done, while the server builds keys and the client has nothing else to
   * do, and before the commit or the swap: a mismatch aborts with the target
   * untouched. After a database error every file is checked, so that a file
   * that does not match is the cause reported (a corrupted CSV can fail its
   * COPY first).
   */
  checksums?: boolean;
  onProgress?: (p: LoadProgress) => void;
  /** The steps after the COPYs, which take a while on big tables. */
  onStep?: (step: string) => void;
}

export interface LoadResult {
  plan: string[];
  rows: number;
  replaced: string[];
  /** What --drop-dependents dropped (or would). */
  dependents: string[];
  /** Set when this artifact was already loaded and untouched: nothing was done. */
  unchanged?: LoadedFixture;
}

export async function fullLoad(opts: FullLoadOptions): Promise<LoadResult> {
  const { manifest } = opts.artifact;
  if (manifest.range) {
    throw new ForgeError(
      'USAGE',
      `this artifact is a ${manifest.range.kind} (${manifest.range.description}), not a whole dataset`,
      manifest.range.kind === 'append' ? 'load it with --append' : 'merge the shards first (forge merge)',
    );
  }
  // Every statement the load runs is forge's own, from checked fields: refused before the database is touched otherwise.
  const ddl = manifestDdl(manifest.tables);
  const checked = unsentCheck(opts);
  const load = withClient(opts.url, async (client) => {
    const names = manifest.tables.map((t) => t.name);
    const existing = await existingTables(client, opts.schema, names);
    const owned = new Set((await readLoaded(client, opts.schema)).flatMap((f) => f.tables.map((t) => t.name)));
    for (const t of manifest.tables) if (existing.includes(t.name) && !owned.has(t.name)) await checkShape(client, opts.schema, t);
    const unowned = existing.filter((n) => !owned.has(n) && !(opts.replaceUnowned ?? []).includes(n));
    const deps = existing.length ? await findDependents(client, opts.schema, existing, 'drop') : [];
    const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
    const plan = [
      `load ${manifest.dataset.name} ${manifest.dataset.version} seed ${manifest.seed} profile ${manifest.profile} into schema ${opts.schema}`,
      `create a staging schema with: ${names.join(', ')}`,
      ...manifest.tables.map((t) => `COPY ${t.rows} rows into ${t.name} from ${t.files.csv?.path}`),
      ...manifest.tables.flatMap((t) => t.constraints.map((c) => c.sql)),
      ...(unowned.length ? [`refused without --replace-unowned ${unowned.join(',')}: no forge load put ${unowned.join(', ')} in ${opts.schema}`] : []),
      ...dependentPlan(deps, Boolean(opts.dropDependents)),
      existing.length
        ? `in one transaction: DROP TABLE ${existing.map((n) => `${opts.schema}.${n}`).join(', ')} (no CASCADE) and move the staging tables in`
        : `in one transaction: move the staging tables into ${opts.schema}`,
      'record the load in forge.loaded_fixture',
    ];
    const dependents = deps.map((d) => d.what);
    const bytes = csvBytes(opts);
    const direct = existing.length === 0 ? bytes < PARALLEL_FROM_BYTES || opts.connections === 1 : bytes < REPLACE_IN_PLACE_BELOW_BYTES;
    if (opts.dryRun) return { plan: direct ? directPlan(opts, existing, deps, unowned) : plan, rows, replaced: existing, dependents };
    if (existing.length === names.length && !opts.confirm) {
      // The same artifact, untouched since it was loaded: nothing to do (--confirm reloads).
      const same = await unchangedLoad(client, opts.schema, manifest, opts.artifact.manifestSha256);
      if (same) return { plan, rows, replaced: [], dependents: [], unchanged: same };
    }
    if (existing.length && !opts.confirm) {
      throw new ForgeError(
        'CONFIRM_REQUIRED',
        `loading would replace ${existing.length} existing table(s) in ${opts.schema} (${existing.join(', ')})`,
        'add --confirm (make load CONFIRM=1), or --dry-run to see the plan',
      );
    }
    // --confirm replaces what forge loaded; a table it did not load is replaced only when named.
    if (unowned.length) {
      throw new ForgeError(
        'NOT_OWNED',
        `no forge load put ${unowned.map((n) => `${opts.schema}.${n}`).join(', ')} there (no forge.loaded_fixture record); --confirm does not replace it`,
        `to replace it anyway, name it: --replace-unowned ${unowned.join(',')}; or load into another --schema`,
      );
    }
    refuseDependents(deps, `replacing ${existing.map((n) => `${opts.schema}.${n}`).join(', ')}`, Boolean(opts.dropDependents));
    if (direct) {
      // Not big: no staging schema, no swap, one connection, one transaction (which also drops what it replaces).
      await directLoad(client, opts, existing, checked);
      return { plan: directPlan(opts, existing, deps, unowned), rows, replaced: existing, dependents };
    }
    await dropStaleStaging(client);
    const pid = (await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    const staging = `${STAGING_PREFIX}${pid}`;
    // A signal ends this process before the catch below can run: the staging schema is dropped from a connection of its own.
    const release = onInterrupt(() => abandonLoad(opts.url, staging));
    try {
      await build(
        client,
        staging,
        opts,
        [...ddl.values()].map((d) => d.createTable),
        checked,
      );
      await checked();
      opts.onStep?.(`swapping into schema ${opts.schema}`);
      await swap(client, staging, existing, opts);
    } catch (e) {
      await client.query(`DROP SCHEMA IF EXISTS ${ident(staging)} CASCADE`).catch(() => {});
      throw e;
    } finally {
      release();
    }
    await client.query(`DROP SCHEMA IF EXISTS ${ident(staging)} CASCADE`);
    return { plan, rows, replaced: existing, dependents };
  });
  try {
    return await load;
  } catch (e) {
    // A file that does not match its sha256 is the cause to report (a corrupted CSV can fail its COPY first).
    if (opts.checksums && isForgeError(e) && e.code === 'DB_ERROR') await verifyChecksums(opts.artifact);
    throw e;
  }
}

/**
 * The check of the files the COPYs do not send (every table's CSV is hashed
 * by its COPY), started at most once: by the load when its COPYs are done,
 * and awaited before it commits.
 */
function unsentCheck(opts: FullLoadOptions): () => Promise<void> {
  const sent = new Set(opts.artifact.manifest.tables.flatMap((t) => (t.files.csv ? [t.files.csv.path] : [])));
  let started: Promise<void> | undefined;
  return () => {
    if (!started) {
      started = opts.checksums ? verifyChecksums(opts.artifact, (path) => !sent.has(path)) : Promise.resolve();
      started.catch(() => {}); // awaited before the commit; not an unhandled rejection meanwhile
    }
    return started;
  };
}

/**
 * From this much CSV on, the load into an empty target goes through the
 * staging schema with two connections (COPYs, index builds, validations and
 * ANALYZE, each phase in parallel): on two cores that beats one transaction
 * doing everything in turn. Below it, the second connection, the staging
 * schema and the swap cost more than they save. Measured here (medians of 5,
 * forge load of retail artifacts): 1.1 MB of CSV 0.59 s one transaction
 * against 0.63 s staged; 2.3 MB even (0.87 s, 0.84 s); local, 7 MB, 1.48 s
 * against 1.25 s.
 */
const PARALLEL_FROM_BYTES = 3 << 20;

/**
 * Below this much CSV, replacing loaded tables is also one transaction on one
 * connection: it drops them first, so they stay locked for the whole load
 * (readers wait), which at this size is well under a second. The staging
 * plan keeps them readable until its swap, but costs a few hundred round
 * trips and eight connections: 2.7-3.3 s for the 1.3 MB migration demo on
 * the shared 2-core machine, against 0.3-0.6 s this way (bench/migration.ts).
 */
const REPLACE_IN_PLACE_BELOW_BYTES = 4 << 20;

const csvBytes = (opts: FullLoadOptions) => opts.artifact.manifest.tables.reduce((n, t) => n + (t.files.csv?.bytes ?? 0), 0);

function directPlan(opts: FullLoadOptions, existing: string[], deps: Dependent[], unowned: string[]): string[] {
  const { manifest } = opts.artifact;
  const head = `load ${manifest.dataset.name} ${manifest.dataset.version} seed ${manifest.seed} profile ${manifest.profile} into schema ${opts.schema}, in one transaction`;
  return [
    existing.length ? head : `${head} (none of its tables exist there)`,
    ...(unowned.length ? [`refused without --replace-unowned ${unowned.join(',')}: no forge load put ${unowned.join(', ')} in ${opts.schema}`] : []),
    ...dependentPlan(deps, Boolean(opts.dropDependents)),
    ...(existing.length
      ? [
          `DROP TABLE ${existing.map((n) => `${opts.schema}.${n}`).join(', ')} (no CASCADE; small artifact: replaced in place, the old tables locked until commit)`,
        ]
      : []),
    `create ${manifest.tables.map((t) => t.name).join(', ')} with their checks`,
    ...manifest.tables.map((t) => `COPY ${t.rows} rows into ${t.name} from ${t.files.csv?.path} (FREEZE)`),
    ...postCopySql(manifest.tables),
    'ANALYZE every table',
    'record the load in forge.loaded_fixture, and commit',
  ];
}

async function build(client: Client, staging: string, opts: FullLoadOptions, createTables: string[], checked: () => Promise<void>): Promise<void> {
  const { manifest } = opts.artifact;
  const setup = `SET search_path TO ${ident(staging)}; SET maintenance_work_mem = '256MB'; SET max_parallel_maintenance_workers = 0`;
  // The other connections open while this one creates the staging tables, all in one round trip; it is one of the pool.
  const opening = openPool(opts.url, opts.connections, setup, client);
  opening.catch(() => {}); // awaited below
  let pool: Pool | undefined;
  try {
    await client.query([`CREATE SCHEMA ${ident(staging)}`, `SET search_path TO ${ident(staging)}`, ...createTables, ...checkSql(manifest.tables)].join(';\n'));
    pool = await opening;
    await pool.runGraph(dataJobs(opts, staging, checked));
    await keysAndForeignKeys(opts, pool, client);
  } finally {
    await (pool ?? (await opening.catch(() => undefined)))?.close();
  }
}

/**
 * The COPYs, index builds and ANALYZEs, as jobs that start as soon as what
 * they need is done, not phase by phase: a table's indexes are built once
 * its own COPY is done, while the other connection still copies, and its
 * ANALYZE runs after them (both lock modes conflict with an index build on
 * the same table, not with each other's tables). Two connections then idle
 * only at the very end instead of at every phase's slowest job: 0.3 s after
 * the COPYs and 0.8 s after the index builds of retail `large` before.
 * Biggest tables first, so that the connections finish together.
 */
function dataJobs(opts: FullLoadOptions, staging: string, checked: () => Promise<void>): GraphJob[] {
  const { dir, manifest } = opts.artifact;
  const bySize = [...manifest.tables].sort((a, b) => (b.files.csv?.bytes ?? 0) - (a.files.csv?.bytes ?? 0));
  let copied = 0;
  let indexCount = 0;
  const copies: GraphJob[] = bySize.map((t) => ({
    after: [],
    run: async (c: Client) => {
      const target = `${ident(staging)}.${ident(t.name)}`;
      // TRUNCATE in the COPY's own transaction (pg_restore's trick): the
      // table is then new to it, so COPY may FREEZE and, on a wal_level=minimal
      // cluster, skip the WAL. The table is empty and only this job's.
      // BEGIN and TRUNCATE go in one round trip: one per table saved.
      await inTransaction(c, () => copyTable(c, t, dir, target, { freeze: true, onProgress: opts.onProgress }), `BEGIN; TRUNCATE ${target}`);
      // The other files are checked once every COPY is done, while the server builds indexes.
      if (++copied === bySize.length) {
        void checked();
        opts.onStep?.(`building ${indexCount} indexes (keys included; each table's began once it was copied), then ANALYZE`);
      }
    },
  }));
  const query = (sql: string) => (c: Client) => c.query(sql);
  // Every index, those behind keys too (from the declared key columns; manifestDdl has checked that the listed constraints are exactly these).
  const indexes = bySize.flatMap((t, i) =>
    [
      ...keyConstraints(t).map((k) => `CREATE UNIQUE INDEX ${ident(k.name)} ON ${ident(t.name)} (${k.columns.map(ident).join(', ')})`),
      ...t.constraints.filter((c) => c.kind === 'index').map((c) => c.sql),
    ].map((sql) => ({ table: i, job: { after: [i], run: query(sql) } })),
  );
  const first = copies.length;
  const analyzes = bySize.map((t, i) => ({
    after: [i, ...indexes.flatMap((x, k) => (x.table === i ? [first + k] : []))],
    run: query(`ANALYZE ${ident(t.name)}`),
  }));
  indexCount = indexes.length;
  return [...copies, ...indexes.map((x) => x.job), ...analyzes];
}

/**
 * The rest of the artifact's post.sql, once the data jobs are done: each key
 * attached to its index, foreign keys added NOT VALID and validated in
 * parallel (validation locks parents in a mode that does not conflict with
 * itself), then policies. Checks were added to the empty tables before COPY,
 * which enforced them row by row instead of scanning each table once per
 * check afterwards.
 */
async function keysAndForeignKeys(opts: FullLoadOptions, pool: Pool, client: Client): Promise<void> {
  const { manifest } = opts.artifact;
  const keyed = manifest.tables.flatMap((t) => keyConstraints(t).map((k) => ({ t, k })));
  const foreign = manifest.tables.flatMap((t) => t.constraints.filter((c) => c.kind === 'foreign_key').map((c) => ({ t, c })));
  opts.onStep?.(`adding and validating ${foreign.length} foreign keys`);
  // Keys attached to their indexes and foreign keys added unvalidated: quick catalog changes, in one round trip.
  await client.query(
    [
      ...keyed.map(({ t, k }) => `ALTER TABLE ONLY ${ident(t.name)} ADD CONSTRAINT ${ident(k.name)} ${keyWord(k.kind)} USING INDEX ${ident(k.name)};`),
      ...foreign.map(({ c }) => c.sql.replace(/;$/, ' NOT VALID;')),
    ].join('\n'),
  );
  await pool.run(
    foreign.map(
      ({ t, c }) =>
        (x: Client) =>
          x.query(`ALTER TABLE ${ident(t.name)} VALIDATE CONSTRAINT ${ident(c.name)}`),
    ),
  );
  for (const t of manifest.tables) for (const c of t.constraints) if (c.kind === 'policy') await client.query(c.sql);
}

async function swap(client: Client, staging: string, existing: string[], opts: FullLoadOptions): Promise<void> {
  const { manifest } = opts.artifact;
  const target = ident(opts.schema);
  await inTransaction(client, async () => {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${target}`);
    if (existing.length) {
      // Found again under this transaction: what the plan saw may have changed while the data loaded.
      const deps = await findDependents(client, opts.schema, existing, 'drop');
      refuseDependents(deps, `replacing ${existing.map((n) => `${opts.schema}.${n}`).join(', ')}`, Boolean(opts.dropDependents));
      await dropDependents(client, deps);
      // No CASCADE: anything the catalogs did not show makes Postgres refuse, and the transaction rolls back.
      await client.query(`DROP TABLE ${existing.map((n) => `${target}.${ident(n)}`).join(', ')}`);
    }
    for (const t of manifest.tables) await client.query(`ALTER TABLE ${ident(staging)}.${ident(t.name)} SET SCHEMA ${target}`);
    await recordLoad(client, opts.schema, manifest, opts.artifact.manifestSha256);
  });
}
