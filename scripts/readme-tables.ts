/**
 * Writes the README's generated tables (between `<!-- generated:NAME -->`
 * and `<!-- /generated:NAME -->`) from the datasets themselves: the retail
 * profile sizes and its parameter reference. `npx tsx scripts/readme-tables.ts`
 * rewrites them; test/retail/readme.test.ts fails when they are stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describeAllowed } from '../src/config/check.ts';
import { envName, canonical } from '../src/config/params.ts';
import { datasets } from '../generators/index.ts';
import { profileSize } from '../generators/retail/sizes.ts';

const fmt = (n: number) => n.toLocaleString('en-US');
const approx = (n: number) => {
  const digits = Math.max(0, String(Math.round(n)).length - 3);
  const r = Math.round(n / 10 ** digits) * 10 ** digits;
  return r >= 1e6 ? `~${(r / 1e6).toLocaleString('en-US', { maximumFractionDigits: 1 })}M` : `~${fmt(r)}`;
};

export function retailProfileTable(): string {
  const retail = datasets.retail;
  const lines = ['| profile | stores × products × days | `sales_daily` rows | all rows |', '|---|---|---|---|'];
  for (const name of Object.keys(retail.profiles)) {
    const s = profileSize(retail, name);
    const label = name === retail.defaultProfile ? `\`${name}\` (default)` : `\`${name}\``;
    lines.push(
      `| ${label} | ${s.stores} × ${s.products} × ${s.days} | ${s.exact ? fmt(s.salesRows) : approx(s.salesRows)} | ${s.exact ? fmt(s.allRows) : approx(s.allRows)} |`,
    );
  }
  return lines.join('\n');
}

export function retailParameterTable(): string {
  const table = datasets.retail.parameters!;
  const lines = ['| config path (`--config`) | `--set` key | variable | default | what |', '|---|---|---|---|---|'];
  for (const [key, def] of Object.entries(table)) {
    const env = [envName(key), ...(def.envAliases ?? [])].map((n) => `\`${n}\``).join(', ');
    lines.push(`| \`${def.path}\` | \`${key}\` | ${env} | \`${canonical(def.default)}\` | ${def.doc} (${describeAllowed(def)}) |`);
  }
  return lines.join('\n');
}

export const GENERATED: Record<string, () => string> = { 'retail-profiles': retailProfileTable, 'retail-parameters': retailParameterTable };

/** The README with every generated block rewritten. */
export function withGeneratedTables(readme: string): string {
  let out = readme;
  for (const [name, make] of Object.entries(GENERATED)) {
    const open = `<!-- generated:${name} -->`;
    const close = `<!-- /generated:${name} -->`;
    const a = out.indexOf(open);
    const b = out.indexOf(close);
    if (a < 0 || b < a) throw new Error(`README.md has no ${open} … ${close} block`);
    out = out.slice(0, a + open.length) + '\n' + make() + '\n' + out.slice(b);
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const path = fileURLToPath(new URL('../README.md', import.meta.url));
  writeFileSync(path, withGeneratedTables(readFileSync(path, 'utf8')));
}
