import type { TableSpec } from '../../../src/core/dataset.ts';
import { fixedRows } from '../../../src/core/rows.ts';
import { col, defineTable } from '../../../src/core/table.ts';
import type { ExceptionsModel } from '../model.ts';
import { TENANTS } from '../tenants.ts';

/** Domain packs as loaded (kept by a tenant reset, as the document says). */
export const domainPack = defineTable({
  name: 'domain_pack',
  role: 'dimension',
  columns: [col.text('domain_name').primaryKey(), col.text('version'), col.text('source'), col.jsonb('pack'), col.timestamptz('loaded_at')],
  checks: { source_valid: "source IN ('file', 'fallback')" },
});

export function domainPackTable(model: ExceptionsModel): TableSpec {
  const seen = new Set<string>();
  const rows = TENANTS.flatMap((t, i) => {
    const p = model.packs[i];
    if (!p || seen.has(t.domain)) return [];
    seen.add(t.domain);
    return [
      domainPack.row({ domain_name: t.domain, version: p.domain.version, source: p.domainSource, pack: p.domain, loaded_at: model.ref - 30 * 86_400_000 }),
    ];
  });
  return domainPack.spec(fixedRows(rows));
}
