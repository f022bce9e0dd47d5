/**
 * fixture-forge from another project, installed the way a user installs it:
 * both packages are packed once with `npm pack` (their prepack compiles
 * them), then installed into temp projects outside this repository from the
 * tarballs and the npm cache (`--prefer-offline`: only what `npm ci` did not
 * already fetch may come from the registry). There, with no tsx and no
 * access to this repository's sources:
 *   - plain `node --test` (ESM and CommonJS) reads a fixture through fixture-forge-reader,
 *     whose install holds zod and tar-stream but no compiler, Faker, pg or esbuild;
 *   - tsc emits JavaScript with moduleResolution NodeNext and bundler (node10 type-checks),
 *     and a wrong table name does not compile;
 *   - vitest runs a TypeScript spec;
 *   - the installed CLI runs from compiled JavaScript, builds the goldens byte for byte,
 *     writes nothing into its install directory (also run as a user who cannot write there),
 *     and `forge db url` starts nothing;
 *   - `forge init` writes a dataset module into the project from a SQL schema, which
 *     `forge build --dataset` then finds by name, builds the same bytes with one worker or
 *     two, and `forge validate` passes on.
 * Every command is one the README's "Using fixture-forge from another project" shows.
 */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify, stripVTControlCharacters } from 'node:util';
import { goldenDir } from '../../examples/golden.ts';
import { hashTree, ROOT, tempDir } from '../helpers.ts';

const run = promisify(execFile);

/** The README's commands, run verbatim by bash with PKGS set to the tarballs' folder. */
export const COMMANDS = {
  packCli: 'npm pack --pack-destination "$PKGS"',
  packReader: 'npm pack -w fixture-forge-reader --pack-destination "$PKGS"',
  installReader: 'npm install --save-dev --prefer-offline "$PKGS"/fixture-forge-reader-*.tgz',
  installCli: 'npm install --save-dev --prefer-offline "$PKGS"/fixture-forge-reader-*.tgz "$PKGS"/fixture-forge-0*.tgz',
  installTools: 'npm install --save-dev --prefer-offline typescript@5 @types/node@20 vitest@3',
  build: 'npx forge build --dataset retail --seed 42 --profile tiny --formats csv,json --out fixtures --quiet',
  types: 'npx forge types fixtures/retail/*/seed-42-tiny --output test/retail.d.ts',
  nodeTest: 'node --test',
  tscNodeNext: 'npx tsc -p tsconfig.json',
  vitest: 'npx vitest run',
  init: 'npx forge init --from-sql schema.sql --name shop',
  buildInit: 'npx forge build --dataset shop --profile tiny --out fixtures --quiet',
} as const;

let work: string;
let pkgs: string;
const HEAVY = ['esbuild', '@faker-js/faker', 'pg', 'archiver', 'tsx', 'typescript', 'fixture-forge'];

/** The environment of a user's shell: none of this test runner's (its node:test context, tsx's loader). */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PKGS: pkgs, npm_config_audit: 'false', npm_config_fund: 'false' };
  delete env.NODE_TEST_CONTEXT;
  delete env.NODE_OPTIONS;
  return env;
}

/** Runs a README command in a project; returns its output, failing the test with it on a non-zero exit. */
async function sh(cwd: string, command: string): Promise<string> {
  try {
    const r = await run('bash', ['-c', command], { cwd, env: userEnv(), maxBuffer: 64 << 20 });
    return r.stdout + r.stderr;
  } catch (e) {
    const x = e as { stdout?: string; stderr?: string; code?: number };
    throw new Error(`\`${command}\` in ${cwd} exited ${x.code}:\n${x.stdout}\n${x.stderr}`);
  }
}

function project(name: string): string {
  const dir = join(work, name);
  mkdirSync(join(dir, 'test'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true, type: 'module' }, null, 2));
  return dir;
}

/** Installed packages (folders holding a package.json) and their bytes on disk. */
function installed(dir: string): { names: string[]; bytes: number } {
  const names: string[] = [];
  let bytes = 0;
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isSymbolicLink()) continue;
      if (e.isDirectory()) walk(p);
      else bytes += statSync(p).size;
    }
  };
  const nm = join(dir, 'node_modules');
  const scan = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (!e.isDirectory() || e.name === '.bin' || e.name === '.cache') continue;
      if (e.name.startsWith('@')) {
        for (const s of readdirSync(join(d, e.name))) names.push(`${e.name}/${s}`);
      } else names.push(e.name);
    }
  };
  scan(nm);
  walk(nm);
  return { names: names.sort(), bytes };
}

let readerApp: string;
let cliApp: string;

before(async () => {
  work = tempDir('forge-npm-consumer-');
  chmodSync(work, 0o755);
  pkgs = join(work, 'pkgs');
  mkdirSync(pkgs);
  // Packed once for every test below (prepack compiles each package).
  await Promise.all([sh(ROOT, COMMANDS.packCli), sh(ROOT, COMMANDS.packReader)]);
  readerApp = project('reader-app');
  cliApp = project('cli-app');
});

after(() => {
  // The temp projects stay only when a test failed and FORGE_KEEP is set.
  if (!process.env.FORGE_KEEP) spawnSync('rm', ['-rf', work]);
});

test('the tarballs hold compiled JavaScript and declarations, no sources, tests or fixtures', (t) => {
  for (const [tgz, must] of [
    ['fixture-forge-reader-', ['package/dist/index.js', 'package/dist/index.d.ts', 'package/README.md']],
    [
      'fixture-forge-0',
      [
        'package/bin/forge.js',
        'package/dist/cli/main.mjs',
        'package/dist/cli/worker.mjs',
        'package/dist/fixtures.d.ts',
        'package/dist/testing.d.ts',
        'package/dist/dataset.d.ts',
        'package/docker/initdb/10-fixture-forge.sh',
        'package/generators/exceptions/domainpacks/finance.sample.json',
      ],
    ],
  ] as const) {
    const file = readdirSync(pkgs).find((f) => f.startsWith(tgz))!;
    const list = spawnSync('tar', ['-tzf', join(pkgs, file)], { encoding: 'utf8' })
      .stdout.trim()
      .split('\n');
    for (const m of must) assert.ok(list.includes(m), `${file} lacks ${m}`);
    assert.ok(!list.some((f) => /\.ts$/.test(f) && !f.endsWith('.d.ts')), `${file} ships TypeScript sources`);
    // Pack files (JSON a dataset reads at build time, e.g. the exceptions dataset's domain packs) are data the CLI needs; no other generators file ships.
    const packFile = (f: string) => /^package\/generators\/[a-z-]+\/(domainpacks|tenantpacks)\/[^/]+\.json$/.test(f);
    assert.ok(!list.some((f) => /^package\/(src|test|bench|fixtures|generators|examples)\//.test(f) && !packFile(f)), `${file}: ${list.join(' ')}`);
    t.diagnostic(`${file}: ${list.length} files, ${statSync(join(pkgs, file)).size} bytes`);
  }
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  assert.equal(pkg.private, undefined, 'publishable');
  assert.ok(!('esbuild' in pkg.dependencies) && !('tsx' in pkg.dependencies), 'esbuild and tsx are dev dependencies only');
});

test('the reader installs light (zod and tar-stream), without install scripts, and plain node --test reads a fixture (ESM and require)', async (t) => {
  const out = await sh(readerApp, COMMANDS.installReader);
  assert.doesNotMatch(out, /install-scripts|postinstall|allowScripts/i, out);
  const { names, bytes } = installed(readerApp);
  for (const heavy of HEAVY) assert.ok(!names.includes(heavy), `${heavy} was installed with the reader: ${names.join(' ')}`);
  assert.ok(names.includes('zod') && names.includes('tar-stream'));
  t.diagnostic(`reader install: ${names.length} packages, ${(bytes / 1e6).toFixed(1)} MB: ${names.join(' ')}`);

  cpSync(goldenDir(), join(readerApp, 'fixtures/retail-tiny'), { recursive: true });
  writeFileSync(
    join(readerApp, 'test/retail.test.js'),
    `import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, cpSync } from 'node:fs';
import { test } from 'node:test';
import { loadFixture, ForgeError } from 'fixture-forge-reader';

test('rows from JSON and CSV agree with the manifest', async () => {
  const fx = await loadFixture('fixtures/retail-tiny');
  for (const name of fx.tables) {
    const rows = await fx.rows(name);
    assert.equal(rows.length, fx.table(name).rows);
    assert.deepEqual(await fx.rows(name, { from: 'csv' }), rows);
  }
});

test('an edited file is refused with a ForgeError', async () => {
  cpSync('fixtures/retail-tiny', 'fixtures/edited', { recursive: true });
  const p = 'fixtures/edited/data/store.json';
  writeFileSync(p, readFileSync(p, 'utf8').replace('"S0001"', '"S0009"'));
  const fx = await loadFixture('fixtures/edited');
  await assert.rejects(fx.rows('store'), (e) => e instanceof ForgeError && e.code === 'CHECKSUM_MISMATCH');
});
`,
  );
  writeFileSync(
    join(readerApp, 'test/require.test.cjs'),
    `const assert = require('node:assert/strict');
const { test } = require('node:test');
const { loadFixture } = require('fixture-forge-reader');

test('require() of the reader works too', async () => {
  const fx = await loadFixture('fixtures/retail-tiny');
  assert.ok((await fx.rows('store')).length > 0);
});
`,
  );
  const r = await sh(readerApp, COMMANDS.nodeTest);
  assert.match(r, /^# pass 3$/m, r);
  assert.match(r, /^# fail 0$/m, r);
});

test('tsc emits JavaScript with NodeNext and with bundler resolution (node10 type-checks), and rows are typed (a wrong table does not compile)', async () => {
  const out = await sh(readerApp, COMMANDS.installTools);
  assert.doesNotMatch(out, /fixture-forge/, 'nothing of ours reports anything on install');
  mkdirSync(join(readerApp, 'src'));
  cpSync(join(ROOT, 'examples/types/retail.d.ts'), join(readerApp, 'src/retail.d.ts'));
  writeFileSync(
    join(readerApp, 'src/totals.ts'),
    `import { loadFixture, type Fixture } from 'fixture-forge-reader';
import type { RetailSalesDaily, RetailTables } from './retail.js';

export async function totalQuantity(dir: string): Promise<number> {
  const fx: Fixture<RetailTables> = await loadFixture<RetailTables>(dir);
  const sales: RetailSalesDaily[] = await fx.rows('sales_daily');
  return sales.reduce((n, s) => n + s.quantity, 0);
}

/** Never called. The declarations carry the row types: a table that does not exist does not compile (else tsc fails on the unused directive). */
export function wrongTable(fx: Fixture<RetailTables>) {
  // @ts-expect-error no such table
  return fx.rows('no_such_table');
}

console.log(await totalQuantity(process.argv[2]));
`,
  );
  const base = { strict: true, target: 'ES2022', types: ['node'], rootDir: 'src' };
  const configs = {
    // The full check, our declarations included (skipLibCheck off).
    'tsconfig.json': { module: 'NodeNext', moduleResolution: 'NodeNext', outDir: 'build/nodenext', skipLibCheck: false },
    'tsconfig.bundler.json': { module: 'ESNext', moduleResolution: 'bundler', outDir: 'build/bundler', skipLibCheck: true },
    // node10 projects are older setups, with esModuleInterop (zod's .d.cts need it).
    'tsconfig.node10.json': { module: 'ESNext', moduleResolution: 'node10', esModuleInterop: true, noEmit: true, skipLibCheck: true },
  };
  for (const [file, options] of Object.entries(configs))
    writeFileSync(join(readerApp, file), JSON.stringify({ compilerOptions: { ...base, ...options }, include: ['src'] }, null, 2));
  await Promise.all([sh(readerApp, COMMANDS.tscNodeNext), sh(readerApp, 'npx tsc -p tsconfig.bundler.json'), sh(readerApp, 'npx tsc -p tsconfig.node10.json')]);
  const golden = JSON.parse(readFileSync(join(readerApp, 'fixtures/retail-tiny/data/sales_daily.json'), 'utf8')) as { quantity: number }[];
  const want = String(golden.reduce((n, s) => n + s.quantity, 0));
  for (const dir of ['build/nodenext', 'build/bundler']) {
    const r = spawnSync(process.execPath, [join(dir, 'totals.js'), 'fixtures/retail-tiny'], { cwd: readerApp, encoding: 'utf8', env: userEnv() });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), want, dir);
  }
});

test('vitest runs a TypeScript spec against the installed reader', async () => {
  mkdirSync(join(readerApp, 'spec'));
  // The node:test files under test/ are not vitest's.
  writeFileSync(
    join(readerApp, 'vitest.config.ts'),
    "import { defineConfig } from 'vitest/config';\nexport default defineConfig({ test: { include: ['spec/**/*.spec.ts'] } });\n",
  );
  writeFileSync(
    join(readerApp, 'spec/retail.spec.ts'),
    `import { describe, expect, it } from 'vitest';
import { loadFixture } from 'fixture-forge-reader';
import type { RetailTables } from '../src/retail.js';

describe('retail fixture', () => {
  it('has stores, each with sales', async () => {
    const fx = await loadFixture<RetailTables>('fixtures/retail-tiny');
    const stores = await fx.rows('store');
    const sales = await fx.rows('sales_daily');
    expect(stores.length).toBeGreaterThan(0);
    for (const s of stores) expect(sales.some((x) => x.store_id === s.store_id)).toBe(true);
  });
});
`,
  );
  // CI=true turns vitest's colours on: the counts are read from the text without them.
  const r = stripVTControlCharacters(await sh(readerApp, COMMANDS.vitest));
  assert.match(r, /Test Files\s+1 passed \(1\)/, r);
  assert.match(r, /Tests\s+1 passed \(1\)/, r);
});

test('the installed CLI runs compiled, builds the goldens byte for byte, writes nothing into its install dir, and db url starts nothing', async (t) => {
  const out = await sh(cliApp, COMMANDS.installCli);
  assert.doesNotMatch(out, /install-scripts|allowScripts/i, out);
  const { names, bytes } = installed(cliApp);
  assert.ok(!names.includes('esbuild') && !names.includes('tsx'), names.join(' '));
  t.diagnostic(`CLI install: ${names.length} packages, ${(bytes / 1e6).toFixed(1)} MB`);
  const installDir = join(cliApp, 'node_modules/fixture-forge');
  const before = hashTree(installDir);

  const dir = (await sh(cliApp, COMMANDS.build)).trim();
  assert.deepEqual(hashTree(dir), hashTree(goldenDir()), 'the compiled CLI builds what the sources build');
  await sh(cliApp, 'npx forge build --dataset retail --seed 42 --profile tiny --jobs 2 --out dist-fixtures --quiet');
  await sh(cliApp, COMMANDS.types);
  assert.equal(readFileSync(join(cliApp, 'test/retail.d.ts'), 'utf8'), readFileSync(join(ROOT, 'examples/types/retail.d.ts'), 'utf8'));

  // A user who cannot write into node_modules (root owns it) builds too.
  if (process.getuid?.() === 0) {
    const [, , uid, gid] = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('postgres:'))!
      .split(':')
      .map(Number);
    const outDir = join(cliApp, 'as-other-user');
    mkdirSync(outDir);
    chownSync(outDir, uid, gid);
    const r = spawnSync(process.execPath, ['node_modules/.bin/forge', 'build', '--profile', 'tiny', '--out', outDir, '--quiet'], {
      cwd: cliApp,
      uid,
      gid,
      encoding: 'utf8',
      env: { ...userEnv(), HOME: outDir },
    });
    assert.equal(r.status, 0, r.stderr);
  }

  const url = spawnSync('npx', ['forge', 'db', 'url'], { cwd: cliApp, encoding: 'utf8', env: userEnv() });
  assert.equal(url.status, 1, url.stdout + url.stderr);
  assert.match(url.stderr, /^forge: the local PostgreSQL \(.*\/cli-app\/\.forge\/pg\) is not running \(start it with forge db start/);
  assert.ok(!existsSync(join(cliApp, '.forge')), 'db url created nothing');
  assert.deepEqual(hashTree(installDir), before, 'nothing in node_modules/fixture-forge changed');

  // fixture-forge/fixtures is the reader, from the compiled package.
  const r = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      "const { loadFixture } = await import('fixture-forge/fixtures'); const fx = await loadFixture(process.argv[1]); console.log(fx.manifest.dataset.name);",
      dir,
    ],
    { cwd: cliApp, encoding: 'utf8', env: userEnv() },
  );
  assert.equal(r.stdout.trim(), 'retail', r.stderr);
});

test('forge init from the installed package: a dataset module in the project, built by name, byte-identical with workers, valid', async () => {
  // The CLI test above installed forge into cliApp; this one needs it too.
  if (!existsSync(join(cliApp, 'node_modules/fixture-forge'))) await sh(cliApp, COMMANDS.installCli);
  const installDir = join(cliApp, 'node_modules/fixture-forge');
  const before = hashTree(installDir);
  cpSync(join(ROOT, 'test/init/schemas/chinook.sql'), join(cliApp, 'schema.sql'));
  const init = await sh(cliApp, COMMANDS.init);
  assert.match(init, /^forge build --dataset shop --profile tiny$/m, init);
  const files = readdirSync(join(cliApp, 'generators/shop'), { recursive: true }).map(String);
  assert.ok(files.includes('index.js') && files.includes('source-schema.json') && files.includes(join('tables', 'invoice-line.js')), files.join(' '));
  assert.ok(!files.some((f) => f.endsWith('.ts')), 'plain JavaScript: no TypeScript runs in an installed project');
  assert.match(readFileSync(join(cliApp, 'generators/shop/tables/customer.js'), 'utf8'), /from 'fixture-forge\/dataset'/);

  const dir = (await sh(cliApp, COMMANDS.buildInit)).trim();
  const two = (await sh(cliApp, 'npx forge build --dataset shop --profile tiny --out fixtures-2 --jobs 2 --quiet')).trim();
  assert.deepEqual(hashTree(two), hashTree(dir), 'the same bytes with two build workers (they import the project module too)');
  // Chosen by a config file or FORGE_DATASET instead of --dataset: found the same way.
  writeFileSync(join(cliApp, 'shop.yaml'), 'dataset: shop\nprofile: tiny\n');
  const byConfig = (await sh(cliApp, 'npx forge build --config shop.yaml --out fixtures-3 --quiet')).trim();
  assert.deepEqual(hashTree(byConfig), hashTree(dir), 'the dataset named in the config file');
  const byEnv = spawnSync('npx', ['forge', 'build', '--profile', 'tiny', '--out', 'fixtures-4', '--quiet'], {
    cwd: cliApp,
    encoding: 'utf8',
    env: { ...userEnv(), FORGE_DATASET: 'shop' },
  });
  assert.equal(byEnv.status, 0, byEnv.stderr);
  assert.deepEqual(hashTree(byEnv.stdout.trim()), hashTree(dir), 'the dataset named by FORGE_DATASET');
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  assert.equal(manifest.tables.length, 11);
  assert.ok(manifest.tables.every((t: { rows: number }) => t.rows > 0));
  const validate = stripVTControlCharacters(await sh(cliApp, `npx forge validate ${dir}`));
  assert.match(validate, /all validations passed/, validate);
  // A second init of the same name is refused; a built-in dataset's name too.
  const again = spawnSync('npx', ['forge', 'init', '--from-sql', 'schema.sql', '--name', 'shop'], { cwd: cliApp, encoding: 'utf8', env: userEnv() });
  assert.equal(again.status, 2, again.stderr);
  assert.match(again.stderr, /already exists.*--force/);
  const builtIn = spawnSync('npx', ['forge', 'init', '--from-sql', 'schema.sql', '--name', 'retail'], { cwd: cliApp, encoding: 'utf8', env: userEnv() });
  assert.match(builtIn.stderr, /dataset retail already exists and was not made by forge init/);
  // fixture-forge/dataset and fixture-forge/testing carry declarations: a TypeScript project type-checks against them.
  writeFileSync(
    join(cliApp, 'typed.ts'),
    [
      "import { col } from 'fixture-forge/dataset';",
      "import { freshDatabase, releaseSpares, type FreshDatabase } from 'fixture-forge/testing';",
      "export const id = col.integer('id').primaryKey();",
      'export async function use(): Promise<string> {',
      "  const db: FreshDatabase = await freshDatabase({ from: 'fixtures/x', spares: 0 });",
      '  await releaseSpares();',
      '  return db.url;',
      '}',
      '// @ts-expect-error: spares is a number',
      "export const bad = () => freshDatabase({ from: 'x', spares: 'two' });",
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(cliApp, 'tsconfig.typed.json'),
    JSON.stringify({
      compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: [] },
      files: ['typed.ts'],
    }),
  );
  // The TypeScript that the reader test installed (this project has none of its own).
  const tsc = spawnSync(process.execPath, [join(readerApp, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.typed.json'], { cwd: cliApp, encoding: 'utf8' });
  assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
  assert.deepEqual(hashTree(installDir), before, 'nothing in node_modules/fixture-forge changed');
});

test('the README shows every command these tests run', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  for (const [name, command] of Object.entries(COMMANDS)) assert.ok(readme.includes(command), `README lacks the ${name} command: ${command}`);
});
