/**
 * The report page: one self-contained HTML file. A Content-Security-Policy
 * forbids every fetch and every script, so nothing can reach the network
 * (a browser reports a violation as a console error, which the tests watch).
 */
import type { LoadedFixture } from '../load/metadata.ts';
import { esc, num } from './format.ts';
import type { Section } from './retail-charts.ts';
import type { ReportSource } from './source.ts';
import { barChart, PALETTE } from './svg.ts';
import type { TableStats } from './table-stats.ts';

export interface Defect {
  table: string;
  key: Record<string, unknown>;
  column: string;
  kind: string;
}

const CSS = `
:root{--fg:#111827;--muted:#6b7280;--line:#e5e7eb;--bg:#fff}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:#f9fafb}
header{background:#111827;color:#f9fafb;padding:18px 28px}header h1{margin:0;font-size:20px}header p{margin:4px 0 0;color:#d1d5db}
.dirty{background:#b91c1c;color:#fff;padding:10px 28px;font-weight:600}
nav{padding:8px 28px;background:#fff;border-bottom:1px solid var(--line)}nav a{margin-right:14px;color:#1d4ed8;text-decoration:none}
main{padding:8px 28px 40px;max-width:1100px}section{margin-top:22px}h2{font-size:17px;border-bottom:1px solid var(--line);padding-bottom:4px}
h3{font-size:15px;margin:18px 0 6px}.cards{display:flex;flex-wrap:wrap;gap:10px}.card{background:#fff;border:1px solid var(--line);border-radius:6px;padding:8px 14px;min-width:120px}
.card b{display:block;font-size:18px}.card span{color:var(--muted);font-size:12px}
figure.chart{margin:12px 0;background:#fff;border:1px solid var(--line);border-radius:6px;padding:10px 12px}
figcaption{font-weight:600}.note{margin:2px 0 6px;color:var(--muted);font-size:12px}.warn{color:#b45309}
svg{width:100%;height:auto;display:block}svg text{font-size:11px;fill:#374151}.grid{stroke:#eef0f3}.xtick{stroke:#9ca3af}
.series path{stroke-width:1.3}.holiday{stroke:#b91c1c;stroke-dasharray:3 3;stroke-width:1}.band.gap{fill:#9ca3af;opacity:.35}.band.promo{fill:#fde68a;opacity:.6}
.flag{fill:#dc2626;stroke:#fff}.fit{stroke:#ea580c;fill:none;stroke-width:1.5;stroke-dasharray:5 3}
.legend{display:flex;flex-wrap:wrap;gap:12px;font-size:12px;color:#374151;margin-top:4px}.sw{display:inline-block;width:14px;height:3px;margin-right:5px;vertical-align:middle}
.sw.box{height:10px;opacity:.7}.sw.dot{width:8px;height:8px;border-radius:4px}.sw.dash{height:2px}
table{border-collapse:collapse;background:#fff;font-size:12px;margin:6px 0}th,td{border:1px solid var(--line);padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f3f4f6}.chips{display:flex;flex-wrap:wrap;gap:6px}.chips span{background:#fff;border:1px solid var(--line);border-radius:4px;padding:2px 8px;font-size:12px}.chips b{color:var(--muted);font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}pre{background:#fff;border:1px solid var(--line);padding:8px;overflow:auto;font-size:12px}
`;

function kv(rows: [string, unknown][]): string {
  return `<table>${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(typeof v === 'object' ? JSON.stringify(v) : v)}</td></tr>`).join('')}</table>`;
}

/** Many short key/value pairs (parameters) as a wrapping row of chips. */
function chips(rows: [string, unknown][]): string {
  return `<div class="chips">${rows.map(([k, v]) => `<span><b>${esc(k)}</b> ${esc(typeof v === 'object' ? JSON.stringify(v) : v)}</span>`).join('')}</div>`;
}

function overview(source: ReportSource, stats: TableStats[]): Section {
  const total = stats.reduce((s, t) => s + t.rows, 0);
  const cards = [['tables', num(stats.length)], ['rows', num(total)], ...stats.slice(0, 8).map((t) => [t.name, num(t.rows)])];
  const mismatched = stats.filter((t) => t.expectedRows !== undefined && t.expectedRows !== t.rows);
  return {
    id: 'overview',
    title: 'Rows per table',
    html:
      `<div class="cards">${cards.map(([k, v]) => `<div class="card"><b>${v}</b><span>${esc(k)}</span></div>`).join('')}</div>` +
      (mismatched.length
        ? `<p class="warn">Row counts differ from what ${source.kind === 'artifact' ? 'the manifest' : 'the load record'} says: ${mismatched.map((t) => `${esc(t.name)} ${num(t.rows)} (expected ${num(t.expectedRows!)})`).join(', ')}.</p>`
        : '') +
      barChart({ id: 'chart-row-counts', title: 'Rows per table', bars: stats.map((t) => ({ label: t.name, value: t.rows })), yLabel: 'rows' }),
  };
}

function buildInfo(source: ReportSource): Section {
  const m = source.manifest;
  const rows: [string, unknown][] = [
    ['dataset', `${source.dataset.name} ${source.dataset.version}`],
    ['seed', source.seed],
    ['profile', source.profile],
  ];
  if (m?.scenario !== undefined) rows.push(['scenario', m.scenario]);
  if (m?.range) rows.push(['range', m.range.description]);
  if (m?.generator) rows.push(['generator', `${m.generator.tool} ${m.generator.toolVersion}, faker ${m.generator.fakerVersion}`]);
  rows.push(['source', source.label]);
  let html = chips(rows) + '<h3>Resolved parameters</h3>' + chips(Object.entries(source.params));
  const config = m?.config;
  if (config !== undefined) html += `<h3>Resolved config</h3><pre>${esc(JSON.stringify(config, null, 2))}</pre>`;
  return { id: 'build', title: 'Scenario and configuration', html };
}

function defectsSection(defects: Defect[], dirty: Record<string, unknown>): Section {
  const byKind = new Map<string, number>();
  const byTable = new Map<string, number>();
  for (const d of defects) {
    byKind.set(d.kind, (byKind.get(d.kind) ?? 0) + 1);
    byTable.set(d.table, (byTable.get(d.table) ?? 0) + 1);
  }
  const shown = defects.slice(0, 300);
  const rows = shown
    .map(
      (d) =>
        `<tr><td>${esc(d.table)}</td><td>${esc(
          Object.entries(d.key)
            .map(([k, v]) => `${k}=${v}`)
            .join(', '),
        )}</td><td>${esc(d.column)}</td><td>${esc(d.kind)}</td></tr>`,
    )
    .join('');
  return {
    id: 'defects',
    title: 'Injected defects',
    html:
      `<p>This is a <b>dirty</b> artifact: ${num(defects.length)} invalid values were injected on purpose, each listed in manifest.json.</p>` +
      (dirty.rates ? kv(Object.entries(dirty.rates as Record<string, unknown>).map(([k, v]) => [`rate of ${k}`, v])) : '') +
      barChart({
        id: 'chart-defect-kinds',
        title: 'Defects by kind',
        bars: [...byKind].sort().map(([k, v]) => ({ label: k, value: v })),
        color: '#dc2626',
        yLabel: 'defects',
      }) +
      barChart({
        id: 'chart-defect-tables',
        title: 'Defects by table',
        bars: [...byTable].sort().map(([k, v]) => ({ label: k, value: v })),
        color: '#b45309',
        yLabel: 'defects',
      }) +
      `<table><tr><th>table</th><th>row key</th><th>column</th><th>kind</th></tr>${rows}</table>` +
      (defects.length > shown.length ? `<p class="note">and ${num(defects.length - shown.length)} more (manifest.json lists them all).</p>` : ''),
  };
}

function historySection(history: LoadedFixture[]): Section {
  const rows = history
    .map(
      (f) =>
        `<tr><td>${esc(f.schema)}</td><td>${esc(f.dataset)} ${esc(f.version)}</td><td class="n">${f.seed}</td><td>${esc(f.profile)}</td><td>${esc(f.loadedAt)}</td><td class="n">${num(f.tables.reduce((s, t) => s + t.rows, 0))}</td><td>${esc(f.manifestSha256.slice(0, 12))}…</td><td>${f.appends.length ? f.appends.map((a) => `${num(a.rows)} rows (${esc(a.manifestSha256.slice(0, 12))}…)`).join('<br>') : '—'}</td></tr>`,
    )
    .join('');
  return {
    id: 'history',
    title: 'Load history (forge.loaded_fixture)',
    html: `<table><tr><th>schema</th><th>dataset</th><th>seed</th><th>profile</th><th>loaded at (UTC)</th><th>rows</th><th>manifest</th><th>appends</th></tr>${rows}</table>`,
  };
}

function tablesSection(stats: TableStats[]): Section {
  let html = '';
  stats.forEach((t, k) => {
    html += `<h3 id="table-${esc(t.name)}">${esc(t.name)} <span class="note">${t.role ? esc(t.role) + ', ' : ''}${num(t.rows)} rows</span></h3>`;
    html += `<table><tr><th>column</th><th>type</th><th>NULLs</th><th>not of its type</th><th>min</th><th>max</th><th>mean</th><th>distinct</th></tr>`;
    for (const c of t.columns) {
      const distinct = c.distinctCapped ? `> ${num(c.distinct)}` : num(c.distinct);
      html += `<tr><td>${esc(c.name)}</td><td>${esc(c.type)}</td><td class="n">${num(c.nulls)}</td><td class="n">${num(c.invalid)}</td><td>${esc(c.min ?? '')}</td><td>${esc(c.max ?? '')}</td><td class="n">${c.mean === undefined ? (c.trues !== undefined ? `${num(c.trues)} true` : '') : num(c.mean, 2)}</td><td class="n">${distinct}</td></tr>`;
    }
    html += '</table>';
    const months = t.byMonth && [...t.byMonth.counts].sort(([a], [b]) => (a < b ? -1 : 1));
    if (months?.length) {
      html += barChart({
        id: `chart-table-${t.name}`,
        title: `${t.name}: rows per month of ${t.byMonth!.column}`,
        bars: months.map(([m, n]) => ({ label: m, value: n })),
        color: PALETTE[k % PALETTE.length],
        yLabel: 'rows',
      });
    }
  });
  return { id: 'tables', title: 'Tables', html };
}

export interface PageInput {
  source: ReportSource;
  stats: TableStats[];
  retail: Section[];
}

export function renderPage({ source, stats, retail }: PageInput): string {
  const m = source.manifest;
  const dirty = m?.dirty as (Record<string, unknown> & { defects?: Defect[] }) | undefined;
  const sections: Section[] = [overview(source, stats), buildInfo(source), ...retail];
  if (dirty) sections.push(defectsSection(dirty.defects ?? [], dirty));
  if (source.history) sections.push(historySection(source.history));
  sections.push(tablesSection(stats));
  const title = `${source.dataset.name} ${source.dataset.version}, seed ${source.seed}, ${source.profile}${dirty ? ' (dirty)' : ''}`;
  return (
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>fixture-forge report: ${esc(title)}</title><style>${CSS}</style></head><body>` +
    `<header><h1>fixture-forge report: ${esc(title)}</h1><p>${esc(source.dataset.description ?? '')}</p><p>${source.kind === 'artifact' ? 'artifact' : 'database'}: ${esc(source.label)}</p></header>` +
    (dirty ? `<div class="dirty">DIRTY ARTIFACT: it holds invalid records on purpose (see Injected defects). Do not use it as clean test data.</div>` : '') +
    `<nav>${sections.map((s) => `<a href="#${s.id}">${esc(s.title)}</a>`).join('')}</nav><main>` +
    sections.map((s) => `<section id="${s.id}"><h2>${esc(s.title)}</h2>${s.html}</section>`).join('') +
    '</main></body></html>\n'
  );
}
