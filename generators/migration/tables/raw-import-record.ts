import type { GenContext } from '../../../src/core/context.ts';
import type { JsonValue, TableSpec } from '../../../src/core/dataset.ts';
import { intIn, pick } from '../../../src/core/random.ts';
import { col, defineTable } from '../../../src/core/table.ts';
import { clientId, engagementId, idOf, MINUTE, tenantPolicy, type Layout } from '../model.ts';
import { FAILED_IMPORT, IMPORTS, INVALID_EVERY, RECORDS_PER_ENGAGEMENT, recordBase, VALIDATION_ERRORS } from '../scenarios.ts';
import { clientCol, perClient, sameTenant } from '../tenant.ts';
import { assetAttrs, type AssetAttrs } from './asset.ts';
import { importId, importTime } from './data-import.ts';

export const rawImportRecord = defineTable({
  name: 'raw_import_record',
  role: 'fact',
  tenantColumn: 'client_account_id',
  columns: [
    col.uuid('id').primaryKey(),
    clientCol(),
    col.uuid('engagement_id'),
    col.uuid('data_import_id'),
    col.integer('row_number'),
    col.jsonb('raw_data'),
    col.boolean('is_processed'),
    col.boolean('is_valid'),
    col.jsonb('validation_errors').nullable(),
    col.timestamptz('created_at'),
  ],
  unique: [
    ['client_account_id', 'id'],
    ['client_account_id', 'data_import_id', 'id'],
    ['data_import_id', 'row_number'],
  ],
  foreignKeys: [sameTenant('engagement_id', 'engagement'), sameTenant('data_import_id', 'data_import')],
  defaults: { is_processed: 'false', is_valid: 'true', created_at: 'now()' },
  policies: tenantPolicy,
});

export const rawRecordId = (ctx: GenContext, c: number, r: number) => idOf(ctx, 'raw_import_record', 0x06, c, r);

/** Which import a record of the engagement belongs to, and its index inside it. */
export function recordOf(r: number): { k: number; n: number } {
  let k = 0;
  while (r >= recordBase(k + 1)) k++;
  return { k, n: r - recordBase(k) };
}

/** The failed import's invalid records and what is wrong with each. */
export const invalidKind = (n: number) =>
  n % INVALID_EVERY === INVALID_EVERY - 1 ? VALIDATION_ERRORS[Math.floor(n / INVALID_EVERY) % VALIDATION_ERRORS.length] : undefined;

const OS_NAMES = ['RHEL 7.9', 'Windows Server 2012 R2', 'AIX 7.2', 'z/OS 2.4', 'Solaris 11'];

/** A record nobody turned into an asset (yet): its own CMDB-like values. */
function looseAttrs(ctx: GenContext, c: number, r: number, k: number, n: number): AssetAttrs {
  const s = (column: string) => ctx.stream('raw_import_record', column).at2(c, r);
  const host = `${IMPORTS[k].type === 'server_inventory' ? 'srv' : 'ci'}-${k}${String(n + 1).padStart(4, '0')}`;
  return {
    name: host.toUpperCase(),
    hostname: `${host}.legacy.local`,
    ip: `10.${50 + k}.${Math.floor(n / 250)}.${(n % 250) + 2}`,
    osFamily: null,
    os: pick(s('os'), OS_NAMES),
    cpu: 2 ** intIn(s('cpu'), 1, 5),
    memory: 2 ** intIn(s('memory'), 2, 7),
    storage: 100 * intIn(s('storage'), 1, 20),
    technology: 'unknown',
    environment: pick(s('environment'), ['production', 'test', 'development']),
    criticality: 'medium',
    owner: ctx.faker.at(s('owner')).person.fullName(),
    team: pick(s('team'), ['Mainframe Ops', 'Infra Support', 'App Support']),
    department: pick(s('department'), ['Finance', 'Operations']),
    location: pick(s('location'), ['DC-East', 'DC-West']),
  };
}

/** The row as the source file had it, in the file's own field names (CMDB CSV, JSON export or spreadsheet). */
function rawData(a: AssetAttrs, assetType: string, k: number, n: number, previousName: string): JsonValue {
  const values: Record<string, JsonValue> = {
    name: a.name,
    asset_type: assetType,
    hostname: a.hostname,
    ip_address: a.ip,
    operating_system: a.os,
    cpu_cores: a.cpu,
    memory_gb: a.memory,
    storage_gb: a.storage,
    environment: a.environment,
    business_owner: a.owner,
    technical_owner: a.team,
    location: a.location,
    description: `${a.technology} (${a.department})`,
  };
  if (k === FAILED_IMPORT) {
    const bad = invalidKind(n);
    if (bad === 'missing_hostname') values.hostname = '';
    if (bad === 'invalid_ip_address') values.ip_address = `10.0.${300 + (n % 50)}.12`;
    if (bad === 'unknown_operating_system') values.operating_system = 'OS/2 Warp 4';
    if (bad === 'duplicate_ci') values.name = previousName;
  }
  const out: Record<string, JsonValue> = {};
  for (const [source, target] of IMPORTS[k].fields) out[source] = values[target] ?? null;
  return out;
}

export function rawImportRecordTable(ctx: GenContext, clients: number, layout: Layout): TableSpec {
  const attrsOf = (c: number, r: number) => {
    const { k, n } = recordOf(r);
    const a = layout.recordAsset[k][n];
    return a >= 0
      ? { a: assetAttrs(ctx, c, a, layout.slots[a]), type: layout.slots[a].category }
      : { a: looseAttrs(ctx, c, r, k, n), type: IMPORTS[k].type === 'server_inventory' ? 'server' : 'server' };
  };
  return rawImportRecord.spec(
    perClient(
      clients,
      RECORDS_PER_ENGAGEMENT,
      rawImportRecord.named((c, r) => {
        const { k, n } = recordOf(r);
        const { a, type } = attrsOf(c, r);
        const previousName = n > 0 ? attrsOf(c, r - 1).a.name : a.name;
        const bad = k === FAILED_IMPORT ? invalidKind(n) : undefined;
        return {
          id: rawRecordId(ctx, c, r),
          client_account_id: clientId(ctx, c),
          engagement_id: engagementId(ctx, c),
          data_import_id: importId(ctx, c, k),
          row_number: n + 1,
          raw_data: rawData(a, type, k, n, previousName),
          is_processed: IMPORTS[k].status === 'completed',
          is_valid: bad === undefined,
          validation_errors: bad
            ? [
                {
                  code: bad,
                  field:
                    bad === 'duplicate_ci'
                      ? 'name'
                      : bad === 'missing_hostname'
                        ? 'hostname'
                        : bad === 'invalid_ip_address'
                          ? 'ip_address'
                          : 'operating_system',
                },
              ]
            : null,
          created_at: importTime(k) + Math.floor(n / 50) * MINUTE,
        };
      }),
    ),
  );
}
