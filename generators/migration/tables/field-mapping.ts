import type { GenContext } from '../../../src/core/context.ts';
import type { TableSpec } from '../../../src/core/dataset.ts';
import { floatIn } from '../../../src/core/random.ts';
import { col, defineTable } from '../../../src/core/table.ts';
import { clientId, HOUR, idOf, tenantPolicy } from '../model.ts';
import { fieldBase, FIELDS_PER_ENGAGEMENT, IMPORTS } from '../scenarios.ts';
import { clientCol, perClient, sameTenant } from '../tenant.ts';
import { userId } from './app-user.ts';
import { importId, importTime } from './data-import.ts';

export const fieldMapping = defineTable({
  name: 'field_mapping',
  role: 'dimension',
  tenantColumn: 'client_account_id',
  columns: [
    col.uuid('id').primaryKey(),
    clientCol(),
    col.uuid('data_import_id'),
    col.text('source_field'),
    col.text('target_field'),
    col.numeric('confidence_score', 4, 3),
    col.text('status'),
    col.text('mapped_by'),
    col.text('transformation').nullable(),
    col.uuid('approved_by').nullable(),
    col.timestamptz('created_at'),
  ],
  unique: [
    ['client_account_id', 'id'],
    ['data_import_id', 'source_field'],
  ],
  foreignKeys: [sameTenant('data_import_id', 'data_import'), sameTenant('approved_by', 'app_user')],
  defaults: { status: "'suggested'", mapped_by: "'agent'", created_at: 'now()' },
  checks: {
    status_valid: "status IN ('suggested', 'pending_approval', 'approved', 'rejected')",
    confidence_range: 'confidence_score BETWEEN 0 AND 1',
    approved_has_approver: "status <> 'approved' OR approved_by IS NOT NULL",
  },
  policies: tenantPolicy,
});

/** Which import a mapping of the engagement belongs to. */
function mappingOf(m: number): { k: number; n: number } {
  let k = 0;
  while (m >= fieldBase(k + 1)) k++;
  return { k, n: m - fieldBase(k) };
}

/** Per import, one mapping per source field: approved on finished imports, awaiting approval on scenario 2's. */
export function fieldMappingTable(ctx: GenContext, clients: number): TableSpec {
  const confidence = ctx.stream('field_mapping', 'confidence_score');
  return fieldMapping.spec(
    perClient(
      clients,
      FIELDS_PER_ENGAGEMENT,
      fieldMapping.named((c, m) => {
        const { k, n } = mappingOf(m);
        const [source, target] = IMPORTS[k].fields[n];
        const status =
          IMPORTS[k].status === 'completed'
            ? 'approved'
            : IMPORTS[k].status === 'pending_approval'
              ? n < IMPORTS[k].fields.length - 3
                ? 'pending_approval'
                : 'suggested'
              : 'suggested';
        return {
          id: idOf(ctx, 'field_mapping', 0x08, c, m),
          client_account_id: clientId(ctx, c),
          data_import_id: importId(ctx, c, k),
          source_field: source,
          target_field: target,
          confidence_score: floatIn(confidence.at2(c, m), status === 'suggested' ? 0.45 : 0.8, status === 'suggested' ? 0.79 : 0.99).toFixed(3),
          status,
          mapped_by: status === 'approved' && n % 5 === 4 ? 'user' : 'agent',
          transformation: target === 'hostname' ? 'lower(trim(value))' : target === 'memory_gb' ? 'parse_number(value)' : null,
          approved_by: status === 'approved' ? userId(ctx, c, 2) : null,
          created_at: importTime(k) + HOUR,
        };
      }),
    ),
  );
}
