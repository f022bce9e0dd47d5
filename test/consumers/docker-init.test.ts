/**
 * The Docker image's contract, run for real without a Docker engine:
 * docker/build-image.sh stages the build context (a stand-in `docker`
 * unpacks it where the image would have it), and container starts are
 * simulated by test/consumers/docker-entrypoint-sim.sh, which does what the
 * official entrypoint does (initdb, a socket-only init server, the initdb.d
 * files, the real server) on a data directory of the test's own.
 *   - the image holds manifest.json and dump.sql.gz only, and the restore works from them;
 *   - the healthcheck of docker/compose.yaml and the Dockerfile fails while the restore runs
 *     and passes once the real server is up with the data;
 *   - a corrupted artifact fails the first start loudly and empties the data directory, so
 *     the next start restores again instead of serving an empty database;
 *   - the manifest is read by a JSON parser: not JSON, another format, or a dump that does
 *     not match its sha256 are each refused;
 *   - on a server that is not the entrypoint's init server, a failure empties nothing.
 */
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { findPgBin, freePort, startTempCluster } from '../../src/pg/server.ts';
import { forge, ROOT, tempDir } from '../helpers.ts';

let out: string;
let artifact: string;
/** What build-image.sh sent docker: Dockerfile, initdb/, artifact/. */
let context: string;
let contextFiles: string[];
const running: string[] = [];

/** As root, the sim runs as the postgres user (the entrypoint's gosu); otherwise as ourselves. */
const asPostgres = (() => {
  if (process.getuid?.() !== 0) return {};
  const [, , uid, gid] = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'))!
    .split(':');
  return { uid: Number(uid), gid: Number(gid) };
})();
const own = (path: string) => asPostgres.uid !== undefined && chownSync(path, asPostgres.uid, asPostgres.gid!);
const pathEnv = () => `${findPgBin()}:${process.env.PATH}`;

const HEALTHCHECK = (() => {
  const compose = readFileSync(join(ROOT, 'docker/compose.yaml'), 'utf8');
  const m = /test: \["CMD-SHELL", "((?:[^"\\]|\\.)*)"\]/.exec(compose);
  assert.ok(m, 'docker/compose.yaml has a CMD-SHELL healthcheck');
  // YAML's \" and compose's $$ (a literal $ for the container's shell).
  return m[1].replace(/\\"/g, '"').replace(/\$\$/g, '$');
})();

before(() => {
  out = tempDir();
  chmodSync(out, 0o755);
  const b = forge(['build', '--profile', 'tiny', '--out', join(out, 'dist'), '--quiet']);
  assert.equal(b.code, 0, b.stderr);
  artifact = b.stdout.trim();
  // No Docker engine here: a `docker` on PATH that answers `info` and copies the build context it is given.
  const bin = join(out, 'fake-bin');
  context = join(out, 'context');
  mkdirSync(bin);
  writeFileSync(join(bin, 'docker'), `#!/usr/bin/env bash\n[ "$1" = info ] && exit 0\ncp -r "\${@: -1}" "${context}"\n`);
  chmodSync(join(bin, 'docker'), 0o755);
  const r = spawnSync(join(ROOT, 'docker/build-image.sh'), [artifact, 'fixture-forge/retail:test'], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
  });
  assert.equal(r.status, 0, r.stderr);
  contextFiles = spawnSync('find', ['.', '-type', 'f'], { cwd: context, encoding: 'utf8' }).stdout.trim().split('\n').sort();
  spawnSync('chmod', ['-R', 'a+rX', context]);
});

after(() => {
  for (const pgdata of running) spawnSync('pg_ctl', ['-D', pgdata, '-m', 'immediate', 'stop'], { ...asPostgres, env: { ...process.env, PATH: pathEnv() } });
});

interface Container {
  name: string;
  pgdata: string;
  sock: string;
  port: number;
  initdb: string;
  art: string;
  url(db?: string): string;
}

/** A container's volume, socket dir, initdb.d (as the image lays it out) and artifact copy. */
async function container(name: string, tamper?: (artifactDir: string) => void): Promise<Container> {
  const root = join(out, name);
  mkdirSync(root);
  const c: Container = {
    name,
    pgdata: join(root, 'pgdata'),
    sock: join(root, 'sock'),
    port: await freePort(),
    initdb: join(root, 'docker-entrypoint-initdb.d'),
    art: join(root, 'forge-artifact'),
    url: (db = 'fixtures') => `postgres://postgres@127.0.0.1:${c.port}/${db}`,
  };
  for (const d of [c.pgdata, c.sock]) {
    mkdirSync(d, { mode: 0o700 });
    own(d);
  }
  own(root); // the sim writes its server log beside the data directory
  cpSync(join(context, 'initdb'), c.initdb, { recursive: true });
  cpSync(join(context, 'artifact'), c.art, { recursive: true });
  // The healthcheck, run while the init files run (before and after ours): the init server must fail it.
  writeFileSync(
    join(c.initdb, '05-health.sh'),
    `#!/usr/bin/env bash\n${HEALTHCHECK} >/dev/null 2>&1 && echo healthy >> ${root}/health-during-init || echo unhealthy >> ${root}/health-during-init\n`,
  );
  writeFileSync(join(c.initdb, '15-health.sh'), readFileSync(join(c.initdb, '05-health.sh')));
  // A user's own init file after ours sees the restored data.
  writeFileSync(join(c.initdb, '20-after.sql'), 'CREATE TABLE after_restore AS SELECT count(*) AS sales FROM sales_daily;\n');
  for (const f of readdirSync(c.initdb)) chmodSync(join(c.initdb, f), f.endsWith('.sh') ? 0o755 : 0o644);
  tamper?.(c.art);
  spawnSync('chmod', ['-R', 'a+rwX', root]);
  for (const d of [c.pgdata, c.sock]) chmodSync(d, 0o700);
  return c;
}

/** One `docker start`: the entrypoint's first-start logic, then the real server (left running). */
function start(c: Container): SpawnSyncReturns<string> {
  const r = spawnSync('bash', [join(ROOT, 'test/consumers/docker-entrypoint-sim.sh'), c.initdb], {
    ...asPostgres,
    encoding: 'utf8',
    env: {
      ...process.env,
      PATH: pathEnv(),
      PGDATA: c.pgdata,
      PGHOST: c.sock,
      PGPORT: String(c.port),
      POSTGRES_USER: 'postgres',
      POSTGRES_DB: 'fixtures',
      FORGE_ARTIFACT_DIR: c.art,
      HOME: c.sock,
    },
  });
  if (r.status === 0) running.push(c.pgdata);
  return r;
}

function stop(c: Container): void {
  const r = spawnSync('pg_ctl', ['-D', c.pgdata, '-m', 'fast', '-w', 'stop'], { ...asPostgres, encoding: 'utf8', env: { ...process.env, PATH: pathEnv() } });
  assert.equal(r.status, 0, r.stderr);
  running.splice(running.indexOf(c.pgdata), 1);
}

/** The compose healthcheck, as the container's shell runs it. */
function healthy(c: Container): boolean {
  return (
    spawnSync('sh', ['-c', HEALTHCHECK], {
      env: { ...process.env, PATH: pathEnv(), PGPORT: String(c.port), PGHOST: '', POSTGRES_USER: 'postgres', POSTGRES_DB: 'fixtures' },
    }).status === 0
  );
}

function psql(c: Container, sql: string): string {
  const r = spawnSync('psql', ['-XtAc', sql, c.url()], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

const manifest = () => JSON.parse(readFileSync(join(artifact, 'manifest.json'), 'utf8'));

test('the build context holds the Dockerfile, the init script, and the manifest and dump only', () => {
  assert.deepEqual(contextFiles, ['./Dockerfile', './artifact/dump.sql.gz', './artifact/manifest.json', './initdb/10-fixture-forge.sh']);
  const dockerfile = readFileSync(join(ROOT, 'docker/Dockerfile'), 'utf8');
  for (const [, src] of dockerfile.matchAll(/^COPY (\S+)/gm))
    assert.ok(
      contextFiles.some((f) => f.startsWith(`./${src.replace(/\/$/, '')}`)),
      `COPY ${src} has its source in the context`,
    );
  assert.match(dockerfile, /^COPY initdb\/10-fixture-forge\.sh \/docker-entrypoint-initdb\.d\/10-fixture-forge\.sh$/m);
  assert.match(dockerfile, /^ENV FORGE_ARTIFACT_DIR=\/forge-artifact$/m, 'the init script finds the artifact where the image puts it');
  const check = /^HEALTHCHECK .* CMD (.*)$/m.exec(dockerfile)?.[1];
  assert.equal(check, HEALTHCHECK, 'the image and compose check health the same way');
});

test('first start: restored from the dump, healthy only after the restore, later init files see the data, a restart keeps it', async () => {
  const c = await container('fresh');
  const r = start(c);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /running .*10-fixture-forge\.sh/);
  const m = manifest();
  assert.ok(r.stdout.includes(`fixture-forge: restoring retail ${m.dataset.version}, seed 42, profile tiny into database fixtures`), r.stdout);
  assert.deepEqual(
    readFileSync(join(out, 'fresh/health-during-init'), 'utf8').trim().split('\n'),
    ['unhealthy', 'unhealthy'],
    'never healthy while the init server runs',
  );
  assert.ok(healthy(c), 'healthy once the real server is up');
  const v = forge(['verify', artifact, '--db', c.url()]);
  assert.equal(v.code, 0, v.stderr);
  const sales = m.tables.find((t: { name: string }) => t.name === 'sales_daily').rows;
  assert.equal(Number(psql(c, 'SELECT sales FROM after_restore')), sales, 'files after ours see the data');
  stop(c);
  assert.ok(!healthy(c));
  const again = start(c);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /Skipping initialization/);
  assert.equal(Number(psql(c, 'SELECT count(*) FROM sales_daily')), sales);
  stop(c);
});

for (const [what, tamper, message] of [
  [
    'an edited dump',
    (dir: string) => writeFileSync(join(dir, 'dump.sql.gz'), Buffer.concat([readFileSync(join(dir, 'dump.sql.gz')), Buffer.from([0])])),
    /fixture-forge: dump\.sql\.gz does not match its sha256 in manifest\.json/,
  ],
  [
    'a manifest that is not JSON',
    (dir: string) => writeFileSync(join(dir, 'manifest.json'), readFileSync(join(dir, 'manifest.json'), 'utf8').replace('{', '{,')),
    /fixture-forge: .*manifest\.json is not JSON/,
  ],
  [
    'a manifest of another format',
    (dir: string) => writeFileSync(join(dir, 'manifest.json'), readFileSync(join(dir, 'manifest.json'), 'utf8').replace('fixture-forge/artifact@1', 'other@9')),
    /fixture-forge: .*is not a fixture-forge artifact@1 manifest \(format: other@9\)/,
  ],
] as const) {
  test(`${what}: the first start fails loudly and leaves an empty data directory, so the next start restores again`, async () => {
    const c = await container(`bad-${what.replace(/\W+/g, '-')}`, tamper);
    const r = start(c);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, message);
    assert.match(r.stderr, /fixture-forge: the first start failed, so the data directory .* was emptied: the next start restores again/);
    assert.deepEqual(readdirSync(c.pgdata), [], 'no initialised data directory that a next start would serve empty');
    assert.ok(!healthy(c));
    // Fixed artifact, next start: the init scripts run again and the data is in.
    cpSync(join(context, 'artifact'), c.art, { recursive: true });
    const next = start(c);
    assert.equal(next.status, 0, next.stderr);
    assert.match(next.stdout, /fixture-forge: restored/);
    assert.ok(healthy(c));
    assert.equal(forge(['verify', artifact, '--db', c.url()]).code, 0);
    stop(c);
  });
}

test('on a server in service (not the init server), a failing restore empties nothing', async () => {
  const server = await startTempCluster();
  try {
    const art = join(out, 'in-service-artifact');
    cpSync(join(context, 'artifact'), art, { recursive: true });
    writeFileSync(join(art, 'dump.sql.gz'), 'not the dump');
    spawnSync('chmod', ['-R', 'a+rX', art]);
    const r = spawnSync(join(ROOT, 'docker/initdb/10-fixture-forge.sh'), [], {
      ...asPostgres,
      encoding: 'utf8',
      env: {
        ...process.env,
        PATH: pathEnv(),
        PGDATA: server.dataDir,
        PGHOST: server.socketDir,
        PGPORT: String(server.port),
        POSTGRES_USER: 'postgres',
        POSTGRES_DB: 'postgres',
        FORGE_ARTIFACT_DIR: art,
      },
    });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /dump\.sql\.gz does not match/);
    assert.doesNotMatch(r.stderr, /emptied/);
    assert.ok(existsSync(join(server.dataDir, 'PG_VERSION')));
    assert.equal(spawnSync('psql', ['-XtAc', 'SELECT 1', server.url()], { encoding: 'utf8' }).stdout.trim(), '1', 'still serving');
  } finally {
    await server.stop();
  }
});

test('build-image.sh: an artifact without a dump, or no Docker engine, is one line and a failure', () => {
  const noDump = join(out, 'no-dump');
  cpSync(artifact, noDump, { recursive: true, filter: (p) => !p.endsWith('dump.sql.gz') });
  const bin = join(out, 'no-engine-bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'docker'), '#!/usr/bin/env bash\nexit 1\n');
  chmodSync(join(bin, 'docker'), 0o755);
  const r = spawnSync(join(ROOT, 'docker/build-image.sh'), [artifact, 'x'], { encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^docker-image: the docker command is here but no Docker engine answers/);
  writeFileSync(join(bin, 'docker'), '#!/usr/bin/env bash\nexit 0\n');
  const d = spawnSync(join(ROOT, 'docker/build-image.sh'), [noDump, 'x'], { encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
  assert.equal(d.status, 1);
  assert.match(d.stderr, /^docker-image: .* has no dump\.sql\.gz: build it with the dump format/);
});
