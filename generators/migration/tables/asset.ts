import type { GenContext } from '../../../src/core/context.ts';
import type { TableSpec } from '../../../src/core/dataset.ts';
import { chance, intIn, pick, Weighted } from '../../../src/core/random.ts';
import { col, defineTable } from '../../../src/core/table.ts';
import { ASSETS_PER_ENGAGEMENT, CATEGORIES, clientId, DAY, engagementId, hostnameOf, idOf, ipOf, tenantPolicy, type AssetSlot, type Layout } from '../model.ts';
import { recordBase } from '../scenarios.ts';
import { clientCol, perClient, sameTenant } from '../tenant.ts';
import { flowId, flowStart } from './discovery-flow.ts';
import { rawRecordId } from './raw-import-record.ts';
import { waveId } from './migration-wave.ts';

const PRIVATE_IPV4 = "(ip_address::inet <<= '10.0.0.0/8'::inet OR ip_address::inet <<= '172.16.0.0/12'::inet OR ip_address::inet <<= '192.168.0.0/16'::inet)";

export const asset = defineTable({
  name: 'asset',
  role: 'fact',
  tenantColumn: 'client_account_id',
  columns: [
    col.uuid('id').primaryKey(),
    clientCol(),
    col.uuid('engagement_id'),
    col.uuid('discovery_flow_id'),
    col.uuid('raw_import_record_id').nullable(),
    col.uuid('wave_id'),
    col.text('name'),
    col.text('asset_type'),
    col.text('hostname'),
    col.text('ip_address'),
    col.text('os_family').nullable(),
    col.text('operating_system').nullable(),
    col.smallint('cpu_cores').nullable(),
    col.integer('memory_gb').nullable(),
    col.integer('storage_gb').nullable(),
    col.text('technology'),
    col.text('environment'),
    col.text('criticality'),
    col.text('business_owner'),
    col.text('technical_owner'),
    col.text('department'),
    col.text('location'),
    col.text('discovery_status'),
    col.text('migration_status'),
    col.jsonb('custom_attributes'),
    col.timestamptz('discovered_at'),
  ],
  unique: [
    ['client_account_id', 'id'],
    ['engagement_id', 'hostname'],
    ['engagement_id', 'ip_address'],
  ],
  foreignKeys: [
    sameTenant('engagement_id', 'engagement'),
    sameTenant('discovery_flow_id', 'discovery_flow'),
    sameTenant('raw_import_record_id', 'raw_import_record'),
    sameTenant('wave_id', 'migration_wave'),
  ],
  indexes: [['asset_type'], ['wave_id']],
  defaults: { discovery_status: "'discovered'", migration_status: "'not_started'", custom_attributes: "'{}'::jsonb", discovered_at: 'now()' },
  checks: {
    asset_type_valid: `asset_type IN (${CATEGORIES.map((c) => `'${c}'`).join(', ')})`,
    ip_private: PRIVATE_IPV4,
    server_os: "asset_type <> 'server' OR os_family IN ('Linux', 'Windows')",
  },
  policies: tenantPolicy,
});

const LINUX = ['RHEL 8.6', 'Ubuntu 22.04 LTS', 'CentOS 7.9', 'SUSE Linux Enterprise 15'];
const WINDOWS = ['Windows Server 2019', 'Windows Server 2016', 'Windows Server 2022', 'Windows Server 2012 R2'];
const STACKS = ['Java / Spring Boot', '.NET Framework 4.8', 'Node.js', 'Python / Django', 'COBOL / CICS', 'PHP / Laravel', '.NET 6'];
const ENGINES = ['PostgreSQL 12', 'Oracle 19c', 'SQL Server 2016', 'MySQL 5.7', 'MongoDB 4.4'];
const DEVICES = ['Router', 'Core switch', 'Firewall', 'Load balancer', 'VPN gateway'];
const APP_AREAS = ['Billing', 'Payroll', 'CRM', 'Inventory', 'Order', 'Claims', 'Reporting', 'HR', 'Customer', 'Logistics', 'Pricing', 'Identity'];
const APP_KINDS = ['Portal', 'Service', 'API', 'Batch', 'Dashboard', 'Engine'];
export const DEPARTMENTS = ['Finance', 'Sales', 'Operations', 'HR', 'Engineering'];
const TEAMS = ['Platform Team', 'Database Team', 'Network Operations', 'App Support', 'Windows Team', 'Linux Team'];
const LOCATIONS = ['DC-East', 'DC-West', 'Branch-NYC', 'Branch-London'];
const environment = new Weighted<string>([
  ['production', 5],
  ['staging', 2],
  ['development', 2],
  ['dr', 1],
]);
const criticality = new Weighted<string>([
  ['low', 2],
  ['medium', 4],
  ['high', 3],
  ['critical', 1],
]);

export interface AssetAttrs {
  name: string;
  hostname: string;
  ip: string;
  osFamily: string | null;
  os: string | null;
  cpu: number | null;
  memory: number | null;
  storage: number | null;
  technology: string;
  environment: string;
  criticality: string;
  owner: string;
  team: string;
  department: string;
  location: string;
}

/** An asset's attributes: a pure function of (client, slot), shared with the raw import record it came from. */
export function assetAttrs(ctx: GenContext, c: number, index: number, slot: AssetSlot): AssetAttrs {
  const s = (column: string) => ctx.stream('asset', column).at2(c, index);
  const server = slot.category === 'server';
  const osFamily = server ? (chance(s('os_family'), 0.6) ? 'Linux' : 'Windows') : slot.category === 'database' ? 'Linux' : null;
  const os =
    osFamily === 'Linux'
      ? pick(s('os'), LINUX)
      : osFamily === 'Windows'
        ? pick(s('os'), WINDOWS)
        : slot.category === 'network_device'
          ? 'Cisco IOS XE 17'
          : null;
  const technology =
    slot.category === 'application'
      ? pick(s('technology'), STACKS)
      : slot.category === 'database'
        ? pick(s('technology'), ENGINES)
        : slot.category === 'network_device'
          ? pick(s('technology'), DEVICES)
          : chance(s('technology'), 0.8)
            ? 'VMware VM'
            : 'Physical';
  const n = String(slot.j + 1).padStart(3, '0');
  const name =
    slot.category === 'application'
      ? `${pick(s('name'), APP_AREAS)} ${pick(s('name2'), APP_KINDS)} ${n}`
      : slot.category === 'database'
        ? `${technology.split(' ')[0]} ${pick(s('name'), APP_AREAS).toLowerCase()} db ${n}`
        : slot.category === 'network_device'
          ? `${technology} ${n}`
          : `${osFamily === 'Linux' ? 'LNX' : 'WIN'}-SRV-${n}`;
  const hasSpecs = server || slot.category === 'database';
  return {
    name,
    hostname: hostnameOf(c, slot, osFamily),
    ip: ipOf(slot),
    osFamily,
    os,
    cpu: hasSpecs ? 2 ** intIn(s('cpu_cores'), 1, 6) : null,
    memory: hasSpecs ? 2 ** intIn(s('memory_gb'), 2, 8) : null,
    storage: hasSpecs ? 50 * intIn(s('storage_gb'), 2, 80) : null,
    technology,
    environment: environment.pick(s('environment')),
    criticality: criticality.pick(s('criticality')),
    owner: ctx.faker.at(s('business_owner')).person.fullName(),
    team: pick(s('technical_owner'), TEAMS),
    department: pick(s('department'), DEPARTMENTS),
    location: pick(s('location'), LOCATIONS),
  };
}

export const assetId = (ctx: GenContext, c: number, i: number) => idOf(ctx, 'asset', 0x0b, c, i);

export function assetTable(ctx: GenContext, clients: number, layout: Layout): TableSpec {
  return asset.spec(
    perClient(
      clients,
      ASSETS_PER_ENGAGEMENT,
      asset.named((c, i) => {
        const slot = layout.slots[i];
        const a = assetAttrs(ctx, c, i, slot);
        return {
          id: assetId(ctx, c, i),
          client_account_id: clientId(ctx, c),
          engagement_id: engagementId(ctx, c),
          discovery_flow_id: flowId(ctx, c, slot.flow),
          raw_import_record_id: slot.importIndex < 0 ? null : rawRecordId(ctx, c, recordBase(slot.importIndex) + slot.record),
          wave_id: waveId(ctx, c, slot.wave),
          name: a.name,
          asset_type: slot.category,
          hostname: a.hostname,
          ip_address: a.ip,
          os_family: a.osFamily,
          operating_system: a.os,
          cpu_cores: a.cpu,
          memory_gb: a.memory,
          storage_gb: a.storage,
          technology: a.technology,
          environment: a.environment,
          criticality: a.criticality,
          business_owner: a.owner,
          technical_owner: a.team,
          department: a.department,
          location: a.location,
          // Flows 1 and 2 analysed their assets (scenarios 1 and 3); flow 3 stopped at the inventory.
          discovery_status: slot.flow < 2 ? 'analyzed' : 'discovered',
          migration_status: slot.wave === 1 ? 'migrated' : slot.wave === 2 ? 'in_progress' : 'not_started',
          custom_attributes: { source: slot.importIndex < 0 ? 'agent_discovery' : 'import', wave: slot.wave },
          discovered_at: flowStart(slot.flow) + 2 * DAY,
        };
      }),
    ),
  );
}
