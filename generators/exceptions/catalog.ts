/**
 * The per-tenant catalog: tools (3 global, then per tenant 3 of its domain
 * and 1 dummy) and playbooks (6 per tenant, 3-6 steps each). All of it is
 * small and fixed by the tenant, so it is computed once per build; every
 * id is derived from the tenant's index among all configured tenants, so a
 * one-tenant build has exactly the rows that tenant has in a full build.
 */
import type { GenContext } from '../../src/core/context.ts';
import { draw } from '../../src/core/hash.ts';
import { intIn, Weighted } from '../../src/core/random.ts';
import type { DomainPack } from './packs.ts';
import { GLOBAL_TOOLS, type TenantConfig } from './tenants.ts';

export const STEP_KINDS = ['notify', 'assign_owner', 'set_status', 'add_comment', 'call_tool', 'escalate'] as const;
export type StepKind = (typeof STEP_KINDS)[number];
export const PLAYBOOKS_PER_TENANT = 6;
export const TENANT_TOOLS = 3;
/** Tools a tenant owns: its three domain tools and one dummy. */
export const TOOLS_PER_TENANT = TENANT_TOOLS + 1;

export interface Tool {
  id: number;
  /** Index into TENANTS, or null for a global tool. */
  tenant: number | null;
  name: string;
  description: string;
  method: string;
  provider: 'http' | 'dummy';
}

export interface Step {
  id: number;
  order: number;
  kind: StepKind;
  tool: Tool | null;
}

export interface Playbook {
  id: number;
  tenant: number;
  name: string;
  exceptionType: string;
  steps: Step[];
}

export const globalToolId = (k: number) => k + 1;
export const tenantToolId = (t: number, k: number) => (t + 1) * 100 + k + 1;
export const playbookId = (t: number, k: number) => (t + 1) * 100 + k + 1;
export const stepId = (playbook: number, s: number) => playbook * 10 + s + 1;

export const globalTools: readonly Tool[] = GLOBAL_TOOLS.map((g, k) => ({
  id: globalToolId(k),
  tenant: null,
  name: g.name,
  description: g.description,
  method: g.method,
  provider: 'http',
}));

export function tenantTools(t: number, tenant: TenantConfig, pack: DomainPack): Tool[] {
  const own: Tool[] = pack.tools
    .slice(0, TENANT_TOOLS)
    .map((x, k) => ({ id: tenantToolId(t, k), tenant: t, name: x.name, description: x.description, method: x.method, provider: 'http' }));
  own.push({
    id: tenantToolId(t, TENANT_TOOLS),
    tenant: t,
    name: `dummyTool${tenant.code}`,
    description: 'Dummy tool for testing the dummy tool provider',
    method: 'POST',
    provider: 'dummy',
  });
  return own;
}

const kinds = new Weighted<StepKind>([
  ['notify', 2],
  ['assign_owner', 2],
  ['set_status', 1],
  ['add_comment', 2],
  ['call_tool', 3],
  ['escalate', 1],
]);

/**
 * Tenant t's playbooks. Step 2 of each is a call_tool step, so every
 * playbook that gets past its first step runs a tool (the document's tool
 * executions come from call_tool steps); the other kinds are drawn. A
 * call_tool step calls one of the tenant's own tools or, one time in
 * three, a global one.
 */
export function playbooksOf(ctx: GenContext, t: number, pack: DomainPack, own: readonly Tool[]): Playbook[] {
  const count = ctx.stream('playbook_step', 'count');
  const kind = ctx.stream('playbook_step', 'action_type');
  const tool = ctx.stream('playbook_step', 'tool_id');
  return pack.playbooks.slice(0, PLAYBOOKS_PER_TENANT).map((pb, k) => {
    const id = playbookId(t, k);
    const n = intIn(count.at2(t, k), 3, 6);
    const steps: Step[] = [];
    for (let s = 0; s < n; s++) {
      const h = kind.at3(t, k, s);
      const stepKind: StepKind = s === 1 ? 'call_tool' : kinds.pick(h);
      let chosen: Tool | null = null;
      if (stepKind === 'call_tool') {
        const ht = tool.at3(t, k, s);
        chosen = intIn(ht, 0, 2) === 0 ? globalTools[intIn(draw(ht, 1), 0, globalTools.length - 1)] : own[intIn(draw(ht, 2), 0, own.length - 1)];
      }
      steps.push({ id: stepId(id, s), order: s + 1, kind: stepKind, tool: chosen });
    }
    return { id, tenant: t, name: pb.name, exceptionType: pb.exceptionType, steps };
  });
}
