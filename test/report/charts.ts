/** Reading a report's charts from its markup (without a browser). */
import assert from 'node:assert/strict';

/** Data points each chart drew, by figure id; asserts each figure's data-points matches what it drew. */
export function chartsOf(html: string): Map<string, number> {
  const charts = new Map<string, number>();
  for (const m of html.matchAll(/<figure class="chart" id="([^"]+)" data-points="(\d+)">([\s\S]*?)<\/figure>/g)) {
    const drawn = (m[3].match(/class="pt[ "]/g) ?? []).length;
    assert.equal(drawn, Number(m[2]), `${m[1]}: data-points says ${m[2]}, ${drawn} drawn`);
    charts.set(m[1], drawn);
  }
  return charts;
}

/** The charts every retail report draws (the markup test adds the per-table ones it checks). */
export const RETAIL_CHARTS = [
  'chart-row-counts',
  'chart-sales',
  'chart-rows',
  'chart-series-1',
  'chart-weekly',
  'chart-monthly',
  'chart-inventory',
  'chart-elasticity',
];
