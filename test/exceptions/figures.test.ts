/**
 * The exceptions dataset against seed document 000's figures, read back from
 * a built artifact (the CLI in a child process): tenants, tools, playbooks,
 * id style, SLA offsets, status/severity/playbook/tool-success mixes, amounts
 * and source systems by domain, timelines, and tenant isolation.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { forge, readJson, tempDir } from '../helpers.ts';

type R = Record<string, any>;
let dir: string;
let t: Record<string, R[]>;
const COUNT = 1500;
const REF = Date.parse('2025-01-15T12:00:00Z');
const HOUR = 3_600_000;
const FIN = 'TENANT_FINANCE_001';
const HLT = 'TENANT_HEALTH_001';

before(() => {
  const r = forge(['build', '--dataset', 'exceptions', '--set', `count=${COUNT}`, '--formats', 'json', '--out', tempDir(), '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  dir = r.stdout.trim();
  t = {};
  for (const name of [
    'tenant',
    'domain_pack',
    'tenant_policy_pack',
    'tool',
    'tool_enablement',
    'playbook',
    'playbook_step',
    'exception',
    'exception_event',
    'tool_execution',
  ]) {
    t[name] = readJson(join(dir, 'data', `${name}.json`)) as R[];
  }
});

const share = (xs: R[], f: (x: R) => boolean) => xs.filter(f).length / xs.length;
const near = (actual: number, expected: number, tol: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual.toFixed(3)} not within ${expected} ± ${tol}`);

test('the two demo tenants, with their names and domains; packs from the shipped files', () => {
  assert.deepEqual(
    t.tenant.map((x) => [x.tenant_id, x.name, x.domain, x.status]),
    [
      [FIN, 'Finance Trading Demo Tenant', 'CapitalMarketsTrading', 'ACTIVE'],
      [HLT, 'Healthcare Claims Demo Tenant', 'HealthcareClaimsAndCareOps', 'ACTIVE'],
    ],
  );
  assert.deepEqual(
    t.domain_pack.map((p) => [p.domain_name, p.source]),
    [
      ['CapitalMarketsTrading', 'file'],
      ['HealthcareClaimsAndCareOps', 'file'],
    ],
  );
  const shipped = JSON.parse(readFileSync(new URL('../../generators/exceptions/domainpacks/finance.sample.json', import.meta.url), 'utf8'));
  assert.deepEqual(t.domain_pack[0].pack, shipped);
  assert.deepEqual(
    t.tenant_policy_pack.map((p) => [p.tenant_id, p.domain_name, p.source, p.pack.tenantId]),
    [
      [FIN, 'CapitalMarketsTrading', 'file', FIN],
      [HLT, 'HealthcareClaimsAndCareOps', 'file', HLT],
    ],
  );
});

test('tools: 3 global, 3 per tenant from its domain plus 1 dummy, every tenant tool explicitly enabled', () => {
  const global = t.tool.filter((x) => x.tenant_id === null);
  assert.deepEqual(
    global.map((x) => x.name),
    ['notifySlack', 'sendEmail', 'createJiraTicket'],
  );
  assert.ok(global.every((x) => x.scope === 'global'));
  const own = (tenant: string) => t.tool.filter((x) => x.tenant_id === tenant);
  assert.deepEqual(
    own(FIN).map((x) => [x.name, x.provider]),
    [
      ['getOrder', 'http'],
      ['getAllocations', 'http'],
      ['repairAllocation', 'http'],
      ['dummyToolFIN', 'dummy'],
    ],
  );
  assert.deepEqual(
    own(HLT).map((x) => [x.name, x.provider]),
    [
      ['getClaim', 'http'],
      ['getAuthorization', 'http'],
      ['reprocessClaim', 'http'],
      ['dummyToolHLT', 'dummy'],
    ],
  );
  assert.ok(t.tool.every((x) => x.endpoint_url.startsWith('http://localhost:8000/demo/tools/')));
  assert.deepEqual(
    t.tool_enablement.map((e) => [e.tenant_id, e.tool_id, e.enabled]),
    t.tool.filter((x) => x.tenant_id !== null).map((x) => [x.tenant_id, x.tool_id, true]),
  );
});

test("6 playbooks per tenant, each with 3-6 steps of the document's kinds; call_tool steps name a tool the tenant may use", () => {
  for (const tenant of [FIN, HLT]) assert.equal(t.playbook.filter((p) => p.tenant_id === tenant).length, 6);
  const kinds = new Set(['notify', 'assign_owner', 'set_status', 'add_comment', 'call_tool', 'escalate']);
  const toolOf = new Map(t.tool.map((x) => [x.tool_id, x]));
  for (const p of t.playbook) {
    const steps = t.playbook_step.filter((s) => s.playbook_id === p.playbook_id);
    assert.ok(steps.length >= 3 && steps.length <= 6, `playbook ${p.playbook_id} has ${steps.length} steps`);
    assert.deepEqual(
      steps.map((s) => s.step_order),
      steps.map((_, i) => i + 1),
    );
    for (const s of steps) {
      assert.ok(kinds.has(s.action_type), s.action_type);
      assert.equal(s.tenant_id, p.tenant_id);
      assert.equal(s.tool_id !== null, s.action_type === 'call_tool');
      if (s.tool_id !== null) assert.ok([null, p.tenant_id].includes(toolOf.get(s.tool_id)!.tenant_id), `step ${s.step_id} calls another tenant's tool`);
    }
    assert.deepEqual(Object.keys(p.conditions).sort(), ['domain', 'exceptionType', 'policyTags', 'severityIn']);
  }
  assert.ok(new Set(t.playbook_step.map((s) => s.action_type)).size === 6, 'every kind of step occurs');
});

test('exceptions: count per tenant, id style, SLA deadlines exact by severity, created in the 7 days before the reference time', () => {
  const ex = t.exception;
  for (const tenant of [FIN, HLT]) assert.equal(ex.filter((x) => x.tenant_id === tenant).length, COUNT);
  const sla: Record<string, number> = { CRITICAL: 2, HIGH: 8, MEDIUM: 24, LOW: 72 };
  for (const x of ex) {
    const m = /^EXC-(FIN|HLT)-(\d{8})-(\d{5})$/.exec(x.exception_id);
    assert.ok(m, x.exception_id);
    assert.equal(m[1], x.tenant_id === FIN ? 'FIN' : 'HLT');
    assert.equal(m[2], x.created_at.slice(0, 10).replaceAll('-', ''));
    const created = Date.parse(x.created_at);
    assert.equal(Date.parse(x.sla_deadline) - created, sla[x.severity] * HOUR, `${x.exception_id} ${x.severity}`);
    assert.ok(created <= REF && created >= REF - 7 * 24 * HOUR, x.created_at);
    assert.equal(x.resolved_at !== null, x.status === 'RESOLVED');
  }
  assert.equal(new Set(ex.map((x) => x.exception_id)).size, ex.length);
  assert.equal(ex.filter((x) => x.tenant_id === FIN)[0].exception_id.slice(-6), '-00001');
});

test("status mix 40/30/20/10 with the document's labels, all four severities, 80 % linked to playbooks, some near SLA breach", () => {
  const ex = t.exception;
  assert.deepEqual(new Set(ex.map((x) => x.status)), new Set(['OPEN', 'ANALYZING', 'RESOLVED', 'ESCALATED']));
  for (const tenant of [FIN, HLT]) {
    const mine = ex.filter((x) => x.tenant_id === tenant);
    near(
      share(mine, (x) => x.status === 'OPEN'),
      0.4,
      0.04,
      `${tenant} OPEN`,
    );
    near(
      share(mine, (x) => x.status === 'ANALYZING'),
      0.3,
      0.04,
      `${tenant} ANALYZING`,
    );
    near(
      share(mine, (x) => x.status === 'RESOLVED'),
      0.2,
      0.035,
      `${tenant} RESOLVED`,
    );
    near(
      share(mine, (x) => x.status === 'ESCALATED'),
      0.1,
      0.03,
      `${tenant} ESCALATED`,
    );
    near(
      share(mine, (x) => x.playbook_id !== null),
      0.8,
      0.03,
      `${tenant} linked to a playbook`,
    );
  }
  near(
    share(ex, (x) => x.severity === 'LOW'),
    0.3,
    0.03,
    'LOW',
  );
  near(
    share(ex, (x) => x.severity === 'MEDIUM'),
    0.35,
    0.03,
    'MEDIUM',
  );
  near(
    share(ex, (x) => x.severity === 'HIGH'),
    0.25,
    0.03,
    'HIGH',
  );
  near(
    share(ex, (x) => x.severity === 'CRITICAL'),
    0.1,
    0.02,
    'CRITICAL',
  );
  const unresolved = ex.filter((x) => x.status !== 'RESOLVED');
  const nearBreach = unresolved.filter((x) => Date.parse(x.sla_deadline) > REF && Date.parse(x.sla_deadline) - REF <= HOUR);
  near(nearBreach.length / unresolved.length, 0.15, 0.06, 'near breach (deadline within the hour after the reference time)');
  assert.ok(
    unresolved.some((x) => Date.parse(x.sla_deadline) < REF),
    'some are already breached',
  );
});

test('amounts and source systems by domain', () => {
  const packs = Object.fromEntries(t.domain_pack.map((p) => [p.domain_name, p.pack]));
  for (const x of t.exception) {
    const [lo, hi] = x.tenant_id === FIN ? [1_000, 1_000_000] : [100, 50_000];
    assert.ok(x.amount >= lo && x.amount <= hi, `${x.exception_id}: ${x.amount}`);
    assert.ok(packs[x.domain].sourceSystems.includes(x.source_system), x.source_system);
    assert.ok(
      packs[x.domain].exceptionTypes.some((e: R) => e.name === x.exception_type),
      x.exception_type,
    );
    assert.equal(x.payload.demo, true);
  }
  const fin = t.exception.filter((x) => x.tenant_id === FIN).map((x) => x.amount);
  assert.ok(Math.max(...fin) > 500_000 && Math.min(...fin) < 2_000, 'the finance range is covered');
});

/** The one order the document's event types come in, rebuilt from the exception and its playbook. */
function expectedTimeline(x: R, steps: R[], stepsDone: number): string[] {
  const out = ['ExceptionIngested', 'ExceptionCreated', 'TriageCompleted', 'PolicyEvaluated'];
  if (x.playbook_id === null || x.status === 'OPEN') return out;
  out.push('PlaybookStarted');
  for (const s of steps.slice(0, stepsDone)) {
    if (s.action_type === 'call_tool') out.push('ToolExecutionRequested', 'ToolExecutionCompleted');
    out.push('PlaybookStepCompleted');
  }
  if (x.status === 'RESOLVED') out.push('ResolutionSuggested', 'FeedbackCaptured', 'PlaybookCompleted');
  return out;
}

test('every exception has its full timeline, in the consistent order, times increasing up to the reference time; resolved ones end with PlaybookCompleted', () => {
  const byException = new Map<string, R[]>();
  for (const e of t.exception_event) (byException.get(e.exception_id) ?? byException.set(e.exception_id, []).get(e.exception_id)!).push(e);
  const stepsOf = new Map<number, R[]>();
  for (const s of t.playbook_step) (stepsOf.get(s.playbook_id) ?? stepsOf.set(s.playbook_id, []).get(s.playbook_id)!).push(s);
  assert.equal(byException.size, t.exception.length);
  for (const x of t.exception) {
    const events = byException.get(x.exception_id)!;
    const done = events.filter((e) => e.event_type === 'PlaybookStepCompleted').length;
    assert.deepEqual(
      events.map((e) => e.event_type),
      expectedTimeline(x, stepsOf.get(x.playbook_id) ?? [], done),
      x.exception_id,
    );
    if (x.status === 'RESOLVED') {
      assert.equal(done, stepsOf.get(x.playbook_id)!.length);
      assert.equal(events.at(-1)!.event_type, 'PlaybookCompleted');
      assert.equal(events.at(-1)!.created_at, x.resolved_at);
    }
    assert.deepEqual(
      events.map((e) => e.sequence),
      events.map((_, i) => i + 1),
    );
    for (let i = 1; i < events.length; i++)
      assert.ok(Date.parse(events[i].created_at) > Date.parse(events[i - 1].created_at), `${x.exception_id} event ${i + 1}`);
    assert.equal(events[1].created_at, x.created_at);
    assert.equal(events.at(-1)!.created_at, x.updated_at);
    assert.ok(Date.parse(x.updated_at) <= REF);
    assert.ok(events.every((e) => e.tenant_id === x.tenant_id));
  }
});

test('tool executions: one per completed call_tool step, 90 % succeed, payloads agree with the timeline, tools of the same tenant or global', () => {
  const ex = new Map(t.exception.map((x) => [x.exception_id, x]));
  const steps = new Map(t.playbook_step.map((s) => [s.step_id, s]));
  const tools = new Map(t.tool.map((x) => [x.tool_id, x]));
  const requested = t.exception_event.filter((e) => e.event_type === 'ToolExecutionRequested');
  assert.equal(t.tool_execution.length, requested.length);
  assert.ok(t.tool_execution.length > 1000);
  near(
    share(t.tool_execution, (e) => e.status === 'SUCCEEDED'),
    0.9,
    0.03,
    'tool success',
  );
  const events = new Map(t.exception_event.filter((e) => e.event_type.startsWith('ToolExecution')).map((e) => [`${e.payload.executionId}:${e.event_type}`, e]));
  for (const e of t.tool_execution) {
    const x = ex.get(e.exception_id)!;
    const step = steps.get(e.step_id)!;
    assert.equal(e.tenant_id, x.tenant_id);
    assert.equal(step.playbook_id, x.playbook_id);
    assert.equal(step.action_type, 'call_tool');
    assert.equal(step.tool_id, e.tool_id);
    assert.ok([null, x.tenant_id].includes(tools.get(e.tool_id)!.tenant_id));
    assert.equal(e.requested_at, events.get(`${e.execution_id}:ToolExecutionRequested`)!.created_at);
    assert.equal(e.completed_at, events.get(`${e.execution_id}:ToolExecutionCompleted`)!.created_at);
    assert.equal(events.get(`${e.execution_id}:ToolExecutionCompleted`)!.payload.status, e.status);
    assert.equal(e.duration_ms, Date.parse(e.completed_at) - Date.parse(e.requested_at));
    assert.ok(e.duration_ms >= 200 && e.duration_ms <= 30_000);
    assert.equal(e.input_payload.exceptionId, x.exception_id);
    assert.equal(e.input_payload.demo, true);
    if (e.status === 'FAILED') assert.ok(e.error_message && e.output_payload.error.code);
    else assert.equal(e.error_message, null);
  }
});

test('tenant isolation: every reference stays inside its tenant', () => {
  const tenantOf = (rows: R[], key: string) => new Map(rows.map((r) => [r[key], r.tenant_id]));
  const playbooks = tenantOf(t.playbook, 'playbook_id');
  const exceptions = tenantOf(t.exception, 'exception_id');
  for (const x of t.exception) if (x.playbook_id !== null) assert.equal(playbooks.get(x.playbook_id), x.tenant_id);
  for (const s of t.playbook_step) assert.equal(playbooks.get(s.playbook_id), s.tenant_id);
  for (const e of t.exception_event) assert.equal(exceptions.get(e.exception_id), e.tenant_id);
  for (const e of t.tool_execution) assert.equal(exceptions.get(e.exception_id), e.tenant_id);
});
