import type { JsonValue, TableSpec } from '../../../src/core/dataset.ts';
import { draw } from '../../../src/core/hash.ts';
import { intIn, pick } from '../../../src/core/random.ts';
import { col, defineTable } from '../../../src/core/table.ts';
import { perException, type ExceptionFacts, type ExceptionsModel, type ToolCall } from '../model.ts';
import { exception } from './exception.ts';
import { playbookStep } from './playbook-step.ts';
import { tenant } from './tenant.ts';
import { tool } from './tool.ts';

/** One execution per call_tool step an exception's playbook has run; 90 % succeed. */
export const toolExecution = defineTable({
  name: 'tool_execution',
  role: 'fact',
  tenantColumn: 'tenant_id',
  columns: [
    col.bigint('execution_id').primaryKey(),
    col.text('tenant_id').references(tenant),
    col.text('exception_id'),
    col.integer('tool_id').references(tool),
    col.integer('step_id').references(playbookStep),
    col.text('status'),
    col.jsonb('input_payload'),
    col.jsonb('output_payload').nullable(),
    col.text('error_message').nullable(),
    col.timestamptz('requested_at'),
    col.timestamptz('completed_at'),
    col.integer('duration_ms'),
  ],
  foreignKeys: [{ columns: ['tenant_id', 'exception_id'], table: exception, references: ['tenant_id', 'exception_id'] }],
  checks: {
    execution_status_valid: "status IN ('SUCCEEDED', 'FAILED')",
    error_iff_failed: "(status = 'FAILED') = (error_message IS NOT NULL)",
    completed_after_request: 'completed_at > requested_at',
  },
});

const ERRORS = [
  ['UPSTREAM_TIMEOUT', 'upstream did not answer within 5000 ms'],
  ['HTTP_503', 'service unavailable'],
  ['VALIDATION_ERROR', 'request rejected: entity not found'],
] as const;

/** What each tool is called with: the exception's entity, or a message about it. */
function input(c: ToolCall, x: ExceptionFacts): JsonValue {
  const name = c.tool.name;
  const base = { demo: true, exceptionId: x.id };
  if (name === 'notifySlack') return { ...base, channel: `#${x.tenant.code.toLowerCase()}-exceptions`, text: `${x.severity} ${x.type} on ${x.entityId}` };
  if (name === 'sendEmail') return { ...base, to: `ops-${x.tenant.code.toLowerCase()}@example.com`, subject: `[${x.severity}] ${x.id}` };
  if (name === 'createJiraTicket') return { ...base, project: `${x.tenant.code}OPS`, summary: `${x.type} ${x.entityId}`, priority: x.severity };
  if (c.tool.provider === 'dummy') return { ...base, echo: x.entityId };
  return { ...base, [`${x.entityType.toLowerCase()}Id`]: x.entityId, amount: x.amountCents / 100 };
}

function output(c: ToolCall, x: ExceptionFacts, h: number): JsonValue {
  const name = c.tool.name;
  if (name === 'notifySlack') return { ok: true, ts: `${Math.floor(c.completedAt / 1000)}.${String(intIn(h, 0, 999_999)).padStart(6, '0')}` };
  if (name === 'sendEmail') return { accepted: true, messageId: `<${x.no}.${c.index}@demo.example.com>` };
  if (name === 'createJiraTicket')
    return { key: `${x.tenant.code}OPS-${intIn(h, 1000, 9999)}`, url: `https://jira.example.com/browse/${x.tenant.code}OPS-${intIn(h, 1000, 9999)}` };
  if (c.tool.provider === 'dummy') return { echo: x.entityId, provider: 'dummy' };
  return { found: true, entity: { type: x.entityType, id: x.entityId, status: pick(draw(h, 1), ['PENDING', 'MATCHED', 'REPAIRED', 'SETTLED']) } };
}

export function toolExecutionTable(model: ExceptionsModel): TableSpec {
  const hs = model.ctxStream('tool_execution', 'payload');
  const row = toolExecution.named((x: ExceptionFacts, c: ToolCall) => {
    const h = hs.at3(x.t, x.k, c.index);
    const err = c.success ? null : pick(h, ERRORS);
    return {
      execution_id: model.executionId(x.t, x.k, c.index),
      tenant_id: x.tenant.id,
      exception_id: x.id,
      tool_id: c.tool.id,
      step_id: c.step.id,
      status: c.success ? 'SUCCEEDED' : 'FAILED',
      input_payload: input(c, x),
      output_payload: err ? { error: { code: err[0], message: err[1] } } : output(c, x, h),
      error_message: err ? `${err[0]}: ${err[1]}` : null,
      requested_at: c.requestedAt,
      completed_at: c.completedAt,
      duration_ms: c.completedAt - c.requestedAt,
    };
  });
  return toolExecution.spec(perException(model, (x, story, emit) => story.calls.forEach((c) => emit(row(x, c)))));
}
