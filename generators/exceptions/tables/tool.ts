import type { TableSpec } from '../../../src/core/dataset.ts';
import { fixedRows } from '../../../src/core/rows.ts';
import { col, defineTable } from '../../../src/core/table.ts';
import type { Tool } from '../catalog.ts';
import type { ExceptionsModel } from '../model.ts';
import { TENANTS } from '../tenants.ts';
import { tenant } from './tenant.ts';

/**
 * Global tools (tenant_id NULL, kept by a tenant reset) and each tenant's
 * own tools: three of its domain and one dummy.
 */
export const tool = defineTable({
  name: 'tool',
  role: 'dimension',
  tenantColumn: 'tenant_id',
  columns: [
    col.integer('tool_id').primaryKey(),
    col.text('tenant_id').nullable().references(tenant),
    col.text('name'),
    col.text('scope'),
    col.text('provider'),
    col.text('description'),
    col.text('endpoint_url'),
    col.jsonb('config'),
    col.timestamptz('created_at'),
  ],
  unique: [['tenant_id', 'name']],
  checks: {
    scope_valid: "scope IN ('global', 'tenant')",
    scope_matches_tenant: "(scope = 'global') = (tenant_id IS NULL)",
    provider_valid: "provider IN ('http', 'dummy')",
  },
});

export function toolRow(model: ExceptionsModel, x: Tool) {
  return tool.row({
    tool_id: x.id,
    tenant_id: x.tenant === null ? null : TENANTS[x.tenant].id,
    name: x.name,
    scope: x.tenant === null ? 'global' : 'tenant',
    provider: x.provider,
    description: x.description,
    // The document's dummy endpoints: nothing outside this machine is called.
    endpoint_url: `http://localhost:8000/demo/tools/${x.name}`,
    config: { demo: true, method: x.method, timeoutMs: 5000, auth: { type: 'api_key', header: 'X-API-Key', value: 'demo-key-12345' } },
    created_at: model.ref - 60 * 86_400_000,
  });
}

export function toolTable(model: ExceptionsModel): TableSpec {
  return tool.spec(fixedRows(model.allTools.map((x) => toolRow(model, x))));
}
