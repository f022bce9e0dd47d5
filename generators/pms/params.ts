/**
 * Parameters and size profiles of the practice-management dataset (seed
 * document 003). The document's counts are totals per model, spread over
 * its tenant ids (`local`: 25 clients over 3 tenants is 9 + 8 + 8): its
 * `practice_profiles` count equals its number of tenants, one practice per
 * tenant, which only reads right as totals.
 */
import { z } from 'zod';
import { dayFromIso } from '../../src/core/dates.ts';

export const MODELS = [
  'practice_profiles',
  'locations',
  'clients',
  'providers',
  'appointments',
  'notes',
  'ledger_entries',
  'auth_tokens',
  'encryption_keys',
  'fhir_mappings',
] as const;
export type Model = (typeof MODELS)[number];

const count = z.coerce.number().int().min(0).max(10_000_000);
const TENANT_ID = /^[a-z][a-z0-9_]{0,62}$/;

export const PmsParams = z
  .object({
    /** The tenant ids, comma-separated, in order. */
    tenantIds: z
      .string()
      .refine(
        (s) => s.split(',').every((t) => TENANT_ID.test(t)) && new Set(s.split(',')).size === s.split(',').length,
        'comma-separated distinct lower-case ids',
      ),
    /** The day "now" is for appointments, tokens and keys: a constant, never the clock. */
    referenceDate: z.string().refine((s) => {
      try {
        dayFromIso(s);
        return true;
      } catch {
        return false;
      }
    }, 'must be a date YYYY-MM-DD'),
    ...Object.fromEntries(MODELS.map((m) => [m, count])),
  })
  .superRefine((p, ctx) => {
    const tenants = p.tenantIds.split(',').length;
    // Every tenant needs one of each parent its children pick inside the tenant.
    for (const parent of ['practice_profiles', 'locations', 'clients', 'providers', 'appointments'] as const) {
      if (((p as Record<string, unknown>)[parent] as number) < tenants)
        ctx.addIssue({
          code: 'custom',
          path: [parent],
          message: `must be at least the number of tenants (${tenants}): each tenant's rows pick parents of their own tenant`,
        });
    }
  });

export type PmsParams = { tenantIds: string; referenceDate: string } & Record<Model, number>;

export const profiles: Record<string, PmsParams> = {
  /** Golden files and fast tests: two tenants, a handful of rows each. */
  tiny: {
    tenantIds: 'tiny_tenant_001,tiny_tenant_002',
    referenceDate: '2025-01-06',
    practice_profiles: 2,
    locations: 3,
    clients: 6,
    providers: 4,
    appointments: 8,
    notes: 10,
    ledger_entries: 12,
    auth_tokens: 4,
    encryption_keys: 2,
    fhir_mappings: 10,
  },
  /** The document's LOCAL_CONFIG, exactly. */
  local: {
    tenantIds: 'dev_tenant_001,dev_tenant_002,dev_tenant_003',
    referenceDate: '2025-01-06',
    practice_profiles: 3,
    locations: 6,
    clients: 25,
    providers: 8,
    appointments: 50,
    notes: 75,
    ledger_entries: 100,
    auth_tokens: 15,
    encryption_keys: 10,
    fhir_mappings: 80,
  },
  /** The document's STAGING_CONFIG, exactly. */
  staging: {
    tenantIds: 'staging_tenant_001,staging_tenant_002,staging_tenant_003,staging_tenant_004,staging_tenant_005',
    referenceDate: '2025-01-06',
    practice_profiles: 5,
    locations: 12,
    clients: 100,
    providers: 20,
    appointments: 200,
    notes: 300,
    ledger_entries: 400,
    auth_tokens: 30,
    encryption_keys: 20,
    fhir_mappings: 250,
  },
};

/** Rows of a model that tenant t gets: the total spread evenly, the first tenants taking the remainder. */
export function share(total: number, tenants: number, t: number): number {
  return Math.floor(total / tenants) + (t < total % tenants ? 1 : 0);
}
