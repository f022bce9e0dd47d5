/**
 * The multi-tenant exception platform of seed document 000: two demo
 * tenants (finance, healthcare), their domain and policy packs read from
 * JSON files beside this file, exceptions with status and severity mixes and
 * SLA deadlines, a full event timeline per exception, playbooks of 3-6
 * steps, global and tenant tools, tool executions and enablements.
 */
import { defineDataset } from '../../src/core/dataset.ts';
import { ExceptionsModel } from './model.ts';
import { ExceptionsParams, profiles } from './params.ts';
import { domainPackTable } from './tables/domain-pack.ts';
import { exceptionEventTable } from './tables/exception-event.ts';
import { exceptionTable } from './tables/exception.ts';
import { playbookStepTable } from './tables/playbook-step.ts';
import { playbookTable } from './tables/playbook.ts';
import { tenantPolicyPackTable } from './tables/tenant-policy-pack.ts';
import { tenantTable } from './tables/tenant.ts';
import { toolEnablementTable } from './tables/tool-enablement.ts';
import { toolExecutionTable } from './tables/tool-execution.ts';
import { toolTable } from './tables/tool.ts';

export default defineDataset<ExceptionsParams>({
  name: 'exceptions',
  version: '1.0.0',
  description: 'Multi-tenant exception platform: tenants, domain and policy packs, exceptions with timelines, playbooks, tools, executions',
  profiles,
  defaultProfile: 'local',
  parseParams: (raw) => ExceptionsParams.parse(raw),
  tables: (ctx, params) => {
    const model = new ExceptionsModel(ctx, params);
    return [
      domainPackTable(model),
      tenantTable(model),
      tenantPolicyPackTable(model),
      toolTable(model),
      toolEnablementTable(model),
      playbookTable(model),
      playbookStepTable(model),
      exceptionTable(model),
      exceptionEventTable(model),
      toolExecutionTable(model),
    ];
  },
});
