/**
 * Push mappings declared by datasets (`forge push` without --mapping): how a
 * dataset's tables become requests to the application's own API.
 */
import type { PushMappingInput } from '../src/push/mapping.ts';

/**
 * `exceptions` into the ingestion API of seed document 001: one POST per
 * exception to /exceptions/{tenantId}, in each tenant's order, with the
 * document's tenant ids (TENANT_FINANCE_001, TENANT_HEALTHCARE_042), ids
 * FIN-{UUID}-{sequence} / HC-{UUID}-{sequence}, the document's exception
 * types per domain (the packs' types mapped to them) and their severities.
 */
const exceptions: PushMappingInput = {
  healthPath: '/health',
  authHeader: 'X-API-Key',
  maps: {
    prefix: { CapitalMarketsTrading: 'FIN', HealthcareClaimsAndCareOps: 'HC' },
    // The packs' exception types → document 001's names.
    type: {
      SETTLEMENT_FAIL: 'SETTLEMENT_FAIL',
      ALLOCATION_MISMATCH: 'FAILED_ALLOCATION',
      POSITION_BREAK: 'POSITION_BREAK',
      REG_REPORT_REJECTED: 'REG_REPORT_REJECTED',
      MISSING_SSI: 'CASH_BREAK',
      PRICE_TOLERANCE_BREACH: 'MISMATCHED_TRADE_DETAILS',
      MISSING_AUTHORIZATION: 'CLAIM_MISSING_AUTH',
      CODE_MISMATCH: 'CLAIM_CODE_MISMATCH',
      PROVIDER_CREDENTIAL_EXPIRED: 'PROVIDER_CREDENTIAL_EXPIRED',
      DEMOGRAPHIC_CONFLICT: 'PATIENT_DEMOGRAPHIC_CONFLICT',
      DUPLICATE_CLAIM: 'PHARMACY_DUPLICATE_THERAPY',
      ELIGIBILITY_LAPSE: 'ELIGIBILITY_COVERAGE_LAPSE',
    },
    // Document 001's severity per type (the two it leaves open: MEDIUM, as the finance pack has them).
    severity: {
      SETTLEMENT_FAIL: 'HIGH',
      ALLOCATION_MISMATCH: 'MEDIUM',
      POSITION_BREAK: 'CRITICAL',
      REG_REPORT_REJECTED: 'HIGH',
      MISSING_SSI: 'HIGH',
      PRICE_TOLERANCE_BREACH: 'MEDIUM',
      MISSING_AUTHORIZATION: 'HIGH',
      CODE_MISMATCH: 'MEDIUM',
      PROVIDER_CREDENTIAL_EXPIRED: 'HIGH',
      DEMOGRAPHIC_CONFLICT: 'LOW',
      DUPLICATE_CLAIM: 'CRITICAL',
      ELIGIBILITY_LAPSE: 'HIGH',
    },
  },
  tables: [
    {
      table: 'exception',
      method: 'POST',
      path: '/exceptions/{tenant_id}',
      ordered: true,
      values: { tenant_id: { TENANT_HEALTH_001: 'TENANT_HEALTHCARE_042' } },
      body: {
        exceptionId: '{domain|map:prefix}-{exception_id|uuid}-{exception_id|last:-}',
        tenantId: '{tenant_id}',
        sourceSystem: '{source_system}',
        exceptionType: '{exception_type|map:type}',
        severity: '{exception_type|map:severity}',
        timestamp: '{created_at}',
        rawPayload: '{payload}',
      },
    },
  ],
};

export const pushMappings: Record<string, PushMappingInput> = { exceptions };
