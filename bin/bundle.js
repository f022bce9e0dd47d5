// Bundles the CLI's TypeScript (src/, generators/) into .forge/cli/<entry>.mjs
// whenever a source is newer than the bundle. Packages stay external.
import { existsSync, mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, '.forge', 'cli');

function newestSource(dir, newest = 0) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = newestSource(p, newest);
    else if (e.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function stale(outFile) {
  if (!existsSync(outFile)) return true;
  const newest = Math.max(newestSource(join(root, 'src')), newestSource(join(root, 'generators')), statSync(join(root, 'package.json')).mtimeMs);
  return newest > statSync(outFile).mtimeMs;
}

/** The file URL of a fresh bundle of one TypeScript entry (path from the project root). */
export async function bundledEntry(name, source = 'src/cli/main.ts') {
  const outFile = join(outDir, `${name}.mjs`);
  if (stale(outFile)) {
    const { build } = await import('esbuild');
    mkdirSync(outDir, { recursive: true });
    const tmp = `${outFile}.${process.pid}.tmp`;
    await build({
      entryPoints: [join(root, source)],
      outfile: tmp,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      logLevel: 'error',
    });
    // rename is atomic: a concurrent forge runs the old bundle or the new one.
    renameSync(tmp, outFile);
  }
  return pathToFileURL(outFile).href;
}
