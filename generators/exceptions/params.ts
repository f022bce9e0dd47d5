/** Parameters of the exceptions dataset (seed document 000's flags) and its size profiles. */
import { z } from 'zod';
import { TENANTS } from './tenants.ts';

const tenantIds = TENANTS.map((t) => t.id);
const domains = [...new Set(TENANTS.map((t) => t.domain))];

export const ExceptionsParams = z
  .object({
    /** Exceptions per tenant (the document's --count, default 100). */
    count: z.coerce.number().int().min(1).max(10_000_000),
    /** One tenant (the document's --tenant), or '' for all tenants (--all-tenants). */
    tenant: z.string().refine((v) => v === '' || tenantIds.includes(v), { message: `must be one of ${tenantIds.join(', ')} (or empty for all tenants)` }),
    /** The tenant's domain (--domain): must be the tenant's own; alone, it selects the tenants of that domain. */
    domain: z.string().refine((v) => v === '' || domains.includes(v), { message: `must be one of ${domains.join(', ')} (or empty)` }),
    /**
     * "Now" for the data: exceptions fall in the 7 days before it, SLA
     * deadlines are near breach relative to it, every event is at or before
     * it. A declared constant, never the clock, so builds are reproducible.
     */
    referenceTime: z.iso.datetime({ offset: false }),
  })
  .superRefine((p, ctx) => {
    const t = TENANTS.find((x) => x.id === p.tenant);
    if (t && p.domain !== '' && p.domain !== t.domain)
      ctx.addIssue({ code: 'custom', path: ['domain'], message: `tenant ${t.id} is in domain ${t.domain}, not ${p.domain}` });
  });

export type ExceptionsParams = z.infer<typeof ExceptionsParams>;

/** The tenants a build covers, as indexes into TENANTS (ids stay those of the full set). */
export function selectedTenants(p: ExceptionsParams): boolean[] {
  return TENANTS.map((t) => (p.tenant === '' || p.tenant === t.id) && (p.domain === '' || p.domain === t.domain));
}

const common = { tenant: '', domain: '', referenceTime: '2025-01-15T12:00:00Z' } as const;

export const profiles: Record<string, ExceptionsParams> = {
  /** Golden files and fast tests. */
  tiny: { ...common, count: 20 },
  /** The document's default: --count 100 per tenant. */
  local: { ...common, count: 100 },
  /** The document's full demo: --all-tenants --count 500. */
  demo: { ...common, count: 500 },
  /** Scale: 1M exceptions per tenant (about 20M events). */
  large: { ...common, count: 1_000_000 },
};
