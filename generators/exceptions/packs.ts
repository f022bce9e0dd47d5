/**
 * Domain packs and tenant policy packs (seed document 000): JSON files in
 * domainpacks/ and tenantpacks/ beside this file, as the document ships
 * them. A missing file gives the minimal built-in pack; a malformed one
 * stops the build with one line naming the file and the key.
 */
import { z } from 'zod';
import type { PackSpec } from '../../src/core/pack.ts';
import { ForgeError } from '../../src/errors.ts';
import { datasetDir, readPack } from '../../src/packs/read-pack.ts';

export const SEVERITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
const Severity = z.enum(SEVERITIES);

const json = z.json();

export const DomainPack = z.object({
  domainName: z.string().min(1),
  version: z.string().min(1),
  description: z.string().optional(),
  entities: z.array(z.object({ name: z.string().min(1), idPrefix: z.string().regex(/^[A-Z]{2,6}$/), attributes: z.array(z.string()) })).min(1),
  exceptionTypes: z
    .array(z.object({ name: z.string().regex(/^[A-Z][A-Z0-9_]*$/), description: z.string(), entity: z.string(), defaultSeverity: Severity }))
    .min(1),
  severityRules: z.array(z.object({ condition: z.string(), severity: Severity })).default([]),
  sourceSystems: z.array(z.string().min(1)).min(1),
  /** The domain's tools; the first three become each tenant's tools. */
  tools: z.array(z.object({ name: z.string().regex(/^[a-z][A-Za-z0-9]*$/), description: z.string(), method: z.enum(['GET', 'POST']) })).min(3),
  /** Names of the six playbooks each tenant of the domain gets. */
  playbooks: z.array(z.object({ name: z.string().min(1), exceptionType: z.string() })).length(6),
  guardrails: z.record(z.string(), json).default({}),
});
export type DomainPack = z.infer<typeof DomainPack>;

export const TenantPack = z.object({
  tenantId: z.string().min(1),
  domainName: z.string().min(1),
  version: z.string().min(1),
  customSeverityOverrides: z.array(z.object({ exceptionType: z.string(), severity: Severity })).default([]),
  customGuardrails: z.record(z.string(), json).default({}),
  approvedTools: z.array(z.string()).default([]),
  humanApprovalRules: z.array(z.object({ when: z.string(), approvers: z.array(z.string()) })).default([]),
  retentionPolicies: z.record(z.string(), z.number().int().positive()).default({}),
});
export type TenantPack = z.infer<typeof TenantPack>;

/** The minimal domain pack the document's seeder creates when a file is missing. */
export function minimalDomainPack(domainName: string, entity: string, prefix: string, tools: readonly string[]): DomainPack {
  return {
    domainName,
    version: '0.0.0-minimal',
    description: `minimal built-in pack for ${domainName}`,
    entities: [{ name: entity, idPrefix: prefix, attributes: ['id'] }],
    exceptionTypes: [
      { name: 'DATA_QUALITY_ISSUE', description: 'Record failed a data quality check', entity, defaultSeverity: 'MEDIUM' },
      { name: 'PROCESSING_FAILURE', description: 'Downstream processing failed', entity, defaultSeverity: 'HIGH' },
    ],
    severityRules: [],
    sourceSystems: ['CoreSystem'],
    tools: tools.map((name) => ({ name, description: `${name} (minimal pack)`, method: 'GET' as const })),
    playbooks: Array.from({ length: 6 }, (_, i) => ({ name: `Generic Playbook ${i + 1}`, exceptionType: i % 2 ? 'PROCESSING_FAILURE' : 'DATA_QUALITY_ISSUE' })),
    guardrails: {},
  };
}

export function minimalTenantPack(tenantId: string, domainName: string): TenantPack {
  return {
    tenantId,
    domainName,
    version: '0.0.0-minimal',
    customSeverityOverrides: [],
    customGuardrails: {},
    approvedTools: [],
    humanApprovalRules: [],
    retentionPolicies: {},
  };
}

export interface LoadedPacks {
  domain: DomainPack;
  tenant: TenantPack;
  /** 'file' or 'fallback', per pack: recorded in the packs' rows. */
  domainSource: 'file' | 'fallback';
  tenantSource: 'file' | 'fallback';
}

export function domainPackSpec(file: string, fallback: DomainPack): PackSpec<DomainPack> {
  return { file, schema: DomainPack, fallback };
}

export function tenantPackSpec(file: string, fallback: TenantPack): PackSpec<TenantPack> {
  return { file, schema: TenantPack, fallback };
}

/** Reads one tenant's packs from `dir` (the dataset's folder by default). */
export function loadPacks(
  t: { id: string; domain: string; entity: string; prefix: string; tools: readonly string[]; domainPackFile: string; tenantPackFile: string },
  dir = datasetDir('exceptions'),
): LoadedPacks {
  const d = readPack(dir, domainPackSpec(t.domainPackFile, minimalDomainPack(t.domain, t.entity, t.prefix, t.tools)));
  const p = readPack(dir, tenantPackSpec(t.tenantPackFile, minimalTenantPack(t.id, t.domain)));
  // What zod cannot see: the packs must be those of this tenant and domain,
  // and playbooks must name exception types of the pack.
  const bad = (file: string, key: string, why: string) =>
    new ForgeError('BAD_PACK', `pack ${file}: key ${key}: ${why}`, 'fix the file, or remove it to use the built-in minimal pack');
  if (d.value.domainName !== t.domain)
    throw bad(t.domainPackFile, 'domainName', `is ${JSON.stringify(d.value.domainName)}, tenant ${t.id} is in domain ${t.domain}`);
  if (p.value.tenantId !== t.id) throw bad(t.tenantPackFile, 'tenantId', `is ${JSON.stringify(p.value.tenantId)}, expected ${t.id}`);
  if (p.value.domainName !== t.domain) throw bad(t.tenantPackFile, 'domainName', `is ${JSON.stringify(p.value.domainName)}, expected ${t.domain}`);
  const types = new Set(d.value.exceptionTypes.map((e) => e.name));
  d.value.playbooks.forEach((pb, i) => {
    if (!types.has(pb.exceptionType)) throw bad(t.domainPackFile, `playbooks[${i}].exceptionType`, `${pb.exceptionType} is not one of exceptionTypes`);
  });
  return { domain: d.value, tenant: p.value, domainSource: d.source, tenantSource: p.source };
}
