import type { JsonValue, TableSpec } from '../../../src/core/dataset.ts';
import { col, defineTable } from '../../../src/core/table.ts';
import { EVENT_TYPES, perException, type Event, type ExceptionFacts, type ExceptionsModel, type ToolCall } from '../model.ts';
import { exception } from './exception.ts';
import { tenant } from './tenant.ts';

/** Every exception's full timeline, in one consistent order of event types. */
export const exceptionEvent = defineTable({
  name: 'exception_event',
  role: 'fact',
  tenantColumn: 'tenant_id',
  columns: [
    col.bigint('event_id').primaryKey(),
    col.text('exception_id'),
    col.text('tenant_id').references(tenant),
    col.smallint('sequence'),
    col.text('event_type'),
    col.text('actor_type'),
    col.text('actor_id'),
    col.jsonb('payload'),
    col.timestamptz('created_at'),
  ],
  unique: [['exception_id', 'sequence']],
  foreignKeys: [{ columns: ['tenant_id', 'exception_id'], table: exception, references: ['tenant_id', 'exception_id'] }],
  checks: { event_type_valid: `event_type IN (${EVENT_TYPES.map((e) => `'${e}'`).join(', ')})`, actor_type_valid: "actor_type IN ('system', 'agent', 'user')" },
});

function actor(e: Event, x: ExceptionFacts): [string, string] {
  switch (e.type) {
    case 'ExceptionIngested':
    case 'ExceptionCreated':
      return ['system', `ingest-${x.sourceSystem}`];
    case 'FeedbackCaptured':
      return ['user', `demo-analyst-${x.tenant.code.toLowerCase()}@example.com`];
    case 'TriageCompleted':
      return ['agent', 'triage-agent'];
    case 'PolicyEvaluated':
      return ['agent', 'policy-agent'];
    default:
      return ['agent', 'resolution-agent'];
  }
}

function payload(e: Event, x: ExceptionFacts, calls: ToolCall[], model: ExceptionsModel): JsonValue {
  const pb = x.playbook?.id ?? null;
  switch (e.type) {
    case 'ExceptionIngested':
      return { demo: true, sourceSystem: x.sourceSystem, rawRecordId: `${x.sourceSystem}-${x.no}` };
    case 'ExceptionCreated':
      return { exceptionType: x.type, severity: x.severity, entityId: x.entityId };
    case 'TriageCompleted':
      return { suggestedPlaybookId: pb, severity: x.severity, confidence: pb === null ? 0.42 : 0.87 };
    case 'PolicyEvaluated':
      return { selectedPlaybookId: pb, humanApprovalRequired: x.severity === 'CRITICAL', policyPack: x.tenant.id };
    case 'PlaybookStarted':
      return { playbookId: pb, steps: x.playbook!.steps.length };
    case 'PlaybookStepCompleted':
      return { playbookId: pb, stepOrder: e.step!.order, actionType: e.step!.kind };
    case 'ToolExecutionRequested':
      return { executionId: model.executionId(x.t, x.k, e.call!), toolId: e.step!.tool!.id, toolName: e.step!.tool!.name, stepOrder: e.step!.order };
    case 'ToolExecutionCompleted': {
      const c = calls[e.call!];
      return { executionId: model.executionId(x.t, x.k, c.index), status: c.success ? 'SUCCEEDED' : 'FAILED', durationMs: c.completedAt - c.requestedAt };
    }
    case 'ResolutionSuggested':
      return { summary: `Apply ${x.playbook!.name}`, confidence: 0.91 };
    case 'FeedbackCaptured':
      return { helpful: true, rating: 4 };
    case 'PlaybookCompleted':
      return { playbookId: pb, outcome: 'RESOLVED' };
  }
}

export function exceptionEventTable(model: ExceptionsModel): TableSpec {
  const row = exceptionEvent.tuple((x: ExceptionFacts, e: Event, seq: number, calls: ToolCall[]) => {
    const [actorType, actorId] = actor(e, x);
    return [model.eventId(x.t, x.k, seq), x.id, x.tenant.id, seq + 1, e.type, actorType, actorId, payload(e, x, calls, model), e.at];
  });
  return exceptionEvent.spec(perException(model, (x, story, emit) => story.events.forEach((e, seq) => emit(row(x, e, seq, story.calls)))));
}
