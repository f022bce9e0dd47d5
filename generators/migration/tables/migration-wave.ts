import type { GenContext } from '../../../src/core/context.ts';
import type { TableSpec } from '../../../src/core/dataset.ts';
import { col, defineTable } from '../../../src/core/table.ts';
import { CATEGORY_COUNTS, clientId, engagementId, idOf, inWavesUpTo, tenantPolicy, WAVES } from '../model.ts';
import { clientCol, perClient, sameTenant } from '../tenant.ts';

export const WAVE_STATUS = ['completed', 'in_progress', 'planning', 'planned', 'planned'] as const;
const MONTHS = ['2024-03-01', '2024-06-01', '2024-09-01', '2024-12-01', '2025-03-01', '2025-06-01'];

export const migrationWave = defineTable({
  name: 'migration_wave',
  role: 'dimension',
  tenantColumn: 'client_account_id',
  columns: [
    col.uuid('id').primaryKey(),
    clientCol(),
    col.uuid('engagement_id'),
    col.smallint('wave_number'),
    col.text('name'),
    col.text('status'),
    col.date('planned_start'),
    col.date('planned_end'),
    col.integer('asset_count'),
    col.numeric('estimated_cost_usd', 14, 2),
    col.text('notes'),
  ],
  unique: [
    ['client_account_id', 'id'],
    ['engagement_id', 'wave_number'],
  ],
  foreignKeys: [sameTenant('engagement_id', 'engagement')],
  defaults: { status: "'planned'" },
  checks: { wave_number_range: 'wave_number BETWEEN 1 AND 5', dates_ordered: 'planned_end > planned_start' },
  policies: tenantPolicy,
});

export const waveId = (ctx: GenContext, c: number, w: number) => idOf(ctx, 'migration_wave', 0x0a, c, w - 1);
export const waveAssets = (w: number) => CATEGORY_COUNTS.reduce((n, _x, rank) => n + inWavesUpTo(rank, w) - inWavesUpTo(rank, w - 1), 0);

/** Five waves: infrastructure first, then applications in growing waves; wave 1 done, 2 running, 3 being planned. */
export function migrationWaveTable(ctx: GenContext, clients: number): TableSpec {
  return migrationWave.spec(
    perClient(
      clients,
      WAVES,
      migrationWave.named((c, k) => {
        const w = k + 1;
        return {
          id: waveId(ctx, c, w),
          client_account_id: clientId(ctx, c),
          engagement_id: engagementId(ctx, c),
          wave_number: w,
          name: `Wave ${w}: ${['network and core infrastructure', 'shared databases', 'business applications I', 'business applications II', 'legacy and long tail'][k]}`,
          status: WAVE_STATUS[k],
          planned_start: MONTHS[k],
          planned_end: MONTHS[k + 1],
          asset_count: waveAssets(w),
          estimated_cost_usd: (waveAssets(w) * 4200 + w * 15000).toFixed(2),
          notes: w === 3 ? 'Wave planning in progress: sequencing against cross-dependencies' : `${WAVE_STATUS[k].replace('_', ' ')}`,
        };
      }),
    ),
  );
}
