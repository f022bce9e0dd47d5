import type { TableSpec } from '../../../src/core/dataset.ts';
import type { JsonValue } from '../../../src/core/dataset.ts';
import { fixedRows } from '../../../src/core/rows.ts';
import { col, defineTable } from '../../../src/core/table.ts';
import { STEP_KINDS, type Step } from '../catalog.ts';
import type { ExceptionsModel } from '../model.ts';
import { TENANTS } from '../tenants.ts';
import { playbook } from './playbook.ts';
import { tenant } from './tenant.ts';
import { tool } from './tool.ts';

/** 3-6 steps per playbook, of the document's six kinds; call_tool steps name their tool. */
export const playbookStep = defineTable({
  name: 'playbook_step',
  role: 'dimension',
  tenantColumn: 'tenant_id',
  columns: [
    col.integer('step_id').primaryKey(),
    col.integer('playbook_id').references(playbook),
    col.text('tenant_id').references(tenant),
    col.smallint('step_order'),
    col.text('action_type'),
    col.text('name'),
    col.integer('tool_id').nullable().references(tool),
    col.jsonb('params'),
  ],
  unique: [['playbook_id', 'step_order']],
  checks: {
    action_type_valid: `action_type IN (${STEP_KINDS.map((k) => `'${k}'`).join(', ')})`,
    tool_iff_call_tool: "(action_type = 'call_tool') = (tool_id IS NOT NULL)",
    step_order_range: 'step_order BETWEEN 1 AND 6',
  },
});

const NAMES: Record<Step['kind'], string> = {
  notify: 'Notify the operations channel',
  assign_owner: 'Assign an owner',
  set_status: 'Move to ANALYZING',
  add_comment: 'Record the findings',
  call_tool: 'Call',
  escalate: 'Escalate to tier 2',
};

function params(step: Step, code: string): JsonValue {
  switch (step.kind) {
    case 'notify':
      return { channel: `#${code.toLowerCase()}-exceptions`, template: 'exception-summary' };
    case 'assign_owner':
      return { queue: `${code.toLowerCase()}-ops`, strategy: 'round-robin' };
    case 'set_status':
      return { status: 'ANALYZING' };
    case 'add_comment':
      return { template: 'analysis-notes', visibility: 'internal' };
    case 'call_tool':
      return { tool: step.tool!.name, args: { from: 'exception.entity_id' }, timeoutMs: 5000 };
    case 'escalate':
      return { to: 'tier2', reason: 'playbook escalation rule' };
  }
}

export function playbookStepTable(model: ExceptionsModel): TableSpec {
  const rows = TENANTS.flatMap((t, i) =>
    (model.playbooks[i] ?? []).flatMap((p) =>
      p.steps.map((s) =>
        playbookStep.row({
          step_id: s.id,
          playbook_id: p.id,
          tenant_id: t.id,
          step_order: s.order,
          action_type: s.kind,
          name: s.kind === 'call_tool' ? `Call ${s.tool!.name}` : NAMES[s.kind],
          tool_id: s.tool?.id ?? null,
          params: params(s, t.code),
        }),
      ),
    ),
  );
  return playbookStep.spec(fixedRows(rows));
}
