/**
 * forge init, used as a user would, on a copy of the project (so the shared
 * work tree's generators/ is never touched): a dataset module written from a
 * SQL file or a live database builds at once, byte-identical across runs,
 * loads with every constraint, and its data also loads into the ORIGINAL
 * schema (enums, domains, identity columns, partial unique indexes and all),
 * which is the proof that every constraint of the source holds.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { findPgBin } from '../../src/pg/server.ts';
import { hashTree, ROOT, tempCluster, tempDir } from '../helpers.ts';

const SCHEMAS = join(ROOT, 'test/init/schemas');
let copy: string;
let out: string;
const server = tempCluster();
let dbs = 0;

before(async () => {
  copy = tempDir('forge-init-copy-');
  out = tempDir('forge-init-out-');
  for (const dir of ['src', 'generators']) cpSync(join(ROOT, dir), join(copy, dir), { recursive: true });
  for (const f of ['node_modules', 'package.json', 'tsconfig.json', 'packages']) if (existsSync(join(ROOT, f))) symlinkSync(join(ROOT, f), join(copy, f));
});
after(async () => {
  rmSync(copy, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
});

/** The copy's own CLI, from source: it sees the datasets forge init writes into the copy. */
function cli(...args: string[]) {
  const r = spawnSync(join(ROOT, 'node_modules/.bin/tsx'), [join(copy, 'src/cli/main.ts'), ...args], { cwd: copy, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function sql(url: string, text: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text)).rows;
  } finally {
    await c.end();
  }
}

function psqlFile(url: string, file: string) {
  const r = spawnSync(join(findPgBin(), 'psql'), ['-X', '-q', '-1', '-v', 'ON_ERROR_STOP=1', '-d', url, '-f', file], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

const freshDb = () => server.createDatabase(`init_${++dbs}`);

function build(name: string, ...flags: string[]): string {
  const r = cli('build', '--dataset', name, '--profile', 'tiny', '--out', out, '--quiet', ...flags);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.trim();
}

/** Loads an artifact's CSV files into an existing schema (the original one), in one transaction. */
function copyIntoSchema(url: string, artifact: string) {
  const manifest = JSON.parse(readFileSync(join(artifact, 'manifest.json'), 'utf8'));
  const script = join(out, `copy-${dbs}.sql`);
  writeFileSync(
    script,
    manifest.tables
      .map(
        (t: { name: string; columns: { name: string }[] }) =>
          `\\copy ${t.name} (${t.columns.map((c) => c.name).join(', ')}) FROM '${join(artifact, 'data', `${t.name}.csv`)}' WITH (FORMAT csv, HEADER true)`,
      )
      .join('\n') + '\n',
  );
  psqlFile(url, script);
  return manifest;
}

/** init → build (twice: same bytes) → load with forge → load into the original schema too. */
async function roundTrip(name: string, source: string[], original: (url: string) => Promise<void> | void) {
  const init = cli('init', ...source, '--name', name);
  assert.equal(init.code, 0, init.stderr);
  assert.match(init.stdout, new RegExp(`forge build --dataset ${name}`));
  assert.ok(readFileSync(join(copy, 'generators/generated.ts'), 'utf8').includes(`'./${name}/index.ts'`), 'registered for forge build');
  const artifact = build(name);
  const again = build(name, '--jobs', '1', '--out', tempDir('forge-init-again-'));
  assert.deepEqual(hashTree(again), hashTree(artifact), 'byte-identical across runs and --jobs');
  const target = await freshDb();
  const load = cli('load', artifact, '--db', target);
  assert.equal(load.code, 0, load.stderr);
  const verify = cli('verify', artifact, '--db', target);
  assert.equal(verify.code, 0, verify.stderr + verify.stdout);
  // forge validate, offline on the artifact and on the loaded database: keys, checks, foreign keys, tenants.
  for (const where of [[artifact], ['--db', target]]) {
    const validate = cli('validate', ...where);
    assert.equal(validate.code, 0, validate.stderr + validate.stdout);
    assert.match(validate.stdout, /all validations passed/);
  }
  const originalDb = await freshDb();
  await original(originalDb);
  const manifest = copyIntoSchema(originalDb, artifact);
  for (const t of manifest.tables) {
    const [{ n }] = await sql(originalDb, `SELECT count(*)::int AS n FROM ${t.name}`);
    assert.equal(n, t.rows, `${name}.${t.name}: every row loads into the original schema`);
    assert.ok(t.rows > 0, `${name}.${t.name} has rows`);
  }
  return { artifact, manifest, target };
}

test('from a SQL file with composite keys, a self-reference, an enum, a domain, identity columns, a partial unique index and checks', async () => {
  const file = join(SCHEMAS, 'features.sql');
  const { manifest, target } = await roundTrip('feat', ['--from-sql', file], (url) => psqlFile(url, file));
  const ticket = manifest.tables.find((t: { name: string }) => t.name === 'ticket');
  assert.ok(
    ticket.foreignKeys.some((f: { columns: string[] }) => f.columns.join() === 'tenant_id,account_id'),
    'composite foreign key kept',
  );
  // Tenant isolation by construction: a ticket's account and assignee are of the ticket's tenant.
  const cross = await sql(target, `SELECT count(*)::int AS n FROM ticket t JOIN account a ON a.id = t.account_id WHERE a.tenant_id <> t.tenant_id`);
  assert.equal(cross[0].n, 0);
  const selfRefs = await sql(target, `SELECT count(*)::int AS n FROM account WHERE manager_id IS NOT NULL AND manager_id >= id`);
  const crossManagers = await sql(target, `SELECT count(*)::int AS n FROM account a JOIN account m ON m.id = a.manager_id WHERE m.tenant_id <> a.tenant_id`);
  assert.equal(crossManagers[0].n, 0, 'a manager is of the same tenant');
  assert.equal(selfRefs[0].n, 0, 'self-references point to earlier rows: acyclic');
  const labels = await sql(target, `SELECT DISTINCT status FROM ticket`);
  for (const { status } of labels) assert.ok(['open', 'in_progress', 'resolved', 'closed'].includes(status));
  const generated = readFileSync(join(copy, 'generators/feat/tables/ticket.ts'), 'utf8');
  assert.match(generated, /enum ticket_status: written as text with a check of its labels/);
  assert.match(generated, /parentInGroup/);
});

test('from the Chinook-like sample schema', async () => {
  const file = join(SCHEMAS, 'chinook.sql');
  const { manifest } = await roundTrip('chinook', ['--from-sql', file], (url) => psqlFile(url, file));
  assert.equal(manifest.tables.length, 11);
  const customer = readFileSync(join(copy, 'generators/chinook/tables/customer.ts'), 'utf8');
  assert.match(customer, /uniqueEmail/, 'a unique e-mail column is unique by construction');
  assert.match(customer, /person\.firstName\(\)/, 'first_name guessed from its name');
});

/** A forge dataset loaded into a fresh database: the source for a round trip from a live database (made once per dataset). */
const sources = new Map<string, Promise<{ url: string; schemaOnly: string }>>();
function loadedSource(dataset: string): Promise<{ url: string; schemaOnly: string }> {
  if (!sources.has(dataset))
    sources.set(
      dataset,
      (async () => {
        const url = await freshDb();
        const load = cli('load', build(dataset), '--db', url);
        assert.equal(load.code, 0, load.stderr);
        const schemaOnly = join(out, `${dataset}-schema.sql`);
        // Tables only (not the forge metadata schema): what the original application would have.
        const dump = spawnSync(join(findPgBin(), 'pg_dump'), ['--schema-only', '--table=public.*', '-d', url, '-f', schemaOnly], { encoding: 'utf8' });
        assert.equal(dump.status, 0, dump.stderr);
        return { url, schemaOnly };
      })(),
    );
  return sources.get(dataset)!;
}

// The seed systems' own schemas, as forge's datasets create them. migration nests two
// tenant-like levels (client account, then engagement) that composite keys pair; pms
// keeps contact data PHI-safe with LIKE checks and signs amounts by entry type.
const SEED_SYSTEMS = ['retail', 'exceptions', 'migration', 'pms'];

for (const dataset of SEED_SYSTEMS) {
  test(`from a live database holding forge's ${dataset} dataset: init, build, load, validate, and its data loads into the original schema`, async () => {
    const { url, schemaOnly } = await loadedSource(dataset);
    const { target } = await roundTrip(`${dataset}_rt`, ['--from-db', url], (db) => psqlFile(db, schemaOnly));
    if (dataset === 'migration') {
      // Keys that share columns come from one row: a record's engagement is its import's.
      const [mixed] = await sql(
        target,
        `SELECT count(*)::int AS n FROM raw_import_record r JOIN data_import d ON d.id = r.data_import_id WHERE d.engagement_id <> r.engagement_id OR d.client_account_id <> r.client_account_id`,
      );
      assert.equal(mixed.n, 0);
      const [edges] = await sql(target, `SELECT count(*)::int AS n, count(DISTINCT (asset_id, depends_on_asset_id))::int AS pairs FROM asset_dependency`);
      assert.ok(edges.n > 0 && edges.pairs === edges.n, 'asset_dependency: (asset_id, depends_on_asset_id) unique, no self edge (its check holds at load)');
    }
    if (dataset === 'pms') {
      const client = readFileSync(join(copy, 'generators/pms_rt/tables/client.ts'), 'utf8');
      assert.match(client, /v\.like\(.*["']%@%\.local["']/, 'the LIKE check on e-mails is honoured by the generator');
      assert.doesNotMatch(client, /TODO/, 'every check of client is understood');
      const [signs] = await sql(
        target,
        `SELECT count(*) FILTER (WHERE amount > 0)::int AS pos, count(*) FILTER (WHERE amount < 0)::int AS neg FROM ledger_entry`,
      );
      assert.ok(signs.pos > 0 && signs.neg > 0, `ledger amounts take the sign of their entry type: ${JSON.stringify(signs)}`);
    }
  });
}

test('--check reports no drift, then the drift once the schema changes', async () => {
  const { url } = await loadedSource('retail');
  const init = cli('init', '--from-db', url, '--name', 'drift_rt');
  assert.equal(init.code, 0, init.stderr);
  const same = cli('init', '--check', '--name', 'drift_rt', '--from-db', url);
  assert.equal(same.code, 0, same.stderr + same.stdout);
  assert.match(same.stdout, /^ok: drift_rt matches/);
  await sql(url, 'ALTER TABLE store ADD COLUMN manager text; DROP TABLE inventory_snapshot_daily');
  const drift = cli('init', '--check', '--name', 'drift_rt', '--from-db', url);
  assert.equal(drift.code, 1);
  assert.match(drift.stdout, /table inventory_snapshot_daily: dropped/);
  assert.match(drift.stdout, /column store\.manager: new \(text\)/);
});

test('the generated module type-checks', () => {
  const r = spawnSync(join(ROOT, 'node_modules/.bin/tsc'), ['--noEmit', '-p', copy], { cwd: copy, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

test('bad input: one line and a non-zero exit', () => {
  const cases: [string[], RegExp][] = [
    [['init'], /exactly one of --from-db URL and --from-sql FILE/],
    [['init', '--from-sql', join(SCHEMAS, 'features.sql'), '--from-db', 'postgres://x@127.0.0.1/x'], /exactly one of/],
    [['init', '--from-sql', join(out, 'missing.sql')], /no such file/],
    [['init', '--from-sql', join(SCHEMAS, 'features.sql'), '--name', 'Bad-Name'], /not a dataset name/],
    [['init', '--from-sql', join(SCHEMAS, 'features.sql'), '--name', 'feat'], /already exists.*--force/],
    [['init', '--from-sql', join(SCHEMAS, 'features.sql'), '--name', 'retail'], /already exists and was not made by forge init/],
  ];
  writeFileSync(join(out, 'broken.sql'), 'CREATE TABLE x (id integer PRIMARY KEY, y nosuchtype);\n');
  cases.push([['init', '--from-sql', join(out, 'broken.sql'), '--name', 'broken'], /--from-sql .*broken\.sql: .*type "nosuchtype" does not exist/]);
  for (const [args, pattern] of cases) {
    const r = cli(...args);
    assert.notEqual(r.code, 0, `${args.join(' ')}: expected failure`);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, `${args.join(' ')}: one line, got\n${r.stderr}`);
    assert.match(lines[0], pattern);
  }
  assert.ok(!existsSync(join(copy, 'generators/broken')), 'nothing written for a failed init');
});
