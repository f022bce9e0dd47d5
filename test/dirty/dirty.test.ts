/**
 * forge build --dirty, as a user runs it: a marked variant whose manifest
 * lists every defect, and nothing else differs from the clean build; each
 * listed defect breaks its rule (checked here independently of forge);
 * deterministic whatever --jobs; and its load path (relaxed tables in one
 * transaction) puts every defect in a real PostgreSQL exactly as written.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { clusterOnDemand, forge, hashTree, readCsv, tempDir } from '../helpers.ts';
import { KINDS, RATES } from './rates.ts';

let out: string;
let clean: string;
let dirty: string;
let manifest: any;

before(() => {
  out = tempDir('forge-dirty-');
  const c = forge(['build', '--profile', 'tiny', '--formats', 'csv,json', '--out', join(out, 'a'), '--quiet']);
  assert.equal(c.code, 0, c.stderr);
  clean = c.stdout.trim();
  const d = forge(['build', '--profile', 'tiny', ...RATES, '--out', join(out, 'a')]);
  assert.equal(d.code, 0, d.stderr);
  dirty = d.stdout.trim();
  assert.match(d.stderr, /DIRTY artifact: \d+ defects injected, listed in manifest\.json/);
  manifest = JSON.parse(readFileSync(join(dirty, 'manifest.json'), 'utf8'));
});

type Row = (string | null)[];
function rowsByKey(dir: string, table: string): { header: string[]; rows: Row[]; byKey: Map<string, Row[]> } {
  const t = manifest.tables.find((x: any) => x.name === table);
  const { header, rows } = readCsv(join(dir, `data/${table}.csv`));
  const pk = t.primaryKey.map((n: string) => header.indexOf(n));
  const byKey = new Map<string, Row[]>();
  for (const r of rows) {
    const k = pk.map((i: number) => r[i]).join('|');
    byKey.set(k, [...(byKey.get(k) ?? []), r]);
  }
  return { header, rows, byKey };
}

test('a marked variant: its own directory, a manifest flag and defect list, CSV and JSON only', () => {
  assert.match(dirty, /seed-42-tiny-dirty-[0-9a-f]{8}$/);
  assert.ok(manifest.dirty, 'manifest.dirty');
  assert.ok(!existsSync(join(dirty, 'dump.sql.gz')));
  assert.match(readFileSync(join(dirty, 'schema.sql'), 'utf8'), /^-- fixture-forge DIRTY artifact/);
  const kinds = new Set(manifest.dirty.defects.map((d: any) => d.kind));
  for (const k of KINDS) assert.ok(kinds.has(k), `some ${k} (got ${[...kinds].join(', ')})`);
  for (const k of KINDS) assert.equal(manifest.dirty.rates[k], k === 'control_characters' ? 0.3 : 0.08);
  // Default rates: the plain -dirty suffix.
  const d = forge(['build', '--profile', 'tiny', '--dirty', '--out', join(out, 'b'), '--quiet']);
  assert.equal(d.code, 0, d.stderr);
  assert.match(d.stdout.trim(), /seed-42-tiny-dirty$/);
});

test('the rows listed are exactly the rows that differ from the clean build, and only in the listed columns', () => {
  const byTable = new Map<string, any[]>();
  for (const d of manifest.dirty.defects) byTable.set(d.table, [...(byTable.get(d.table) ?? []), d]);
  for (const t of manifest.tables) {
    const c = rowsByKey(clean, t.name);
    const x = rowsByKey(dirty, t.name);
    assert.equal(x.rows.length, c.rows.length, `${t.name}: same number of rows`);
    const listed = new Map((byTable.get(t.name) ?? []).map((d) => [t.primaryKey.map((n: string) => d.key[n]).join('|'), d]));
    assert.equal(listed.size, (byTable.get(t.name) ?? []).length, `${t.name}: one defect per row`);
    for (let i = 0; i < c.rows.length; i++) {
      const key = t.primaryKey.map((n: string) => c.rows[i][c.header.indexOf(n)]).join('|');
      const changed = c.header.filter((_, j) => c.rows[i][j] !== x.rows[i][j]);
      const d = listed.get(key);
      if (!d) {
        assert.deepEqual(changed, [], `${t.name} ${key}: not listed, so unchanged`);
        continue;
      }
      assert.ok(changed.length > 0, `${t.name} ${key}: listed ${d.kind}, so changed`);
      const allowed = d.kind === 'date_out_of_range' && d.check === 'check' ? [d.column.split(',').at(-1)] : d.column.split(',');
      for (const col of changed) assert.ok(allowed.includes(col), `${t.name} ${key}: ${col} changed, ${d.kind} lists ${d.column}`);
    }
    // The JSON file says the same: unchanged rows are byte-identical lines.
    const cj = readFileSync(join(clean, `data/${t.name}.json`), 'utf8').split('\n');
    const xj = readFileSync(join(dirty, `data/${t.name}.json`), 'utf8').split('\n');
    assert.equal(xj.length, cj.length);
    const differing = cj.filter((line, i) => line !== xj[i]).length;
    assert.equal(differing, listed.size, `${t.name}: JSON lines that differ`);
  }
});

test('each listed defect breaks its rule (checked here, without forge)', () => {
  const tables = new Map<string, ReturnType<typeof rowsByKey>>(manifest.tables.map((t: any) => [t.name, rowsByKey(dirty, t.name)]));
  const cleanKeys = (table: string, col: string) => new Set(rowsByKey(clean, table).rows.map((r) => r[rowsByKey(clean, table).header.indexOf(col)]));
  const seen = new Map<string, number>();
  for (const d of manifest.dirty.defects) {
    const t = manifest.tables.find((x: any) => x.name === d.table);
    const { header, rows, byKey } = tables.get(d.table)!;
    const [row] = byKey.get(t.primaryKey.map((n: string) => d.key[n]).join('|'))!;
    const val = (c: string) => row[header.indexOf(c)];
    const col = t.columns.find((c: any) => c.name === d.column);
    switch (d.kind) {
      case 'null_required':
        assert.equal(val(d.column), null);
        assert.equal(col.nullable, false);
        break;
      case 'duplicate_key': {
        const cols = d.column.split(',');
        const same = rows.filter((r) => cols.every((c: string) => r[header.indexOf(c)] === val(c)));
        assert.equal(same.length, 2, `${d.table} ${JSON.stringify(d.key)}: (${d.column}) appears twice`);
        assert.notEqual(same[1], undefined);
        assert.equal(same[1], row, 'the listed row is the later of the two');
        break;
      }
      case 'negative_quantity':
        assert.ok(Number(val(d.column)) < 0);
        assert.ok(Object.values(t.checks).includes(`${d.column} >= 0`));
        break;
      case 'date_out_of_range':
        if (d.check === 'foreign_key') assert.ok(!cleanKeys('calendar', 'date').has(val(d.column)), `${val(d.column)} is not in the calendar`);
        else {
          const [a, b] = d.column.split(',');
          assert.ok(val(b)! < val(a)!, `${d.table}: ${b} ${val(b)} before ${a} ${val(a)}`);
        }
        break;
      case 'orphan_reference': {
        const fk = t.foreignKeys.find((f: any) => f.columns[0] === d.column);
        assert.ok(!cleanKeys(fk.table, fk.references[0]).has(val(d.column)), `${d.column}=${val(d.column)} has no ${fk.table}`);
        break;
      }
      case 'malformed_code':
        assert.ok(val(d.column)!.length > Number(/\((\d+)\)/.exec(col.type)![1]));
        assert.notEqual(val(d.column), val(d.column)!.toUpperCase());
        break;
      case 'wrong_price_scale':
        assert.match(val(d.column)!, /^\d+\.\d{4}$/);
        break;
      case 'control_characters':
        assert.match(val(d.column)!, /\u0007.*\u001b$/s);
        break;
      default:
        assert.fail(`unknown kind ${d.kind}`);
    }
    seen.set(d.kind, (seen.get(d.kind) ?? 0) + 1);
  }
  assert.equal(seen.size, KINDS.length);
});

test('deterministic: the same bytes again, and with --jobs 1 and 2', () => {
  const a = forge(['build', '--profile', 'tiny', ...RATES, '--jobs', '1', '--out', join(out, 'j1'), '--quiet']);
  const b = forge(['build', '--profile', 'tiny', ...RATES, '--jobs', '2', '--out', join(out, 'j2'), '--quiet'], { env: { TZ: 'America/Anchorage' } });
  assert.equal(a.code, 0, a.stderr);
  assert.equal(b.code, 0, b.stderr);
  assert.deepEqual(hashTree(a.stdout.trim()), hashTree(dirty));
  assert.deepEqual(hashTree(b.stdout.trim()), hashTree(dirty));
});

test('bad rates and combinations are one line', () => {
  const kind = forge(['build', '--profile', 'tiny', '--dirty-rate', 'typo=0.1', '--out', join(out, 'x')]);
  assert.equal(kind.code, 2);
  assert.match(kind.stderr, /^forge: unknown defect kind "typo" \(kinds: null_required, duplicate_key/);
  const rate = forge(['build', '--profile', 'tiny', '--dirty-rate', 'null_required=2', '--out', join(out, 'x')]);
  assert.match(rate.stderr, /^forge: --dirty-rate null_required must be a number from 0 to 1, got "2"/);
  const shard = forge(['build', '--profile', 'tiny', '--dirty', '--shard', '1/2', '--out', join(out, 'x')]);
  assert.match(shard.stderr, /^forge: --dirty cannot be combined with --shard or --append-from/);
  for (const r of [kind, rate, shard]) assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.ok(!existsSync(join(out, 'x', 'retail')), 'nothing written');
});

const cluster = clusterOnDemand();

async function copyOut(url: string, sql: string): Promise<string> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const hash = createHash('sha256');
    const stream = c.query(copyTo(sql));
    for await (const chunk of stream) hash.update(chunk as Buffer);
    return hash.digest('hex');
  } finally {
    await c.end();
  }
}

test('it loads into relaxed tables, every defect as written, in one transaction; clean tables elsewhere are untouched', async () => {
  const server = await cluster();
  await server.createDatabase('shop');
  const url = server.url('shop');
  assert.equal(forge(['load', clean, '--db', url, '--quiet']).code, 0);
  const dry = forge(['load', dirty, '--db', url, '--dry-run']);
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /load the DIRTY retail .* into schema dirty, in one transaction/);
  const r = forge(['load', dirty, '--db', url]);
  assert.equal(r.code, 0, r.stderr);
  const total = manifest.tables.reduce((n: number, t: any) => n + t.rows, 0);
  assert.match(
    r.stderr,
    new RegExp(`loaded ${total} rows \\(DIRTY: ${manifest.dirty.defects.length} injected defects, no constraints\\) of retail .* schema dirty`),
  );
  // Every table reads back as the dirty CSV, byte for byte.
  for (const t of manifest.tables) {
    const cols = t.columns.map((c: any) => `"${c.name}"`).join(', ');
    const got = await copyOut(
      url,
      `COPY (SELECT ${cols} FROM dirty."${t.name}" ORDER BY ${t.primaryKey.map((k: string) => `"${k}"`).join(', ')}, ctid) TO STDOUT (FORMAT csv, HEADER)`,
    );
    assert.equal(got, t.files.csv.sha256, `${t.name} holds the dirty CSV as written`);
  }
  assert.equal(forge(['verify', clean, '--db', url]).code, 0, 'the clean load in public is untouched');
  const status = forge(['status', '--db', url]).stdout;
  assert.match(status, /dirty: retail \S+ seed 42 profile tiny-dirty/);
  // Again: replacing needs --confirm, then works.
  const again = forge(['load', dirty, '--db', url]);
  assert.equal(again.code, 1);
  assert.match(again.stderr, new RegExp(`^forge: loading would replace ${manifest.tables.length} existing table\\(s\\) in dirty`));
  assert.equal(forge(['load', dirty, '--db', url, '--confirm', '--quiet']).code, 0);
  // A table forge did not load is never replaced.
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query('CREATE SCHEMA mine; CREATE TABLE mine.store (x int); INSERT INTO mine.store VALUES (7)');
  await c.end();
  const refused = forge(['load', dirty, '--db', url, '--schema', 'mine', '--confirm']);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /^forge: table mine\.store exists and was not loaded by forge/);
  assert.equal(await copyOut(url, 'COPY (SELECT * FROM mine.store) TO STDOUT'), createHash('sha256').update('7\n').digest('hex'));
  const tenant = forge(['load', dirty, '--db', url, '--append']);
  assert.equal(tenant.code, 2);
  assert.match(tenant.stderr, /^forge: a dirty artifact loads only whole/);
});
