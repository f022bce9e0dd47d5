/**
 * The Docker image's init contract, run for real without a Docker engine:
 * the files laid out as docker/Dockerfile lays them, processed the way the
 * official entrypoint processes /docker-entrypoint-initdb.d, against a fresh
 * cluster. A corrupted artifact must fail the first start and load nothing.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { startTempCluster, type PgServer } from '../../src/pg/server.ts';
import { forge, ROOT, tempDir } from '../helpers.ts';

let server: PgServer;
let artifact: string;
let out: string;

before(async () => {
  server = await startTempCluster();
  out = tempDir();
  const b = forge(['build', '--profile', 'tiny', '--out', join(out, 'dist'), '--quiet']);
  assert.equal(b.code, 0, b.stderr);
  artifact = b.stdout.trim();
});
after(async () => {
  await server?.stop();
});

/** A container's first start: its initdb.d and artifact, a fresh database, the entrypoint's loop. */
async function firstStart(name: string, tamper?: (artifactDir: string) => void) {
  const root = join(out, name);
  const initdb = join(root, 'docker-entrypoint-initdb.d');
  const art = join(root, 'forge-artifact');
  mkdirSync(initdb, { recursive: true });
  cpSync(artifact, art, { recursive: true });
  copyFileSync(join(ROOT, 'docker/initdb/10-fixture-forge.sh'), join(initdb, '10-fixture-forge.sh'));
  chmodSync(join(initdb, '10-fixture-forge.sh'), 0o755);
  // A user's own init file after ours sees the restored data.
  writeFileSync(join(initdb, '20-after.sql'), 'CREATE TABLE after_restore AS SELECT count(*) AS sales FROM sales_daily;\n');
  tamper?.(art);
  await server.createDatabase(name);
  const r = spawnSync('bash', [join(ROOT, 'test/consumers/docker-entrypoint-sim.sh'), initdb], {
    encoding: 'utf8',
    env: { ...process.env, POSTGRES_USER: 'postgres', POSTGRES_DB: name, PGHOST: server.socketDir, PGPORT: String(server.port), FORGE_ARTIFACT_DIR: art },
  });
  return r;
}

async function tables(db: string): Promise<string[]> {
  const c = new pg.Client({ connectionString: server.url(db) });
  await c.connect();
  try {
    return (await c.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")).rows.map((r) => r.tablename);
  } finally {
    await c.end();
  }
}

test('the init script restores the artifact in a fresh cluster, with counts and constraints', async () => {
  const r = await firstStart('fixtures');
  assert.equal(r.status, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /running .*10-fixture-forge\.sh/);
  const version = JSON.parse(readFileSync(join(artifact, 'manifest.json'), 'utf8')).dataset.version as string;
  assert.ok(r.stdout.includes(`fixture-forge: restoring retail ${version}, seed 42, profile tiny into database fixtures`), r.stdout);
  const v = forge(['verify', artifact, '--db', server.url('fixtures')]);
  assert.equal(v.code, 0, v.stderr);
  const manifest = JSON.parse(readFileSync(join(artifact, 'manifest.json'), 'utf8'));
  const c = new pg.Client({ connectionString: server.url('fixtures') });
  await c.connect();
  try {
    const expected = manifest.tables.reduce((n: number, t: { constraints: unknown[] }) => n + t.constraints.length, 0);
    const { rows } = await c.query(
      "SELECT (SELECT count(*) FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace WHERE n.nspname = 'public' AND k.contype <> 'n') + (SELECT count(*) FROM pg_indexes WHERE schemaname = 'public' AND indexname LIKE '%_idx') AS n",
    );
    assert.equal(Number(rows[0].n), expected);
    const sales = manifest.tables.find((t: { name: string }) => t.name === 'sales_daily').rows;
    assert.equal(Number((await c.query('SELECT sales FROM after_restore')).rows[0].sales), sales, 'files after ours see the data');
  } finally {
    await c.end();
  }
});

for (const [what, tamper] of [
  ['a data file', (dir: string) => writeFileSync(join(dir, 'data/store.csv'), readFileSync(join(dir, 'data/store.csv'), 'utf8').replace('S0001', 'S0009'))],
  ['the dump', (dir: string) => writeFileSync(join(dir, 'dump.sql.gz'), Buffer.concat([readFileSync(join(dir, 'dump.sql.gz')), Buffer.from([0])]))],
  ['SHA256SUMS itself', (dir: string) => writeFileSync(join(dir, 'SHA256SUMS'), readFileSync(join(dir, 'SHA256SUMS'), 'utf8').replace(/^[0-9a-f]{4}/, '0000'))],
] as const) {
  test(`a corrupted artifact (${what}) fails the first start loudly and loads nothing`, async () => {
    const db = `tampered_${what.replace(/\W+/g, '_')}`;
    const r = await firstStart(db, tamper);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /fixture-forge: .*(does not match|corrupted)/);
    assert.deepEqual(await tables(db), []);
  });
}

test('docker/build-image.sh sends docker a context with exactly what the Dockerfile copies (a stand-in docker records it)', () => {
  // No Docker engine here: a `docker` on PATH that answers `info` and records the build context.
  const bin = join(out, 'fake-bin');
  const seen = join(out, 'context-seen');
  mkdirSync(bin);
  writeFileSync(join(bin, 'docker'), `#!/usr/bin/env bash\n[ "$1" = info ] && exit 0\nctx="\${@: -1}"\n(cd "$ctx" && find . -type f | sort) > "${seen}"\n`);
  chmodSync(join(bin, 'docker'), 0o755);
  const r = spawnSync(join(ROOT, 'docker/build-image.sh'), [artifact, 'fixture-forge/retail:test'], { encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
  assert.equal(r.status, 0, r.stderr);
  const files = readFileSync(seen, 'utf8').trim().split('\n');
  assert.ok(files.includes('./Dockerfile') && files.includes('./initdb/10-fixture-forge.sh') && files.includes('./artifact/manifest.json') && files.includes('./artifact/dump.sql.gz'), files.join(' '));
  assert.ok(files.every((f) => /^\.\/(Dockerfile|initdb\/|artifact\/)/.test(f)), 'nothing else of the repository');
  const dockerfile = readFileSync(join(ROOT, 'docker/Dockerfile'), 'utf8');
  for (const [, src] of dockerfile.matchAll(/^COPY (\S+)/gm)) assert.ok(files.some((f) => f.startsWith(`./${src.replace(/\/$/, '')}`)), `COPY ${src} has its source in the context`);
  assert.match(dockerfile, /^COPY initdb\/10-fixture-forge\.sh \/docker-entrypoint-initdb\.d\/10-fixture-forge\.sh$/m);
  assert.match(dockerfile, /^ENV FORGE_ARTIFACT_DIR=\/forge-artifact$/m, 'the init script finds the artifact where the image puts it');
});

test('without a Docker engine, build-image.sh says so in one line and fails', () => {
  const bin = join(out, 'no-engine-bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'docker'), '#!/usr/bin/env bash\nexit 1\n');
  chmodSync(join(bin, 'docker'), 0o755);
  const r = spawnSync(join(ROOT, 'docker/build-image.sh'), [artifact, 'x'], { encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^docker-image: the docker command is here but no Docker engine answers/);
});
