/**
 * Regenerates docs/report.png, the README's picture of `forge report`: the
 * top of the report of the `local` retail artifact (seed 42), as headless
 * Chromium draws it. Run: npx tsx scripts/report-screenshot.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspectPages } from '../test/report/chromium.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const forge = (...args: string[]) => execFileSync(process.execPath, [join(root, 'bin/forge.js'), ...args], { cwd: root, encoding: 'utf8' }).trim();
const tmp = mkdtempSync(join(tmpdir(), 'forge-screenshot-'));
try {
  const dir = forge('build', '--profile', 'local', '--seed', '42', '--formats', 'csv', '--quiet');
  const page = forge('report', dir, '-o', join(tmp, 'report.html'));
  const [check] = await inspectPages([page], { width: 1000, clipHeight: 1500, scale: 0.6 });
  if (check.consoleErrors.length) throw new Error(`console errors: ${check.consoleErrors.join('; ')}`);
  writeFileSync(join(root, 'docs/report.png'), check.screenshot);
  console.log(`docs/report.png: ${check.screenshot.length} bytes`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
