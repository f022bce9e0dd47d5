/**
 * The five discovery flows and five imports of one engagement, and the four
 * demo scenarios of document 002 they make visible:
 *   1. complete discovery journey: flow 0, CMDB import done, 100 assets analysed, ready for planning;
 *   2. in-progress analysis: flow 3, data imported, field mappings awaiting approval;
 *   3. complex enterprise: flow 1, two sources (JSON + Excel), cross-dependencies, technical debt, wave planning in progress;
 *   4. failed import recovery: flow 4, import with validation errors on real raw records, recovery options.
 */
export const PHASES = ['data_import', 'field_mapping', 'data_cleansing', 'asset_inventory', 'dependency_analysis', 'tech_debt_assessment'] as const;

export interface FlowSpec {
  name: string;
  status: 'completed' | 'in_progress' | 'failed';
  /** Phases done (a prefix of PHASES); the current phase is the next one, or the last when complete. */
  phasesDone: number;
  scenario: string;
  startedDaysAgo: number;
}

export const FLOWS: readonly FlowSpec[] = [
  { name: 'CMDB discovery: core data centre', status: 'completed', phasesDone: 6, scenario: 'complete_discovery_journey', startedDaysAgo: 60 },
  { name: 'Enterprise portfolio: multi-source discovery', status: 'completed', phasesDone: 5, scenario: 'complex_enterprise_environment', startedDaysAgo: 45 },
  { name: 'Branch offices inventory', status: 'completed', phasesDone: 4, scenario: 'inventory_only', startedDaysAgo: 30 },
  { name: 'Finance applications discovery', status: 'in_progress', phasesDone: 1, scenario: 'in_progress_analysis', startedDaysAgo: 3 },
  { name: 'Legacy mainframe export', status: 'failed', phasesDone: 0, scenario: 'failed_import_recovery', startedDaysAgo: 2 },
];

export interface ImportSpec {
  flow: number;
  name: string;
  type: string;
  format: 'csv' | 'json' | 'xlsx';
  filename: string;
  records: number;
  status: 'completed' | 'pending_approval' | 'failed';
  /** Source field → target attribute, in the file's own naming. */
  fields: readonly (readonly [string, string])[];
}

const CMDB_FIELDS = [
  ['CI_Name', 'name'],
  ['CI_Class', 'asset_type'],
  ['Hostname', 'hostname'],
  ['IP_Address', 'ip_address'],
  ['OS', 'operating_system'],
  ['CPU_Count', 'cpu_cores'],
  ['RAM_GB', 'memory_gb'],
  ['Disk_GB', 'storage_gb'],
  ['Environment', 'environment'],
  ['Business_Owner', 'business_owner'],
  ['Support_Group', 'technical_owner'],
  ['Location', 'location'],
] as const;
const JSON_FIELDS = [
  ['ciName', 'name'],
  ['ciClass', 'asset_type'],
  ['fqdn', 'hostname'],
  ['primaryIp', 'ip_address'],
  ['osName', 'operating_system'],
  ['vcpus', 'cpu_cores'],
  ['memoryGb', 'memory_gb'],
  ['storageGb', 'storage_gb'],
  ['env', 'environment'],
  ['ownerEmail', 'business_owner'],
] as const;
const XLSX_FIELDS = [
  ['Server Name', 'name'],
  ['Type', 'asset_type'],
  ['Host', 'hostname'],
  ['IP', 'ip_address'],
  ['Operating System', 'operating_system'],
  ['Cores', 'cpu_cores'],
  ['Memory (GB)', 'memory_gb'],
  ['Environment', 'environment'],
  ['Application Owner', 'business_owner'],
  ['Data Centre', 'location'],
  ['Notes', 'description'],
] as const;

export const IMPORTS: readonly ImportSpec[] = [
  {
    flow: 0,
    name: 'ServiceNow CMDB export',
    type: 'cmdb',
    format: 'csv',
    filename: 'cmdb_export_2024-04.csv',
    records: 220,
    status: 'completed',
    fields: CMDB_FIELDS,
  },
  {
    flow: 1,
    name: 'Application portfolio (API export)',
    type: 'application_inventory',
    format: 'json',
    filename: 'app_portfolio.json',
    records: 260,
    status: 'completed',
    fields: JSON_FIELDS,
  },
  {
    flow: 1,
    name: 'Server inventory spreadsheet',
    type: 'server_inventory',
    format: 'xlsx',
    filename: 'server_inventory_Q2.xlsx',
    records: 180,
    status: 'completed',
    fields: XLSX_FIELDS,
  },
  {
    flow: 3,
    name: 'Finance CMDB extract',
    type: 'cmdb',
    format: 'csv',
    filename: 'finance_cmdb.csv',
    records: 200,
    status: 'pending_approval',
    fields: CMDB_FIELDS,
  },
  {
    flow: 4,
    name: 'Mainframe inventory (legacy export)',
    type: 'cmdb',
    format: 'xlsx',
    filename: 'mainframe_inventory_legacy.xlsx',
    records: 160,
    status: 'failed',
    fields: XLSX_FIELDS,
  },
];
export const IMPORT_RECORDS = IMPORTS.map((i) => i.records);
export const RECORDS_PER_ENGAGEMENT = IMPORT_RECORDS.reduce((a, b) => a + b, 0);
/** Records before import k inside one engagement. */
export const recordBase = (k: number) => IMPORT_RECORDS.slice(0, k).reduce((a, b) => a + b, 0);
export const FIELDS_PER_ENGAGEMENT = IMPORTS.reduce((n, i) => n + i.fields.length, 0);
export const fieldBase = (k: number) => IMPORTS.slice(0, k).reduce((n, i) => n + i.fields.length, 0);

/** The failed import (scenario 4): every `INVALID_EVERY`-th record of it is invalid. */
export const FAILED_IMPORT = 4;
export const INVALID_EVERY = 4;
export const VALIDATION_ERRORS = ['missing_hostname', 'invalid_ip_address', 'unknown_operating_system', 'duplicate_ci'] as const;

/** Processing history: the steps an import goes through. */
export const PROCESSING_STEPS = ['upload', 'validation', 'field_mapping', 'cleansing', 'ingestion'] as const;
/** Steps each import reached, and the status of the last one. */
export const importSteps = (k: number): { done: number; last: 'completed' | 'awaiting_approval' | 'failed' } =>
  IMPORTS[k].status === 'completed'
    ? { done: 5, last: 'completed' }
    : IMPORTS[k].status === 'pending_approval'
      ? { done: 3, last: 'awaiting_approval' }
      : { done: 2, last: 'failed' };
