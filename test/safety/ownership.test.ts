/**
 * Safety: a load or delete touches the fixture's own tables and nothing
 * else. No CASCADE into objects forge did not create; a table no forge load
 * put there is not replaced unless named; concurrent first loads do not race.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { forge, tempCluster, tempDir } from '../helpers.ts';
import { assertOneLine, buildTiny, forgeAsync, sql } from './helpers.ts';

const server = tempCluster();
let artifact: string;

before(async () => {
  artifact = buildTiny(tempDir());
});

const run = (db: string, ...args: string[]) => forge([...args, '--db', server.url(db)]);
const load = (db: string, ...extra: string[]) => run(db, 'load', artifact, '--quiet', ...extra);
const count = async (db: string, table: string) => Number((await sql<{ n: string }>(server, db, `SELECT count(*) AS n FROM ${table}`))[0].n);
const exists = async (db: string, regclass: string) => (await sql<{ r: string | null }>(server, db, `SELECT to_regclass('${regclass}') AS r`))[0].r !== null;
const constraintExists = async (db: string, name: string) => (await sql(server, db, `SELECT 1 FROM pg_constraint WHERE conname = '${name}'`)).length > 0;

/** A database with the fixture loaded and someone else's schema that leans on it. */
async function withCrm(db: string): Promise<void> {
  await server.createDatabase(db);
  assert.equal(load(db).code, 0);
  await sql(
    server,
    db,
    `CREATE SCHEMA crm;
     CREATE TABLE crm.orders (id int PRIMARY KEY, store_id int NOT NULL CONSTRAINT orders_store_fk REFERENCES public.store (store_id));
     INSERT INTO crm.orders SELECT g, 1 + g % 6 FROM generate_series(1, 100) g;
     CREATE VIEW crm.store_report AS SELECT s.store_id, count(o.id) AS orders FROM public.store s LEFT JOIN crm.orders o USING (store_id) GROUP BY 1;
     CREATE VIEW crm.store_report_top AS SELECT * FROM crm.store_report WHERE orders > 10;`,
  );
}

test('a replace never cascades: a foreign key from another schema and views on the table are named, and the load is refused with everything intact', async () => {
  await withCrm('cascade');
  const r = load('cascade', '--confirm');
  assertOneLine(
    r,
    /replacing public\.store, .* would affect 3 object\(s\) forge did not create: constraint orders_store_fk on table crm\.orders; view crm\.store_report_top; view crm\.store_report .*--drop-dependents/,
  );
  assert.equal(await count('cascade', 'crm.orders'), 100);
  assert.ok(await exists('cascade', 'crm.store_report_top'));
  assert.ok(await constraintExists('cascade', 'orders_store_fk'));
  const dry = run('cascade', 'load', artifact, '--confirm', '--dry-run');
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /refused without --drop-dependents: 3 object\(s\)/);
  assert.doesNotMatch(dry.stdout, /(DROP|TRUNCATE) [^\n]*(?<!no )CASCADE/);
});

test('--drop-dependents lists in --dry-run exactly what it drops, drops only that, and says so; other tables keep their rows', async () => {
  await withCrm('dropdeps');
  const dry = run('dropdeps', 'load', artifact, '--confirm', '--drop-dependents', '--dry-run');
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /ALTER TABLE "crm"\."orders" DROP CONSTRAINT "orders_store_fk";\s+-- constraint orders_store_fk on table crm\.orders/);
  assert.match(dry.stdout, /DROP VIEW "crm"\."store_report_top";[^\n]*\n[^\n]*DROP VIEW "crm"\."store_report";/, 'views on views first');
  assert.ok(await exists('dropdeps', 'crm.store_report'), 'the dry run changed nothing');
  const r = load('dropdeps', '--confirm', '--drop-dependents');
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stderr,
    /dropped 3 object\(s\) that depended on the replaced tables \(--drop-dependents\): constraint orders_store_fk on table crm\.orders; view crm\.store_report_top; view crm\.store_report/,
  );
  assert.equal(await count('dropdeps', 'crm.orders'), 100);
  assert.equal(await exists('dropdeps', 'crm.store_report'), false);
  assert.equal(await constraintExists('dropdeps', 'orders_store_fk'), false);
  assert.equal(run('dropdeps', 'verify', artifact).code, 0);
});

test('delete never empties or drops a table forge did not create: dimensions and all are refused naming the foreign key, and --drop-dependents drops only the key', async () => {
  await withCrm('deletes');
  assert.equal(run('deletes', 'delete', '--scope', 'facts', '--confirm').code, 0);
  assertOneLine(
    run('deletes', 'delete', '--scope', 'dimensions', '--confirm'),
    /emptying public\.store, .* would affect 1 object\(s\) forge did not create: constraint orders_store_fk on table crm\.orders/,
  );
  assertOneLine(run('deletes', 'delete', '--scope', 'all', '--confirm'), /dropping public\.\w+, .* would affect 3 object\(s\).*view crm\.store_report/);
  assert.equal(await count('deletes', 'crm.orders'), 100);
  assert.equal(await count('deletes', 'public.store'), 6);
  const dry = run('deletes', 'delete', '--scope', 'dimensions', '--drop-dependents', '--dry-run');
  assert.match(dry.stdout, /DROP CONSTRAINT "orders_store_fk"/);
  assert.doesNotMatch(dry.stdout, /(DROP|TRUNCATE) [^\n]*(?<!no )CASCADE/);
  const r = run('deletes', 'delete', '--scope', 'dimensions', '--confirm', '--drop-dependents');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /dropped 1 object\(s\).*orders_store_fk/);
  assert.equal(await count('deletes', 'public.store'), 0);
  assert.equal(await count('deletes', 'crm.orders'), 100, 'the other table kept its rows');
  assert.ok(await exists('deletes', 'crm.store_report'), 'emptying does not drop views');
});

test('triggers someone added on a fixture table, and triggers elsewhere whose function uses it, are named before a replace', async () => {
  await server.createDatabase('triggers');
  assert.equal(load('triggers').code, 0);
  await sql(
    server,
    'triggers',
    `CREATE TABLE audit (at timestamptz DEFAULT now(), what text);
     CREATE FUNCTION note() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO audit (what) VALUES (TG_OP); RETURN NULL; END $$;
     CREATE TRIGGER store_audit AFTER INSERT ON store FOR EACH STATEMENT EXECUTE FUNCTION note();
     CREATE FUNCTION touch_store() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE store SET name = name WHERE false; RETURN NULL; END $$;
     CREATE TRIGGER audit_touch AFTER INSERT ON audit FOR EACH STATEMENT EXECUTE FUNCTION touch_store();`,
  );
  assertOneLine(
    load('triggers', '--confirm'),
    /would affect 2 object\(s\) forge did not create: trigger store_audit on table public\.store; trigger audit_touch on table public\.audit \(its function touch_store uses store\)/,
  );
});

test('a table no forge load put there is not replaced, even with --confirm, unless named with --replace-unowned', async () => {
  await server.createDatabase('unowned');
  assert.equal(forge(['load', artifact, '--schema', 'other', '--quiet', '--db', server.url('unowned')]).code, 0);
  await sql(
    server,
    'unowned',
    "CREATE TABLE public.store (LIKE other.store); INSERT INTO public.store SELECT * FROM other.store LIMIT 1; UPDATE public.store SET name = 'mine'",
  );
  assertOneLine(
    load('unowned', '--confirm'),
    /no forge load put public\.store there \(no forge\.loaded_fixture record\); --confirm does not replace it \(.*--replace-unowned store/,
  );
  assert.deepEqual(await sql(server, 'unowned', 'SELECT name FROM public.store'), [{ name: 'mine' }]);
  const dry = run('unowned', 'load', artifact, '--confirm', '--dry-run');
  assert.match(dry.stdout, /refused without --replace-unowned store: no forge load put store in public/);
  const r = load('unowned', '--confirm', '--replace-unowned', 'store');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(run('unowned', 'verify', artifact).code, 0);
});

test('two first loads into two schemas of one database at the same time both succeed (the forge schema is created once)', async () => {
  for (let round = 0; round < 4; round++) {
    const db = `race${round}`;
    await server.createDatabase(db);
    const [a, b] = await Promise.all(['one', 'two'].map((schema) => forgeAsync(['load', artifact, '--schema', schema, '--quiet', '--db', server.url(db)])));
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    assert.deepEqual(
      (await sql<{ schema_name: string }>(server, db, 'SELECT schema_name FROM forge.loaded_fixture ORDER BY 1')).map((r) => r.schema_name),
      ['one', 'two'],
    );
  }
});
