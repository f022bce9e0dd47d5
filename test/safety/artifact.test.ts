/**
 * Safety: an artifact is data, never code. Nothing from the manifest is
 * executed; a manifest "fixed" after an edit is caught; links and swapped
 * files are refused; archives extract only the files the manifest lists.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, createWriteStream, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { before, test } from 'node:test';
import { pack as tarPack, extract } from 'tar-stream';
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { forge, tempCluster, tempDir } from '../helpers.ts';
import { assertOneLine, buildTiny, forgeAsync, sql, tablesIn } from './helpers.ts';

const server = tempCluster();
let out: string;
let artifact: string;

before(async () => {
  out = tempDir();
  artifact = buildTiny(out);
});

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
function copyOf(name: string): string {
  const dir = join(out, name);
  cpSync(artifact, dir, { recursive: true });
  return dir;
}
const readManifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
const writeManifest = (dir: string, m: unknown) => writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m, null, 2) + '\n');
/** Rewrites a file and "fixes" its sha256 and size in the manifest (and, if asked, in SHA256SUMS). */
function forgeFile(dir: string, rel: string, text: string, fixSums: boolean): void {
  writeFileSync(join(dir, rel), text);
  const m = readManifest(dir);
  for (const t of m.tables)
    for (const f of Object.values(t.files) as { path: string; sha256: string; bytes: number }[])
      if (f.path === rel) Object.assign(f, { sha256: sha(text), bytes: Buffer.byteLength(text) });
  if (fixSums) {
    const sums = readFileSync(join(dir, 'SHA256SUMS'), 'utf8').replace(new RegExp(`^[0-9a-f]{64}(  ${rel})$`, 'm'), `${sha(text)}$1`);
    writeFileSync(join(dir, 'SHA256SUMS'), sums);
    const entry = m.files.find((f: { path: string }) => f.path === 'SHA256SUMS');
    Object.assign(entry, { sha256: sha(sums), bytes: Buffer.byteLength(sums) });
  }
  writeManifest(dir, m);
}

test('no SQL from manifest.json is ever run: a check carrying a second statement is refused before the database is touched', async () => {
  await server.createDatabase('inject');
  await sql(server, 'inject', 'CREATE SCHEMA app; CREATE TABLE app.victim (id int)');
  const dir = copyOf('inject');
  const m = readManifest(dir);
  const store = m.tables.find((t: { name: string }) => t.name === 'store');
  const check = store.constraints.find((c: { kind: string }) => c.kind === 'check');
  check.sql = check.sql.replace(/;$/, '; DROP TABLE app.victim;');
  writeManifest(dir, m);
  assertOneLine(
    forge(['load', dir, '--db', server.url('inject')]),
    /manifest\.json, table store: constraint store_store_type_valid is not what the table's declared fields make/,
  );
  const key = Object.keys(store.checks)[0];
  store.checks[key] = `${store.checks[key]}); DROP TABLE app.victim; --`;
  check.sql = `ALTER TABLE ONLY store ADD CONSTRAINT ${check.name} CHECK (${store.checks[key]});`;
  writeManifest(dir, m);
  assertOneLine(forge(['load', dir, '--db', server.url('inject')]), /check store_type_valid is not one SQL expression \(a "\)" closes more than it opened\)/);
  store.checks[key] = 'pg_terminate_backend(pg_backend_pid()) OR true';
  check.sql = `ALTER TABLE ONLY store ADD CONSTRAINT ${check.name} CHECK (${store.checks[key]});`;
  writeManifest(dir, m);
  assertOneLine(forge(['load', dir, '--db', server.url('inject')]), /"pg_terminate_backend" is not allowed in an expression/);
  assert.deepEqual(await tablesIn(server, 'inject'), ['app.victim']);
});

test('a data file edited and "fixed" in the manifest is caught: SHA256SUMS disagrees, and row counts must match the manifest', async () => {
  await server.createDatabase('fixed');
  const csv = copyOf('fixed-csv');
  forgeFile(csv, 'data/store.csv', readFileSync(join(csv, 'data/store.csv'), 'utf8').replace('S0001', 'S0009'), false);
  assertOneLine(forge(['load', csv, '--quiet', '--db', server.url('fixed')]), /SHA256SUMS and manifest\.json disagree on data\/store\.csv/);
  assertOneLine(forge(['verify', csv, '--db', server.url('fixed')]), /SHA256SUMS and manifest\.json disagree on data\/store\.csv/);
  const json = copyOf('fixed-json');
  const lines = readFileSync(join(json, 'data/store.json'), 'utf8').trim().split('\n');
  const rows = lines.slice(1, -1).map((l) => l.replace(/,$/, ''));
  const tenfold = [
    '[',
    ...Array.from({ length: 10 }, () => rows)
      .flat()
      .map((r, i, all) => (i < all.length - 1 ? `${r},` : r)),
    ']',
    '',
  ].join('\n');
  forgeFile(json, 'data/store.json', tenfold, true);
  assertOneLine(forge(['verify', json, '--db', server.url('fixed')]), /artifact file data\/store\.json holds 60 rows, manifest\.json says 6 for table store/);
  assertOneLine(
    forge(['load', json, '--quiet', '--db', server.url('fixed')]),
    /artifact file data\/store\.json holds 60 rows, manifest\.json says 6 for table store/,
  );
  assert.deepEqual(await tablesIn(server, 'fixed'), []);
});

test("the manifest's sha256 is the artifact's identity: recorded by load, printed by status and verify, and --manifest-sha256 pins it", async () => {
  await server.createDatabase('identity');
  const id = sha(readFileSync(join(artifact, 'manifest.json')));
  assertOneLine(
    forge(['load', artifact, '--db', server.url('identity'), '--manifest-sha256', 'f'.repeat(64)]),
    new RegExp(`manifest sha256 is ${id}, not the pinned f{64}`),
  );
  assert.equal(forge(['load', artifact, '--db', server.url('identity'), '--manifest-sha256', id, '--quiet']).code, 0);
  assert.match(forge(['status', '--db', server.url('identity')]).stdout, new RegExp(`manifest sha256 ${id}`));
  assert.match(forge(['verify', artifact, '--db', server.url('identity')]).stdout, new RegExp(`\\(manifest sha256 ${id}\\)`));
  assert.deepEqual(await sql(server, 'identity', 'SELECT manifest_sha256 FROM forge.loaded_fixture'), [{ manifest_sha256: id }]);
});

test('a data file that is a link, or a folder that is one, is refused: /etc/passwd never goes through COPY', async () => {
  await server.createDatabase('links');
  const dir = copyOf('links');
  rmSync(join(dir, 'data/store.csv'));
  symlinkSync('/etc/passwd', join(dir, 'data/store.csv'));
  assertOneLine(forge(['load', dir, '--db', server.url('links')]), /artifact file data\/store\.csv is a symbolic link/);
  const moved = copyOf('links-dir');
  cpSync(join(moved, 'data'), join(out, 'elsewhere'), { recursive: true });
  rmSync(join(moved, 'data'), { recursive: true });
  symlinkSync(join(out, 'elsewhere'), join(moved, 'data'));
  assertOneLine(forge(['verify', moved, '--db', server.url('links')]), /is under data, which is a symbolic link/);
  assert.deepEqual(await tablesIn(server, 'links'), []);
});

test('a file swapped while the load runs is caught (by the checksum check or the hash of what COPY sends), and nothing is committed', async () => {
  await server.createDatabase('swapped');
  const local = forge(['build', '--profile', 'local', '--formats', 'csv', '--out', join(out, 'local'), '--quiet']);
  assert.equal(local.code, 0, local.stderr);
  const dir = local.stdout.trim();
  // Into an empty target the load is one transaction, tables in manifest order: the last table's file is read last.
  const last = (JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).tables as { files: { csv: { path: string } } }[]).at(-1)!.files.csv.path;
  const csv = join(dir, last);
  const original = readFileSync(csv, 'utf8');
  // One value's last digit changed: the file still parses and satisfies every check; only its bytes differ.
  const firstRowEnd = original.indexOf('\n', original.indexOf('\n') + 1);
  const digit = Number(original[firstRowEnd - 1]);
  assert.ok(Number.isInteger(digit), `the first row of ${last} ends with a digit`);
  const edited = original.slice(0, firstRowEnd - 1) + String((digit % 9) + 1) + original.slice(firstRowEnd);
  const loading = forgeAsync(['load', dir, '--quiet', '--db', server.url('swapped')]);
  // Swap it once the first COPY runs (the big tables come before it).
  for (let i = 0; i < 4000; i++) {
    if ((await sql(server, 'swapped', "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'COPY %'")).length) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  writeFileSync(csv, edited);
  const r = await loading;
  writeFileSync(csv, original);
  // The files' checksums are checked while the load copies: whichever reads the swapped bytes first
  // (that check, or the hash of what COPY sends) refuses them; either way nothing is committed.
  assertOneLine(r, new RegExp(`artifact file ${last.replace('.', '\\.')} (changed while it was being loaded|does not match its sha256)`));
  assert.deepEqual(await tablesIn(server, 'swapped'), []);
  assert.deepEqual(await sql(server, 'swapped', "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'forge_staging_%'"), []);
});

/** The archive `forge pack` makes, re-packed with `extra` entries appended. */
async function repack(archive: string, to: string, extra: { name: string; size: number }[]): Promise<void> {
  const ex = extract();
  const p = tarPack();
  const done = pipeline(p, createGzip(), createWriteStream(to));
  const reading = pipeline(createReadStream(archive), createGunzip(), ex);
  for await (const entry of ex) {
    const chunks: Buffer[] = [];
    for await (const c of entry) chunks.push(c as Buffer);
    p.entry(entry.header, Buffer.concat(chunks));
  }
  await reading;
  for (const e of extra) {
    const s = p.entry({ name: e.name, size: e.size, type: 'file' });
    const block = Buffer.alloc(1 << 20);
    for (let left = e.size; left > 0; left -= block.length) s.write(left >= block.length ? block : block.subarray(0, left));
    (s as unknown as { end(): void }).end();
  }
  p.finalize();
  await done;
}

test('an archive is extracted only as far as its manifest lists: an unlisted 200 MB file is refused before it is written', async () => {
  const tmp = tempDir('forge-tmp-');
  const packed = forge(['pack', artifact, '--output', join(out, 'base.tar.gz')]);
  assert.equal(packed.code, 0, packed.stderr);
  const root = readdirSync(artifact).length && `retail-${readManifest(artifact).dataset.version}-seed-42-tiny`;
  const bomb = join(out, 'bomb.tar.gz');
  await repack(join(out, 'base.tar.gz'), bomb, [{ name: `${root}/data/aaa.bin`, size: 200 << 20 }]);
  assert.ok(statSync(bomb).size < 1 << 20, 'a small archive');
  assertOneLine(
    forge(['verify', bomb, '--db', server.url()], { env: { TMPDIR: tmp } }),
    /it holds data\/aaa\.bin, which the manifest does not list \(209715200 bytes\)/,
  );
  assert.deepEqual(readdirSync(tmp), [], 'nothing left in the temp dir');
});
