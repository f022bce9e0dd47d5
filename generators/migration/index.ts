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
import { agentExecutionTable } from './tables/agent-execution.ts';
import { agentInsightTable } from './tables/agent-insight.ts';
import { agentLearningPatternTable } from './tables/agent-learning-pattern.ts';
import { appUserTable } from './tables/app-user.ts';
import { applicationAssessmentTable } from './tables/application-assessment.ts';
import { assetDependencyTable } from './tables/asset-dependency.ts';
import { assetTable } from './tables/asset.ts';
import { clientAccountTable } from './tables/client-account.ts';
import { dataImportTable } from './tables/data-import.ts';
import { discoveryFlowTable } from './tables/discovery-flow.ts';
import { engagementTable } from './tables/engagement.ts';
import { fieldMappingTable } from './tables/field-mapping.ts';
import { importProcessingStepTable } from './tables/import-processing-step.ts';
import { importValidationErrorTable } from './tables/import-validation-error.ts';
import { migrationStrategyTable } from './tables/migration-strategy.ts';
import { migrationWaveTable } from './tables/migration-wave.ts';
import { rawImportRecordTable } from './tables/raw-import-record.ts';
import { securityFindingTable } from './tables/security-finding.ts';
import { techDebtItemTable } from './tables/tech-debt-item.ts';

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
