/**
 * What `forge validate` checks of a migration artifact or loaded database
 * beyond keys, foreign keys and tenant isolation: document 002's e-mail
 * domain and its promised sizes. The demo users' addresses on democorp.com
 * are the document's fixed identities (demo@, analyst@, manager@), so that
 * one domain is allowed beside the reserved ones (RFC 2606/6761); other
 * client accounts use tenantN.example.com and hosts *.local. Every table
 * must be populated; the document's fixed counts are exact.
 */
import type { DatasetValidation } from '../../src/core/validation.ts';
import { DEFAULT_EMAIL_DOMAINS } from '../../src/core/validation.ts';
import { ASSETS_PER_ENGAGEMENT, CATEGORY_COUNTS, domainOf, USERS, WAVES } from './model.ts';
import { FLOWS, IMPORTS, RECORDS_PER_ENGAGEMENT } from './scenarios.ts';

export function migrationValidation(clients: number, tables: readonly string[]): DatasetValidation {
  const n = clients;
  return {
    emailDomains: [...DEFAULT_EMAIL_DOMAINS, domainOf(0)],
    counts: {
      tables: {
        client_account: n,
        engagement: n,
        app_user: USERS.length * n,
        discovery_flow: FLOWS.length * n,
        data_import: IMPORTS.length * n,
        raw_import_record: RECORDS_PER_ENGAGEMENT * n,
        migration_wave: WAVES * n,
        asset: ASSETS_PER_ENGAGEMENT * n,
        // One 6R strategy and one assessment per application.
        migration_strategy: CATEGORY_COUNTS[0] * n,
        application_assessment: CATEGORY_COUNTS[0] * n,
      },
      // Document 002: every table has demo data, and 1000+ raw import records.
      min: { ...Object.fromEntries(tables.map((t) => [t, 1])), raw_import_record: 1000 * n },
    },
  };
}
