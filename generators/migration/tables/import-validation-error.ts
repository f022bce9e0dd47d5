import type { GenContext } from '../../../src/core/context.ts';
import type { TableSpec } from '../../../src/core/dataset.ts';
import { col, defineTable } from '../../../src/core/table.ts';
import { clientId, idOf, MINUTE, tenantPolicy } from '../model.ts';
import { FAILED_IMPORT, IMPORTS, INVALID_EVERY, recordBase } from '../scenarios.ts';
import { clientCol, perClient, sameTenant } from '../tenant.ts';
import { importId, importTime } from './data-import.ts';
import { invalidKind, rawRecordId } from './raw-import-record.ts';

export const importValidationError = defineTable({
  name: 'import_validation_error',
  role: 'fact',
  tenantColumn: 'client_account_id',
  columns: [
    col.uuid('id').primaryKey(),
    clientCol(),
    col.uuid('data_import_id'),
    col.uuid('raw_import_record_id'),
    col.integer('row_number'),
    col.text('field_name'),
    col.text('error_code'),
    col.text('message'),
    col.text('severity'),
    col.text('recovery_action'),
    col.timestamptz('created_at'),
  ],
  unique: [['raw_import_record_id', 'error_code']],
  // The error's record belongs to the error's own import: (tenant, import, record) → raw_import_record.
  foreignKeys: [
    sameTenant('data_import_id', 'data_import'),
    {
      columns: ['client_account_id', 'data_import_id', 'raw_import_record_id'],
      table: 'raw_import_record',
      references: ['client_account_id', 'data_import_id', 'id'],
    },
  ],
  defaults: { severity: "'error'", created_at: 'now()' },
  checks: { severity_valid: "severity IN ('warning', 'error')" },
  policies: tenantPolicy,
});

const DETAIL: Record<string, { field: string; message: string; recovery: string }> = {
  missing_hostname: { field: 'Host', message: 'Hostname is required and was empty', recovery: 'fix_and_reupload' },
  invalid_ip_address: { field: 'IP', message: 'IP address is not a valid IPv4 address', recovery: 'fix_and_reupload' },
  unknown_operating_system: { field: 'Operating System', message: 'Operating system not recognised by the asset catalogue', recovery: 'manual_field_mapping' },
  duplicate_ci: { field: 'Server Name', message: 'Configuration item duplicates the previous row', recovery: 'skip_invalid_records' },
};
export const ERRORS_PER_ENGAGEMENT = IMPORTS[FAILED_IMPORT].records / INVALID_EVERY;

/** Scenario 4: one error per invalid record of the failed import, naming that very record. */
export function importValidationErrorTable(ctx: GenContext, clients: number): TableSpec {
  return importValidationError.spec(
    perClient(
      clients,
      ERRORS_PER_ENGAGEMENT,
      importValidationError.named((c, e) => {
        const n = e * INVALID_EVERY + INVALID_EVERY - 1;
        const code = invalidKind(n)!;
        return {
          id: idOf(ctx, 'import_validation_error', 0x07, c, e),
          client_account_id: clientId(ctx, c),
          data_import_id: importId(ctx, c, FAILED_IMPORT),
          raw_import_record_id: rawRecordId(ctx, c, recordBase(FAILED_IMPORT) + n),
          row_number: n + 1,
          field_name: DETAIL[code].field,
          error_code: code,
          message: `Row ${n + 1}: ${DETAIL[code].message}`,
          severity: code === 'duplicate_ci' ? 'warning' : 'error',
          recovery_action: DETAIL[code].recovery,
          created_at: importTime(FAILED_IMPORT) + 20 * MINUTE,
        };
      }),
    ),
  );
}
