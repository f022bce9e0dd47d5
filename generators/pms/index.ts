/**
 * The HIPAA-safe practice-management system of seed document 003: ten
 * models per tenant (practice profiles, locations, clients, providers,
 * appointments, notes, ledger entries, auth tokens, encryption keys, FHIR
 * mappings) under fixed tenant ids, with the document's `local` and
 * `staging` counts, composite same-tenant foreign keys, and values that are
 * PHI-safe by construction (safe.ts), declared to `forge validate`.
 */
import { defineDataset } from '../../src/core/dataset.ts';
import { PmsModel } from './model.ts';
import { MODELS, PmsParams, profiles, share } from './params.ts';
import { EMAIL_DOMAINS, PHONE_MASKS } from './safe.ts';
import { appointmentTable } from './tables/appointment.ts';
import { authTokenTable } from './tables/auth-token.ts';
import { clientTable } from './tables/client.ts';
import { encryptionKeyTable } from './tables/encryption-key.ts';
import { fhirMappingTable } from './tables/fhir-mapping.ts';
import { ledgerEntryTable } from './tables/ledger-entry.ts';
import { locationTable } from './tables/location.ts';
import { noteTable } from './tables/note.ts';
import { practiceProfileTable } from './tables/practice-profile.ts';
import { providerTable } from './tables/provider.ts';
import { tenantTable } from './tables/tenant.ts';

/** Table of each of the document's models. */
export const TABLE_OF: Record<(typeof MODELS)[number], string> = {
  practice_profiles: 'practice_profile',
  locations: 'location',
  clients: 'client',
  providers: 'provider',
  appointments: 'appointment',
  notes: 'note',
  ledger_entries: 'ledger_entry',
  auth_tokens: 'auth_token',
  encryption_keys: 'encryption_key',
  fhir_mappings: 'fhir_mapping',
};

export default defineDataset<PmsParams>({
  name: 'pms',
  version: '1.0.0',
  description: 'HIPAA-safe practice management (seed document 003): 10 models per tenant, local and staging profiles',
  profiles,
  defaultProfile: 'local',
  parseParams: (raw) => PmsParams.parse(raw) as PmsParams,
  validation: (p) => {
    const tenants = p.tenantIds.split(',');
    return {
      emailDomains: EMAIL_DOMAINS,
      phoneMasks: PHONE_MASKS,
      counts: {
        tables: { tenant: tenants.length, ...Object.fromEntries(MODELS.map((model) => [TABLE_OF[model], p[model]])) },
        perTenant: Object.fromEntries(
          MODELS.map((model) => [TABLE_OF[model], Object.fromEntries(tenants.map((t, i) => [t, share(p[model], tenants.length, i)]))]),
        ),
      },
    };
  },
  tables: (ctx, p) => {
    const m = new PmsModel(ctx, p);
    return [
      tenantTable(m),
      practiceProfileTable(m),
      locationTable(m),
      clientTable(m),
      providerTable(m),
      appointmentTable(m),
      noteTable(m),
      ledgerEntryTable(m),
      authTokenTable(m),
      encryptionKeyTable(m),
      fhirMappingTable(m),
    ];
  },
});
