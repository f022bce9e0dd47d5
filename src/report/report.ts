/**
 * `forge report`: every table read once, in the source's order (parents
 * first), into the generic summaries and, for the retail tables, the retail
 * aggregates; then one HTML page.
 */
import { renderPage } from './html.ts';
import { retailSections } from './retail-charts.ts';
import { RetailAcc } from './retail.ts';
import type { ReportSource } from './source.ts';
import { TableStatsAcc, type TableStats } from './table-stats.ts';

export async function renderReport(source: ReportSource): Promise<string> {
  const retail = new RetailAcc();
  const stats: TableStats[] = [];
  for (const t of source.tables) {
    const acc = new TableStatsAcc(t);
    const h = retail.handler(t);
    await source.read(
      t,
      h
        ? (r) => {
            acc.add(r);
            h(r);
          }
        : (r) => acc.add(r),
    );
    stats.push(acc.result());
  }
  return renderPage({ source, stats, retail: retailSections(retail) });
}
