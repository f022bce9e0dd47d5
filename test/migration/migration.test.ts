/**
 * The migration dataset (document 002, issue 13 §1), checked from outside:
 * built with the CLI, its files read back for the document's figures, then
 * loaded into a real PostgreSQL, verified, and queried as a non-owner role
 * to see row-level security and the composite foreign keys hold tenants
 * apart, and the declared defaults apply to the application's inserts.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import pg from 'pg';
import { clusterOnDemand, forge, readJson, tempDir } from '../helpers.ts';

type Rec = Record<string, unknown>;
let demo: string;
let multi: string;
const cluster = clusterOnDemand();
const tables = new Map<string, Rec[]>();
const rows = (t: string) => tables.get(t)!;
const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));

before(() => {
  const out = tempDir('forge-migration-');
  for (const profile of ['demo', 'multi']) {
    const r = forge(['build', '--dataset', 'migration', '--profile', profile, '--out', out, '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    if (profile === 'demo') demo = r.stdout.trim();
    else multi = r.stdout.trim();
  }
  for (const t of manifestOf(demo).tables) tables.set(t.name, readJson(join(demo, t.files.json.path)));
});

const DEMO_CLIENT = '11111111-1111-1111-1111-111111111111';
const DEMO_ENGAGEMENT = '22222222-2222-2222-2222-222222222222';

test('fixed demo identities exactly as the document gives them', () => {
  assert.deepEqual(
    rows('client_account').map((c) => [c.id, c.name, c.industry, c.company_size]),
    [[DEMO_CLIENT, 'Demo Corporation', 'Technology', 'Enterprise (10,000+ employees)']],
  );
  assert.deepEqual(
    rows('engagement').map((e) => [e.id, e.client_account_id, e.name, e.engagement_type, e.duration_months]),
    [[DEMO_ENGAGEMENT, DEMO_CLIENT, 'Cloud Migration Initiative 2024', 'Full cloud transformation', 18]],
  );
  const users = rows('app_user').map((u) => [u.email, u.role, u.access_level]);
  assert.deepEqual(users, [
    ['demo@democorp.com', 'Migration Architect', 'full'],
    ['analyst@democorp.com', 'Data Analyst', 'read_write'],
    ['manager@democorp.com', 'Program Manager', 'admin'],
  ]);
});

test('every table populated; every tenant-owned row carries the demo client account; zero orphans', () => {
  const m = manifestOf(demo);
  assert.equal(m.tables.length, 19);
  for (const t of m.tables) {
    assert.ok(t.rows > 0, `${t.name} is empty`);
    if (t.name !== 'client_account') {
      assert.equal(t.tenantColumn, 'client_account_id', t.name);
      for (const r of rows(t.name)) assert.equal(r.client_account_id, DEMO_CLIENT, `${t.name} row without the client account`);
    }
  }
  // Every foreign key (composite ones included) resolves to a row of the referenced table.
  for (const t of m.tables) {
    for (const fk of t.foreignKeys) {
      const keys = new Set(rows(fk.table).map((p) => fk.references.map((c: string) => p[c]).join('|')));
      for (const r of rows(t.name)) {
        const vals = fk.columns.map((c: string) => r[c]);
        if (vals.some((v: unknown) => v === null)) continue;
        assert.ok(keys.has(vals.join('|')), `orphan in ${t.name}: (${fk.columns}) = (${vals}) has no ${fk.table}`);
      }
    }
  }
  // Tenant-owned children reference parents through (client_account_id, id): composite keys in post.sql.
  const post = readFileSync(join(demo, 'post.sql'), 'utf8');
  assert.match(
    post,
    /ALTER TABLE ONLY asset_dependency ADD CONSTRAINT \S+ FOREIGN KEY \(client_account_id, depends_on_asset_id\) REFERENCES asset \(client_account_id, id\);/,
  );
  assert.match(
    post,
    /FOREIGN KEY \(client_account_id, data_import_id, raw_import_record_id\) REFERENCES raw_import_record \(client_account_id, data_import_id, id\)/,
  );
  assert.match(
    post,
    /ALTER TABLE ONLY asset ENABLE ROW LEVEL SECURITY; CREATE POLICY tenant_isolation ON asset USING \(client_account_id = NULLIF\(current_setting\('app\.client_account_id', true\), ''\)::uuid\)/,
  );
  assert.match(post, /ALTER TABLE ONLY discovery_flow ALTER COLUMN flow_type SET DEFAULT 'discovery';/);
});

test('discovery flows: 3 complete at different stages, 1 in progress, 1 failed, each with jsonb state', () => {
  const flows = rows('discovery_flow');
  assert.deepEqual(flows.map((f) => f.status).sort(), ['completed', 'completed', 'completed', 'failed', 'in_progress']);
  const done = flows.filter((f) => f.status === 'completed');
  assert.equal(new Set(done.map((f) => f.current_phase)).size, 3, 'complete flows at different stages');
  for (const f of flows) assert.ok(f.crewai_state && typeof f.crewai_state === 'object' && Object.keys(f.crewai_state as object).length > 0);
});

test('imports: 5 in CSV, JSON and Excel, 1000+ raw CMDB-like records, mappings and history per import', () => {
  const imports = rows('data_import');
  assert.equal(imports.length, 5);
  assert.deepEqual([...new Set(imports.map((i) => i.source_format))].sort(), ['csv', 'json', 'xlsx']);
  const raw = rows('raw_import_record');
  assert.ok(raw.length >= 1000, `${raw.length} raw records`);
  for (const i of imports) {
    const mine = raw.filter((r) => r.data_import_id === i.id);
    assert.equal(mine.length, i.total_records);
    assert.ok(
      rows('field_mapping').some((f) => f.data_import_id === i.id),
      `import ${i.import_name} has field mappings`,
    );
    assert.ok(
      rows('import_processing_step').some((s) => s.data_import_id === i.id),
      `import ${i.import_name} has processing history`,
    );
  }
  const cmdb = raw.find((r) => (r.raw_data as Rec).Hostname !== undefined)!.raw_data as Rec;
  for (const k of ['CI_Name', 'CI_Class', 'Hostname', 'IP_Address', 'OS']) assert.ok(k in cmdb, `CMDB field ${k}`);
  // An asset made from a record has the record's hostname and IP.
  const byId = new Map(raw.map((r) => [r.id, r.raw_data as Rec]));
  for (const a of rows('asset').filter((x) => x.raw_import_record_id)) {
    const d = byId.get(a.raw_import_record_id)!;
    assert.equal(d.Hostname ?? d.fqdn ?? d.Host, a.hostname);
    assert.equal(d.IP_Address ?? d.primaryIp ?? d.IP, a.ip_address);
  }
});

test('exactly 500 assets: 150 applications, 200 Linux/Windows servers, 100 databases, 50 network devices; unique hostnames and private IPv4s', () => {
  const assets = rows('asset');
  assert.equal(assets.length, 500);
  const by = (t: string) => assets.filter((a) => a.asset_type === t);
  assert.deepEqual([by('application').length, by('server').length, by('database').length, by('network_device').length], [150, 200, 100, 50]);
  const os = new Set(by('server').map((s) => s.os_family));
  assert.deepEqual([...os].sort(), ['Linux', 'Windows']);
  assert.equal(new Set(assets.map((a) => a.hostname)).size, 500);
  assert.equal(new Set(assets.map((a) => a.ip_address)).size, 500);
  for (const a of assets) {
    const o = String(a.ip_address).split('.').map(Number);
    assert.equal(o.length, 4);
    assert.ok(
      o.every((x) => Number.isInteger(x) && x >= 0 && x <= 255),
      String(a.ip_address),
    );
    assert.ok(o[0] === 10 || (o[0] === 172 && o[1] >= 16 && o[1] <= 31) || (o[0] === 192 && o[1] === 168), `${a.ip_address} is private`);
    assert.ok(a.business_owner && a.technical_owner, 'owners');
  }
});

test('planning: a 6R strategy per application, 5 waves, an acyclic dependency graph consistent with the waves', () => {
  const assets = rows('asset');
  const apps = assets.filter((a) => a.asset_type === 'application');
  const strategies = rows('migration_strategy');
  assert.deepEqual(strategies.map((s) => s.asset_id).sort(), apps.map((a) => a.id).sort());
  assert.deepEqual([...new Set(strategies.map((s) => s.strategy))].sort(), ['refactor', 'rehost', 'replatform', 'repurchase', 'retain', 'retire']);
  for (const s of strategies) assert.ok(Number(s.estimated_cost_usd) > 0 && s.risk_level);
  const waves = rows('migration_wave');
  assert.deepEqual(
    waves.map((w) => w.wave_number),
    [1, 2, 3, 4, 5],
  );
  const waveNo = new Map(waves.map((w) => [w.id, w.wave_number as number]));
  const waveOf = new Map(assets.map((a) => [a.id, waveNo.get(a.wave_id)!]));
  const edges = rows('asset_dependency');
  assert.ok(edges.length > 500);
  const out = new Map<unknown, unknown[]>();
  for (const e of edges) {
    assert.notEqual(e.asset_id, e.depends_on_asset_id, 'self-edge');
    assert.ok(waveOf.get(e.depends_on_asset_id)! <= waveOf.get(e.asset_id)!, 'a dependency in a later wave than its dependent');
    out.set(e.asset_id, [...(out.get(e.asset_id) ?? []), e.depends_on_asset_id]);
  }
  // Acyclic: Kahn's algorithm removes every node.
  const indeg = new Map(assets.map((a) => [a.id, 0]));
  for (const e of edges) indeg.set(e.depends_on_asset_id, indeg.get(e.depends_on_asset_id)! + 1);
  const queue = assets.filter((a) => indeg.get(a.id) === 0).map((a) => a.id);
  let seen = 0;
  while (queue.length) {
    const n = queue.pop();
    seen++;
    for (const m of out.get(n) ?? []) {
      indeg.set(m, indeg.get(m)! - 1);
      if (indeg.get(m) === 0) queue.push(m);
    }
  }
  assert.equal(seen, assets.length, 'the dependency graph has a cycle');
});

test('assessments, technical debt, security findings, agent history, learning patterns and insights', () => {
  assert.equal(rows('application_assessment').length, 150);
  for (const a of rows('application_assessment')) assert.ok((a.performance_metrics as Rec).avg_response_ms);
  assert.ok(rows('tech_debt_item').length > 0 && rows('security_finding').length > 0);
  const flows = new Set(rows('discovery_flow').map((f) => f.id));
  assert.deepEqual(new Set(rows('agent_execution').map((e) => e.discovery_flow_id)), flows, 'every flow has agent history');
  assert.ok(rows('agent_learning_pattern').length > 0 && rows('agent_insight').length >= rows('agent_execution').length);
});

test('the four demo scenarios are in the data', () => {
  const flows = rows('discovery_flow');
  const scenario = (s: string) => flows.find((f) => f.scenario === s)!;
  const assetsOf = (f: Rec) => rows('asset').filter((a) => a.discovery_flow_id === f.id);
  const importsOf = (f: Rec) => rows('data_import').filter((i) => i.discovery_flow_id === f.id);
  // 1. complete journey: CMDB import completed, all phases, 100 assets analysed, ready for planning.
  const s1 = scenario('complete_discovery_journey');
  assert.equal(s1.status, 'completed');
  assert.deepEqual(
    importsOf(s1).map((i) => [i.import_type, i.status]),
    [['cmdb', 'completed']],
  );
  assert.equal(assetsOf(s1).length, 100);
  assert.ok(assetsOf(s1).every((a) => a.discovery_status === 'analyzed'));
  assert.equal((s1.crewai_state as Rec).ready_for_planning, true);
  // 2. in progress: imported, field mappings awaiting approval.
  const s2 = scenario('in_progress_analysis');
  assert.equal(s2.status, 'in_progress');
  assert.equal(s2.current_phase, 'field_mapping');
  const [imp2] = importsOf(s2);
  assert.equal(imp2.status, 'pending_approval');
  assert.ok(
    rows('field_mapping')
      .filter((f) => f.data_import_id === imp2.id)
      .some((f) => f.status === 'pending_approval'),
  );
  assert.ok(rows('import_processing_step').some((s) => s.data_import_id === imp2.id && s.status === 'awaiting_approval'));
  // 3. complex enterprise: several sources, cross-dependencies, technical debt, wave planning in progress.
  const s3 = scenario('complex_enterprise_environment');
  assert.ok(new Set(importsOf(s3).map((i) => i.source_format)).size >= 2);
  const mine = new Set(assetsOf(s3).map((a) => a.id));
  assert.ok(
    rows('asset_dependency').some((e) => mine.has(e.asset_id) && !mine.has(e.depends_on_asset_id)),
    'cross-dependencies',
  );
  assert.ok(rows('tech_debt_item').some((t) => mine.has(t.asset_id)));
  assert.ok(rows('migration_wave').some((w) => w.status === 'planning'));
  // 4. failed import: validation errors reference real, invalid raw records of that import; recovery options.
  const s4 = scenario('failed_import_recovery');
  assert.equal(s4.status, 'failed');
  const [imp4] = importsOf(s4);
  assert.equal(imp4.status, 'failed');
  const raw = new Map(rows('raw_import_record').map((r) => [r.id, r]));
  const errors = rows('import_validation_error');
  assert.equal(errors.length, imp4.failed_records);
  for (const e of errors) {
    const r = raw.get(e.raw_import_record_id)!;
    assert.ok(r, 'error names a real raw record');
    assert.equal(r.data_import_id, imp4.id);
    assert.equal(r.is_valid, false);
    assert.equal(r.row_number, e.row_number);
  }
  assert.ok(((s4.crewai_state as Rec).recovery_options as string[]).length >= 2);
});

test('loaded into PostgreSQL: verify passes; a non-owner role sees only its tenant through RLS; composite keys refuse cross-tenant references; defaults apply', async () => {
  const server = await cluster();
  for (const [db, dir] of [
    ['demo', demo],
    ['multi', multi],
  ] as const) {
    await server.createDatabase(db);
    const r = forge(['load', dir, '--db', server.url(db), '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    const v = forge(['verify', dir, '--db', server.url(db)]);
    assert.equal(v.code, 0, v.stderr);
    assert.match(v.stdout, /ok: 19 tables/);
  }
  const c = new pg.Client({ connectionString: server.url('multi') });
  await c.connect();
  try {
    const clients = (await c.query('SELECT id FROM client_account ORDER BY id')).rows.map((r) => r.id as string);
    assert.equal(clients.length, 2);
    const other = clients.find((id) => id !== DEMO_CLIENT)!;
    await c.query('CREATE ROLE tenant_app NOLOGIN');
    await c.query('GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA public TO tenant_app');
    await c.query('SET ROLE tenant_app');
    const tablesWithRls = (await c.query("SELECT relname FROM pg_class WHERE relrowsecurity AND relnamespace = 'public'::regnamespace")).rows.length;
    assert.equal(tablesWithRls, 19);
    assert.equal((await c.query('SELECT count(*)::int AS n FROM asset')).rows[0].n, 0, 'no tenant set: nothing visible');
    for (const id of [DEMO_CLIENT, other]) {
      await c.query(`SET app.client_account_id = '${id}'`);
      const seen = (
        await c.query(
          'SELECT DISTINCT client_account_id AS id FROM asset UNION SELECT DISTINCT client_account_id FROM raw_import_record UNION SELECT id FROM client_account',
        )
      ).rows.map((r) => r.id);
      assert.deepEqual(seen, [id]);
      assert.equal((await c.query('SELECT count(*)::int AS n FROM asset')).rows[0].n, 500);
    }
    // Writing a row for another tenant is refused by the policy's WITH CHECK.
    await c.query(`SET app.client_account_id = '${DEMO_CLIENT}'`);
    await assert.rejects(
      c.query(
        `INSERT INTO migration_wave (id, client_account_id, engagement_id, wave_number, name, planned_start, planned_end, asset_count, estimated_cost_usd, notes) SELECT gen_random_uuid(), '${other}', engagement_id, 6, 'x', '2025-01-01', '2025-02-01', 0, 0, '' FROM migration_wave LIMIT 1`,
      ),
      /row-level security/,
    );
    await c.query('RESET ROLE');
    // A dependency from a demo asset to another tenant's asset cannot exist: the composite key refuses it.
    await assert.rejects(
      c.query(`INSERT INTO asset_dependency (id, client_account_id, engagement_id, asset_id, depends_on_asset_id, dependency_type, criticality, confidence)
               SELECT gen_random_uuid(), a.client_account_id, a.engagement_id, a.id, b.id, 'calls', 'low', 0.5 FROM asset a, asset b
               WHERE a.client_account_id = '${DEMO_CLIENT}' AND b.client_account_id = '${other}' LIMIT 1`),
      /violates foreign key constraint/,
    );
    // The application's inserts get the declared defaults.
    const r = await c.query(`INSERT INTO discovery_flow (id, client_account_id, engagement_id, flow_name, current_phase, scenario, created_by)
                             SELECT gen_random_uuid(), client_account_id, engagement_id, 'new flow', 'data_import', 'none', created_by FROM discovery_flow LIMIT 1
                             RETURNING flow_type, status, progress_percentage::text AS p, crewai_state::text AS s, started_at IS NOT NULL AS started`);
    assert.deepEqual(r.rows[0], { flow_type: 'discovery', status: 'in_progress', p: '0.00', s: '{}', started: true });
  } finally {
    await c.end();
  }
});
