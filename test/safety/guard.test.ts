/**
 * Safety: the production guard judges the connection pg will really make
 * (pg's own parser and PG* environment defaults), then what the server says
 * it is; passwords never reach a message, make's output or argv.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startTempCluster, type PgServer } from '../../src/pg/server.ts';
import { forge, ROOT, tempDir } from '../helpers.ts';
import { assertOneLine, buildTiny, forgeAsync, sql, tablesIn } from './helpers.ts';
import { startProxy } from './proxy.ts';

/** This machine's first address that is not loopback: a server listening there stands for a remote one. */
const outside = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

let server: PgServer;
let artifact: string;

before(async () => {
  assert.ok(outside, 'this test needs one non-loopback IPv4 address on the machine');
  server = await startTempCluster({ settings: { listen_addresses: `127.0.0.1,${outside}` } });
  appendFileSync(join(server.dataDir, 'pg_hba.conf'), `host all all ${outside}/32 trust\n`);
  await sql(server, 'postgres', 'SELECT pg_reload_conf()');
  for (const db of ['production', 'app', 'proddb', 'liveapp', 'prod_app']) await server.createDatabase(db);
  artifact = buildTiny(tempDir());
});
after(async () => {
  await server?.stop();
});

const local = () => `postgres://postgres@127.0.0.1:${server.port}`;
const noPgEnv = { PGHOST: '', PGPORT: '', PGUSER: '', PGDATABASE: '', PGPASSWORD: '', DATABASE_URL: '', APP_ENV: '', NODE_ENV: '', FORGE_ENV: '' };
const load = (db: string, env: NodeJS.ProcessEnv = {}, ...extra: string[]) =>
  forge(['load', artifact, '--db', db, '--quiet', ...extra], { env: { ...noPgEnv, ...env } });

test('the database the driver fills in from PGDATABASE is the one judged: a URL without a database does not load into "production"', async () => {
  assertOneLine(
    load(local(), { PGDATABASE: 'production' }),
    /refusing to write to postgres@127\.0\.0\.1:\d+\/production \(database from PGDATABASE\): its database name production looks like production/,
  );
  assert.deepEqual(await tablesIn(server, 'production'), []);
});

test('PGHOST, PGPORT and PGUSER fill what the URL leaves out, and the guard names them', async () => {
  assertOneLine(
    load('postgres:///app', { PGHOST: 'db.remote.example.invalid' }),
    /refusing to write to (\S+@)?db\.remote\.example\.invalid:5432\/app \(host from PGHOST\): its host db\.remote\.example\.invalid is not this machine/,
  );
  assertOneLine(
    load('postgres://127.0.0.1/liveapp', { PGPORT: String(server.port), PGUSER: 'postgres' }),
    new RegExp(`postgres@127\\.0\\.0\\.1:${server.port}/liveapp \\(port from PGPORT, user from PGUSER\\): its database name liveapp looks like production`),
  );
  assert.deepEqual(await tablesIn(server, 'liveapp'), []);
});

test('with several ?host= the guard judges the last one, the host pg connects to', () => {
  assertOneLine(
    load(`${local()}/app?host=127.0.0.1&host=db.prod.example.invalid`),
    /db\.prod\.example\.invalid:\d+\/app: its host db\.prod\.example\.invalid is not this machine/,
  );
});

test('a host is local only as a socket path, localhost or a loopback IP: look-alike names are remote', async () => {
  for (const host of ['127.corp-db.example.invalid', '127.0.0.1%2Eevil.invalid', 'localhost.example.invalid', '0x7f000001.invalid']) {
    assertOneLine(load(`postgres://postgres@${host}:${server.port}/app`), /is not this machine/, 1);
  }
  await server.createDatabase('vialocalhost');
  const viaLocalhost = load(`postgres://postgres@localhost:${server.port}/vialocalhost`);
  assert.equal(viaLocalhost.code, 0, viaLocalhost.stderr);
});

test('database names that start like production (proddb, liveapp, prod_app) are refused; products is not', async () => {
  for (const db of ['proddb', 'liveapp', 'prod_app']) assertOneLine(load(`${local()}/${db}`), new RegExp(`database name ${db} looks like production`));
  for (const db of ['proddb', 'liveapp', 'prod_app']) assert.deepEqual(await tablesIn(server, db), [], db);
  await server.createDatabase('products');
  const ok = load(`${local()}/products`);
  assert.equal(ok.code, 0, ok.stderr);
});

test('after connecting, the server is asked: an address that is not this machine is refused (a tunnel to a remote server)', async () => {
  const tunnel = await startProxy(outside!, server.port);
  try {
    assertOneLine(
      await forgeAsync(['load', artifact, '--db', `postgres://postgres@127.0.0.1:${tunnel.port}/app`, '--quiet'], { env: noPgEnv }),
      new RegExp(`the server says its address is ${outside!.replace(/\./g, '\\.')}, which is not this machine`),
    );
  } finally {
    await tunnel.close();
  }
  assert.deepEqual(await tablesIn(server, 'app'), []);
});

test('after connecting, the server is asked: a database that is production under an alias is refused (a pooler renaming app to prod_app)', async () => {
  const pooler = await startProxy('127.0.0.1', server.port, { from: 'app', to: 'prod_app' });
  try {
    assertOneLine(
      await forgeAsync(['load', artifact, '--db', `postgres://postgres@127.0.0.1:${pooler.port}/app`, '--quiet'], { env: noPgEnv }),
      /the server says its database is prod_app, which looks like production/,
    );
  } finally {
    await pooler.close();
  }
  assert.deepEqual(await tablesIn(server, 'prod_app'), []);
});

test('APP_ENV or NODE_ENV production (any case, padded) refuses every destructive command, the local cluster included', async () => {
  await server.createDatabase('envcheck');
  const pgDir = join(tempDir(), 'local-pg');
  for (const env of [{ NODE_ENV: 'production ' }, { APP_ENV: 'PRODUCTION' }, { NODE_ENV: ' Prod' }]) {
    assertOneLine(load(`${local()}/envcheck`, env), /the environment says production/);
    assertOneLine(
      forge(['delete', '--scope', 'all', '--confirm', '--db', `${local()}/envcheck`], { env: { ...noPgEnv, ...env } }),
      /the environment says production/,
    );
    assertOneLine(
      forge(['load', artifact, '--quiet'], { env: { ...noPgEnv, ...env, FORGE_PG_DIR: pgDir } }),
      /refusing to write to any database: the environment says production/,
    );
  }
  assert.equal(existsSync(pgDir), false, 'the local cluster was not even created');
  assert.deepEqual(await tablesIn(server, 'envcheck'), []);
});

test('passwords are masked in every form: user-info, ?password=, PGPASSWORD; a / in a password is one clear line', () => {
  const outputs = [
    load('postgres://u:s3cret-info@127.0.0.1:1/x'),
    load('postgres://u@127.0.0.1:1/x?password=s3cret-query'),
    load('postgres://u@127.0.0.1:1/x', { PGPASSWORD: 's3cret-env' }),
    forge(['status', '--db', 'postgres://u@127.0.0.1:1/x?password=s3cret-query']),
    load('postgres://u@db.example.invalid/x?password=s3cret-query'),
  ];
  for (const r of outputs) {
    assertOneLine(r, /cannot reach|refusing/);
    assert.doesNotMatch(r.stdout + r.stderr, /s3cret/);
  }
  const slash = load('postgres://u:pa/s3cret@127.0.0.1:1/x');
  assertOneLine(slash, /the database URL .* cannot be read: .*percent-encoded \(e\.g\. \/ as %2F\)/, 1);
  assert.doesNotMatch(slash.stderr, /s3cret/);
});

test("make load passes DATABASE_URL through the environment: the password is in neither make's output nor forge's argv", () => {
  const url = 'postgres://u:s3cret-make@127.0.0.1:1/x';
  const dry = spawnSync('make', ['-n', 'load', 'status', `DATABASE_URL=${url}`], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(dry.status, 0, dry.stderr);
  assert.match(dry.stdout, /bin\/forge\.js load /);
  assert.doesNotMatch(dry.stdout, /s3cret|--db/);
  const run = spawnSync('make', ['--no-print-directory', 'status', `DATABASE_URL=${url}`], { cwd: ROOT, encoding: 'utf8' });
  assert.notEqual(run.status, 0);
  assert.match(run.stderr, /cannot reach the database at postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/x/, 'forge got the URL from the environment');
  assert.doesNotMatch(run.stdout + run.stderr, /s3cret/);
});
