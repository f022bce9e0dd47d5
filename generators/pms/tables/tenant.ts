/** The tenants: fixed identities, the profile's tenant ids (dev_tenant_001, …). */
import { fixedRows } from '../../../src/core/rows.ts';
import { col, defineTable } from '../../../src/core/table.ts';
import type { PmsModel } from '../model.ts';

export const tenant = defineTable({
  name: 'tenant',
  role: 'dimension',
  columns: [col.text('tenant_id').primaryKey(), col.text('display_name')],
});

export function tenantTable(m: PmsModel) {
  return tenant.spec(fixedRows(m.tenants.map((t, i) => tenant.row({ tenant_id: t, display_name: `Demo Tenant ${i + 1} (synthetic)` }))));
}
