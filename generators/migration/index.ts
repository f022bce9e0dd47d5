/**
 * The `migration` dataset (seed document 002): a cloud-migration platform's
 * full demo reset. Demo Corporation (client account 1111…, engagement
 * 2222…, demo@democorp.com and two team users), five discovery flows, five
 * imports with 1,020 CMDB-like raw records, field mappings and processing
 * history, exactly 500 assets with an acyclic dependency graph consistent
 * with five waves, 6R strategies, assessments and agent history. Every
 * tenant-owned row carries its client account; references are composite
 * foreign keys inside the tenant, and row-level security policies keyed on
 * `app.client_account_id` isolate tenants in the database. The `multi`
 * profile adds a second client account to prove that isolation.
 */
import { z } from 'zod';
import { defineDataset } from '../../src/core/dataset.ts';
import { layout } from './model.ts';
import { IMPORT_RECORDS } from './scenarios.ts';
import { agentExecution, agentExecutionTable } from './tables/agent-execution.ts';
import { agentInsight, agentInsightTable } from './tables/agent-insight.ts';
import { agentLearningPattern, agentLearningPatternTable } from './tables/agent-learning-pattern.ts';
import { appUser, appUserTable } from './tables/app-user.ts';
import { applicationAssessment, applicationAssessmentTable } from './tables/application-assessment.ts';
import { assetDependency, assetDependencyTable } from './tables/asset-dependency.ts';
import { asset, assetTable } from './tables/asset.ts';
import { clientAccount, clientAccountTable } from './tables/client-account.ts';
import { dataImport, dataImportTable } from './tables/data-import.ts';
import { discoveryFlow, discoveryFlowTable } from './tables/discovery-flow.ts';
import { engagement, engagementTable } from './tables/engagement.ts';
import { fieldMapping, fieldMappingTable } from './tables/field-mapping.ts';
import { importProcessingStep, importProcessingStepTable } from './tables/import-processing-step.ts';
import { importValidationError, importValidationErrorTable } from './tables/import-validation-error.ts';
import { migrationStrategy, migrationStrategyTable } from './tables/migration-strategy.ts';
import { migrationWave, migrationWaveTable } from './tables/migration-wave.ts';
import { rawImportRecord, rawImportRecordTable } from './tables/raw-import-record.ts';
import { securityFinding, securityFindingTable } from './tables/security-finding.ts';
import { techDebtItem, techDebtItemTable } from './tables/tech-debt-item.ts';
import { migrationValidation } from './validation.ts';

/** Every table's name: each must be populated (forge validate). */
const TABLES = [
  clientAccount.name,
  engagement.name,
  appUser.name,
  discoveryFlow.name,
  dataImport.name,
  rawImportRecord.name,
  importValidationError.name,
  fieldMapping.name,
  importProcessingStep.name,
  migrationWave.name,
  asset.name,
  assetDependency.name,
  migrationStrategy.name,
  applicationAssessment.name,
  techDebtItem.name,
  securityFinding.name,
  agentExecution.name,
  agentInsight.name,
  agentLearningPattern.name,
];

const Params = z.object({ clients: z.coerce.number().int().min(1).max(1000) });
export type MigrationParams = z.infer<typeof Params>;

export default defineDataset<MigrationParams>({
  name: 'migration',
  version: '1.0.0',
  description: 'cloud-migration platform demo reset (document 002): demo client, flows, imports, 500 assets, waves, dependencies, assessments, agent history',
  profiles: {
    /** Exactly the document: Demo Corporation alone. */
    demo: { clients: 1 },
    /** The golden profile (forge golden uses `tiny` everywhere): the demo itself, the document's sizes being fixed. */
    tiny: { clients: 1 },
    /** The demo client and a second client account, to see tenant isolation at work. */
    multi: { clients: 2 },
  },
  defaultProfile: 'demo',
  parseParams: (raw) => Params.parse(raw),
  validation: (p) => migrationValidation(p.clients, TABLES),
  tables: (ctx, p) => {
    const l = layout(ctx, IMPORT_RECORDS);
    const n = p.clients;
    return [
      clientAccountTable(ctx, n),
      engagementTable(ctx, n),
      appUserTable(ctx, n),
      discoveryFlowTable(ctx, n),
      dataImportTable(ctx, n),
      rawImportRecordTable(ctx, n, l),
      importValidationErrorTable(ctx, n),
      fieldMappingTable(ctx, n),
      importProcessingStepTable(ctx, n),
      migrationWaveTable(ctx, n),
      assetTable(ctx, n, l),
      assetDependencyTable(ctx, n, l),
      migrationStrategyTable(ctx, n, l),
      applicationAssessmentTable(ctx, n, l),
      techDebtItemTable(ctx, n, l),
      securityFindingTable(ctx, n, l),
      agentExecutionTable(ctx, n),
      agentInsightTable(ctx, n),
      agentLearningPatternTable(ctx, n),
    ];
  },
});
