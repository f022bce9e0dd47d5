/**
 * The exceptions of document 000 and everything that follows from each one:
 * its attributes, its event timeline and its tool executions. Exception k of
 * tenant t is a pure function of (seed, t, k), and its events and executions
 * are derived from it, so the three tables agree without reading each other
 * and any range of exceptions can be made alone.
 */
import type { GenContext } from '../../src/core/context.ts';
import type { Row } from '../../src/core/dataset.ts';
import { isoFromDay } from '../../src/core/dates.ts';
import { Groups } from '../../src/core/groups.ts';
import { draw } from '../../src/core/hash.ts';
import { chance, floatIn, intIn, pick, type Stream, Weighted } from '../../src/core/random.ts';
import { unitRows } from '../../src/core/rows.ts';
import { timeline } from '../../src/core/timeline.ts';
import { globalTools, playbooksOf, tenantTools, type Playbook, type Step, type Tool } from './catalog.ts';
import { loadPacks, type LoadedPacks } from './packs.ts';
import { selectedTenants, type ExceptionsParams } from './params.ts';
import { TENANTS, type TenantConfig } from './tenants.ts';

export const STATUSES = ['OPEN', 'ANALYZING', 'RESOLVED', 'ESCALATED'] as const;
export type Status = (typeof STATUSES)[number];
/** The document's status distribution: 40 % OPEN, 30 % ANALYZING, 20 % RESOLVED, 10 % ESCALATED. */
export const STATUS_MIX: readonly (readonly [Status, number])[] = [
  ['OPEN', 40],
  ['ANALYZING', 30],
  ['RESOLVED', 20],
  ['ESCALATED', 10],
];
export type Severity = 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
/** Severity mix (the document names the four levels, not their shares). */
export const SEVERITY_MIX: readonly (readonly [Severity, number])[] = [
  ['LOW', 30],
  ['MEDIUM', 35],
  ['HIGH', 25],
  ['CRITICAL', 10],
];
/** SLA deadline after creation, by severity (document: CRITICAL 2h, HIGH 8h, MEDIUM 24h, LOW 72h). */
export const SLA_HOURS: Record<Severity, number> = { CRITICAL: 2, HIGH: 8, MEDIUM: 24, LOW: 72 };
/** Share of exceptions linked to a playbook (document: 80 %). Every RESOLVED one is. */
export const PLAYBOOK_SHARE = 0.8;
/** Share of unresolved exceptions whose deadline falls in the hour after the reference time. */
export const NEAR_BREACH_SHARE = 0.15;
export const TOOL_SUCCESS = 0.9;
export const EVENT_TYPES = [
  'ExceptionIngested',
  'ExceptionCreated',
  'TriageCompleted',
  'PolicyEvaluated',
  'PlaybookStarted',
  'ToolExecutionRequested',
  'ToolExecutionCompleted',
  'PlaybookStepCompleted',
  'ResolutionSuggested',
  'FeedbackCaptured',
  'PlaybookCompleted',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

const HOUR = 3_600_000;
const MINUTE = 60_000;
const DAY = 24 * HOUR;
/** Ids per tenant: tenant t's exceptions, events and executions are numbered from (t + 1) × 10^9. */
const TENANT_ID_SPACE = 1_000_000_000;
/** At most 4 + 1 + 6 × 3 + 3 = 26 events per exception; at most 6 tool calls. */
const EVENTS_PER_EXCEPTION = 32;
const CALLS_PER_EXCEPTION = 8;
const TOOL_CALL_MS = [200, 30_000] as const;
/** RESOLVED's share in STATUS_MIX: those are all linked to a playbook, the others with what makes PLAYBOOK_SHARE overall. */
const RESOLVED_SHARE = 0.2;
/** A near-breach deadline falls this long after the reference time (at most a quarter of the SLA). */
const NEAR_BREACH_MS = { min: 5 * MINUTE, max: HOUR } as const;
/** Other exceptions are created this long before the reference time. */
const CREATED_BEFORE_MS = { min: 10 * MINUTE, max: 7 * DAY } as const;
/** The exception was ingested this many seconds before it was created. */
const INGEST_LEAD_SECONDS = { min: 1, max: 30 } as const;
/** Events are at most this far apart, at least a second, and at least a twelfth of that. */
const EVENT_GAP_MAX_MS = 3 * HOUR;

/** The model's keyed streams (table "exception"), by name: a misspelled one does not compile. */
const STREAMS = ['status', 'severity', 'type', 'source', 'entity', 'amount', 'created', 'playbook', 'progress', 'events', 'tool'] as const;

/**
 * Sub-draw indexes: draw(h, SUB.x) is the x value drawn from one keyed hash
 * h. Renumbering one changes the data.
 */
const SUB = {
  /** From the created hash. */
  nearBreachCreated: 1,
  created: 2,
  /** From the playbook hash: which of the tenant's playbooks. */
  playbookPick: 1,
  /** From the events hash. */
  ingestLead: 99,
} as const;

export interface ExceptionFacts {
  t: number;
  k: number;
  tenant: TenantConfig;
  id: string;
  no: number;
  type: string;
  severity: Severity;
  status: Status;
  sourceSystem: string;
  entityType: string;
  entityId: string;
  amountCents: number;
  createdAt: number;
  slaDeadline: number;
  nearBreach: boolean;
  playbook: Playbook | null;
  /** Steps completed (all of them for RESOLVED). */
  stepsDone: number;
  started: boolean;
}

export interface Event {
  type: EventType;
  at: number;
  step?: Step;
  /** Index of the tool call among the exception's calls (for the two tool events). */
  call?: number;
}

export interface ToolCall {
  index: number;
  step: Step;
  tool: Tool;
  requestedAt: number;
  completedAt: number;
  success: boolean;
}

export class ExceptionsModel {
  readonly selected: boolean[];
  readonly packs: (LoadedPacks | null)[];
  readonly tools: (Tool[] | null)[];
  readonly playbooks: (Playbook[] | null)[];
  /** Exceptions laid out per tenant: count for a selected tenant, none for the others. */
  readonly exceptions: Groups;
  /** Playbooks laid out per tenant, for picking a playbook of the exception's own tenant. */
  readonly playbookGroups: Groups;
  readonly ref: number;
  private readonly s: Record<(typeof STREAMS)[number], Stream>;
  private readonly statuses = new Weighted(STATUS_MIX);
  private readonly severities = new Weighted(SEVERITY_MIX);

  constructor(
    private readonly ctx: GenContext,
    readonly params: ExceptionsParams,
  ) {
    this.ref = Date.parse(params.referenceTime);
    this.selected = selectedTenants(params);
    this.packs = TENANTS.map((t, i) => (this.selected[i] ? loadPacks(t) : null));
    this.tools = TENANTS.map((t, i) => (this.packs[i] ? tenantTools(i, t, this.packs[i]!.domain) : null));
    this.playbooks = TENANTS.map((_, i) => (this.packs[i] ? playbooksOf(ctx, i, this.packs[i]!.domain, this.tools[i]!) : null));
    this.exceptions = new Groups(TENANTS.length, (t) => (this.selected[t] ? params.count : 0));
    this.playbookGroups = new Groups(TENANTS.length, (t) => this.playbooks[t]?.length ?? 0);
    this.s = ctx.streams('exception', STREAMS);
  }

  /** A stream of a table's own column (payload details), keyed like every other. */
  ctxStream(table: string, column: string): Stream {
    return this.ctx.stream(table, column);
  }

  get allTools(): Tool[] {
    return [...globalTools, ...this.tools.flatMap((x) => x ?? [])];
  }

  exceptionNo(t: number, k: number): number {
    return (t + 1) * TENANT_ID_SPACE + k + 1;
  }
  eventId(t: number, k: number, e: number): number {
    return (t + 1) * TENANT_ID_SPACE * EVENTS_PER_EXCEPTION + k * EVENTS_PER_EXCEPTION + e + 1;
  }
  executionId(t: number, k: number, c: number): number {
    return (t + 1) * TENANT_ID_SPACE * CALLS_PER_EXCEPTION + k * CALLS_PER_EXCEPTION + c + 1;
  }

  /** Exception k of tenant t. */
  exception(t: number, k: number): ExceptionFacts {
    const s = this.s;
    const tenant = TENANTS[t];
    const pack = this.packs[t]!.domain;
    const status = this.statuses.pick(s.status.at2(t, k));
    const severity = this.severities.pick(s.severity.at2(t, k));
    const exType = pick(s.type.at2(t, k), pack.exceptionTypes);
    const entity = pack.entities.find((e) => e.name === exType.entity) ?? pack.entities[0];
    const he = s.entity.at2(t, k);
    const sla = SLA_HOURS[severity] * HOUR;
    const hc = s.created.at2(t, k);
    const nearBreach = status !== 'RESOLVED' && chance(hc, NEAR_BREACH_SHARE);
    // Near breach: the deadline falls 5 to 60 minutes (at most a quarter of
    // the SLA) after the reference time. Otherwise: created in the 7 days
    // before it, at least 10 minutes before.
    const createdAt = nearBreach
      ? this.ref - sla + intIn(draw(hc, SUB.nearBreachCreated), NEAR_BREACH_MS.min, Math.min(NEAR_BREACH_MS.max, sla / 4))
      : this.ref - intIn(draw(hc, SUB.created), CREATED_BEFORE_MS.min, CREATED_BEFORE_MS.max);
    const createdSec = Math.floor(createdAt / 1000) * 1000;
    const hp = s.playbook.at2(t, k);
    const linked = status === 'RESOLVED' || chance(hp, (PLAYBOOK_SHARE - RESOLVED_SHARE) / (1 - RESOLVED_SHARE));
    let playbook: Playbook | null = null;
    if (linked) {
      const own = this.playbooks[t]!;
      // The playbook made for the exception's type, else any playbook of the same tenant.
      playbook =
        own.find((p) => p.exceptionType === exType.name) ?? own[this.playbookGroups.pick(t, draw(hp, SUB.playbookPick)) - this.playbookGroups.start(t)];
    }
    const started = playbook !== null && status !== 'OPEN';
    const n = playbook?.steps.length ?? 0;
    const stepsDone = !started ? 0 : status === 'RESOLVED' ? n : intIn(s.progress.at2(t, k), status === 'ESCALATED' ? 1 : 0, n - 1);
    const day = Math.floor(createdSec / DAY);
    return {
      t,
      k,
      tenant,
      id: `EXC-${tenant.code}-${isoFromDay(day).replaceAll('-', '')}-${String(k + 1).padStart(5, '0')}`,
      no: this.exceptionNo(t, k),
      type: exType.name,
      severity,
      status,
      sourceSystem: pick(s.source.at2(t, k), pack.sourceSystems),
      entityType: entity.name,
      entityId: `${entity.idPrefix}-${String(intIn(he, 0, 999_999)).padStart(6, '0')}`,
      // Log-uniform over the domain's range: many small amounts, a few large ones.
      amountCents: Math.round(Math.exp(floatIn(s.amount.at2(t, k), Math.log(tenant.amount.min), Math.log(tenant.amount.max))) * 100),
      createdAt: createdSec,
      slaDeadline: createdSec + sla,
      nearBreach,
      playbook,
      stepsDone,
      started,
    };
  }

  /**
   * The exception's events in their one consistent order: ingested,
   * created, triage, policy; then, once a playbook has started, per
   * completed step (tool request and completion first for call_tool
   * steps); a resolved exception adds the suggested resolution and the
   * captured feedback and ends with PlaybookCompleted. Times increase and
   * never pass the reference time.
   */
  events(x: ExceptionFacts): { events: Event[]; calls: ToolCall[] } {
    const types: Event[] = [
      { type: 'ExceptionIngested', at: 0 },
      { type: 'ExceptionCreated', at: 0 },
      { type: 'TriageCompleted', at: 0 },
      { type: 'PolicyEvaluated', at: 0 },
    ];
    let calls = 0;
    if (x.started) {
      types.push({ type: 'PlaybookStarted', at: 0 });
      for (const step of x.playbook!.steps.slice(0, x.stepsDone)) {
        if (step.kind === 'call_tool') {
          types.push({ type: 'ToolExecutionRequested', at: 0, step, call: calls }, { type: 'ToolExecutionCompleted', at: 0, step, call: calls });
          calls++;
        }
        types.push({ type: 'PlaybookStepCompleted', at: 0, step });
      }
    }
    if (x.status === 'RESOLVED') types.push({ type: 'ResolutionSuggested', at: 0 }, { type: 'FeedbackCaptured', at: 0 }, { type: 'PlaybookCompleted', at: 0 });
    // Minutes to hours between events, squeezed so the last is no later than the reference time.
    const h = this.s.events.at2(x.t, x.k);
    const room = Math.floor((this.ref - x.createdAt) / Math.max(1, types.length - 2));
    const hi = Math.max(1000, Math.min(EVENT_GAP_MAX_MS, room));
    const between = [Math.max(1000, Math.floor(hi / 12)), hi] as const;
    // A tool call takes 0.2 to 30 seconds; timeline event k is types[k + 1].
    const times = timeline(h, x.createdAt, types.length - 1, (k) => (types[k + 1].type === 'ToolExecutionCompleted' ? TOOL_CALL_MS : between));
    types[0].at = x.createdAt - intIn(draw(h, SUB.ingestLead), INGEST_LEAD_SECONDS.min, INGEST_LEAD_SECONDS.max) * 1000;
    for (let i = 1; i < types.length; i++) types[i].at = times[i - 1];
    const out: ToolCall[] = [];
    for (let i = 0; i < types.length; i++) {
      const e = types[i];
      if (e.type !== 'ToolExecutionRequested') continue;
      const c = e.call!;
      out.push({
        index: c,
        step: e.step!,
        tool: e.step!.tool!,
        requestedAt: e.at,
        completedAt: types[i + 1].at,
        success: chance(this.s.tool.at3(x.t, x.k, c), TOOL_SUCCESS),
      });
    }
    return { events: types, calls: out };
  }
}

/**
 * Rows derived from each exception (its events, its tool executions): the
 * unit is an exception, made once per unit however many rows it yields.
 */
export function perException(
  model: ExceptionsModel,
  make: (x: ExceptionFacts, story: { events: Event[]; calls: ToolCall[] }, emit: (row: Row) => void) => void,
) {
  const g = model.exceptions;
  return unitRows(g.total, (from, to, emit) => {
    for (let i = from; i < to; i++) {
      const t = g.groupOf(i);
      const x = model.exception(t, i - g.start(t));
      make(x, model.events(x), emit);
    }
  });
}
