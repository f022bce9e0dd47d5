#!/usr/bin/env node
// Compiles what the npm packages ship (run by their `prepack`, so by
// `npm pack` and `npm publish`):
//   node scripts/build-dist.mjs cli      dist/ of fixture-forge: the CLI and its build worker
//                                        bundled to plain JavaScript, fixture-forge/testing and
//                                        fixture-forge/dataset with their .d.ts, and the
//                                        fixture-forge/fixtures re-export of the reader
//   node scripts/build-dist.mjs reader   packages/reader/dist/: the reader bundled to one ES module
//                                        (zod and tar-stream stay dependencies) and its .d.ts
// The sources stay the only truth in the repository: dist/ is git-ignored.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleAuthoring, bundleCli, bundleTesting } from '../bin/bundle.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

async function buildCli() {
  const dist = join(root, 'dist');
  rmSync(dist, { recursive: true, force: true });
  // main.mjs, worker.mjs and their shared chunks: each command's code loads when it runs.
  await bundleCli(join(dist, 'cli'));
  await bundleTesting(join(dist, 'testing.js'));
  await bundleAuthoring(join(dist, 'dataset.js'));
  // Declarations from tsc (tsconfig.dist.json), so they cannot drift from the sources:
  // dist/types mirrors the repository; testing.d.ts and dataset.d.ts are the front doors.
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.dist.json')], { stdio: 'inherit' });
  rewriteSpecifiers(join(dist, 'types'));
  writeFileSync(join(dist, 'testing.d.ts'), "export * from './types/src/testing/index.js';\n");
  writeFileSync(join(dist, 'dataset.d.ts'), "export * from './types/src/authoring/index.js';\n");
  const reexport = "// fixture-forge/fixtures is the fixtures reader, published on its own as fixture-forge-reader.\nexport * from 'fixture-forge-reader';\n";
  writeFileSync(join(dist, 'fixtures.js'), reexport);
  writeFileSync(join(dist, 'fixtures.d.ts'), reexport);
}

/** Every .d.ts under dir, with relative `.ts` specifiers turned into the `.js` a consumer's resolver expects. */
function rewriteSpecifiers(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) rewriteSpecifiers(p);
    else if (p.endsWith('.d.ts')) writeFileSync(p, readFileSync(p, 'utf8').replace(/(from\s+['"]\.{1,2}\/[^'"]*)\.ts(['"])/g, '$1.js$2'));
  }
}

async function buildReader() {
  const pkg = join(root, 'packages/reader');
  const dist = join(pkg, 'dist');
  rmSync(dist, { recursive: true, force: true });
  const { build } = await import('esbuild');
  await build({
    entryPoints: [join(pkg, 'src/index.ts')],
    outfile: join(dist, 'index.js'),
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
  // Declarations from tsc. The reader's sources import the artifact contract
  // from the compiler's src/ (one implementation of both), so the tree under
  // dist/types mirrors the repository; dist/index.d.ts is its front door.
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(pkg, 'tsconfig.build.json')], { stdio: 'inherit' });
  rewriteSpecifiers(join(dist, 'types'));
  writeFileSync(join(dist, 'index.d.ts'), "export * from './types/packages/reader/src/index.js';\n");
}

const what = process.argv[2];
if (what === 'cli') await buildCli();
else if (what === 'reader') await buildReader();
else {
  process.stderr.write('usage: node scripts/build-dist.mjs cli|reader\n');
  process.exit(2);
}
