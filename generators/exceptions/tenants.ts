/** The two demo tenants of seed document 000, with what the dataset needs to know of each. */
export interface TenantConfig {
  id: string;
  name: string;
  domain: string;
  /** The tenant's code in exception ids: EXC-<code>-YYYYMMDD-00001. */
  code: string;
  /** Domain-appropriate amounts, in dollars (document: Finance $1K-$1M, Healthcare $100-$50K). */
  amount: { min: number; max: number };
  /** Entity and tools of the minimal built-in pack. */
  entity: string;
  prefix: string;
  tools: readonly string[];
  domainPackFile: string;
  tenantPackFile: string;
}

export const TENANTS: readonly TenantConfig[] = [
  {
    id: 'TENANT_FINANCE_001',
    name: 'Finance Trading Demo Tenant',
    domain: 'CapitalMarketsTrading',
    code: 'FIN',
    amount: { min: 1_000, max: 1_000_000 },
    entity: 'Trade',
    prefix: 'TRD',
    tools: ['getOrder', 'getAllocations', 'repairAllocation'],
    domainPackFile: 'domainpacks/finance.sample.json',
    tenantPackFile: 'tenantpacks/tenant_finance.sample.json',
  },
  {
    id: 'TENANT_HEALTH_001',
    name: 'Healthcare Claims Demo Tenant',
    domain: 'HealthcareClaimsAndCareOps',
    code: 'HLT',
    amount: { min: 100, max: 50_000 },
    entity: 'Claim',
    prefix: 'CLM',
    tools: ['getClaim', 'getAuthorization', 'reprocessClaim'],
    domainPackFile: 'domainpacks/healthcare.sample.json',
    tenantPackFile: 'tenantpacks/tenant_healthcare.sample.json',
  },
];

/** Tools every tenant sees (document: notifySlack, sendEmail, createJiraTicket). */
export const GLOBAL_TOOLS = [
  { name: 'notifySlack', description: 'Post a message to a Slack channel', method: 'POST' },
  { name: 'sendEmail', description: 'Send an e-mail notification', method: 'POST' },
  { name: 'createJiraTicket', description: 'Open a Jira ticket for follow-up', method: 'POST' },
] as const;
