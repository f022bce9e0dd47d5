// In a checkout of this repository, bundles the CLI's TypeScript (src/,
// generators/) into .forge/cli/<entry>.mjs whenever a source is newer than
// the bundle. Packages stay external. The published package does not use
// this file: `npm pack` builds the same bundles into dist/cli/ once
// (scripts/build-dist.mjs), and bin/forge.js runs those.
import { existsSync, mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
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

/**
 * Heavy CommonJS packages that only some commands use (the database driver,
 * the archive libraries), with the named exports the sources import. Static
 * imports of external packages load at startup, ~15 MB of resident memory a
 * build never uses (a quarter of its headroom with workers); in the bundle
 * they load on first use instead (require is synchronous for CommonJS).
 */
const LAZY_PACKAGES = { pg: [], 'pg-copy-streams': ['from', 'to'], archiver: [], 'tar-stream': ['extract', 'pack'] };

function lazyModule(name) {
  const named = LAZY_PACKAGES[name].map((k) => `export const ${k} = (...a) => load().${k}(...a);`).join('\n');
  return `import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
let mod;
const load = () => (mod ??= require(${JSON.stringify(name)}));
// The default export stands for module.exports: read, called or constructed on first use.
export default new Proxy(function () {}, {
  get: (_, k) => Reflect.get(load(), k),
  has: (_, k) => Reflect.has(load(), k),
  apply: (_, self, args) => Reflect.apply(load(), self, args),
  construct: (_, args) => Reflect.construct(load(), args),
});
${named}
`;
}

const lazyPackages = {
  name: 'lazy-packages',
  setup(b) {
    const filter = new RegExp(`^(${Object.keys(LAZY_PACKAGES).join('|')})$`);
    b.onResolve({ filter }, (args) => (args.namespace === 'lazy' ? { path: args.path, external: true } : { path: args.path, namespace: 'lazy' }));
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, (args) => ({ contents: lazyModule(args.path), loader: 'js', resolveDir: root }));
  },
};

/** Bundles one TypeScript entry (path from the project root) into outFile, atomically. */
export async function bundle(source, outFile) {
  const { build } = await import('esbuild');
  mkdirSync(dirname(outFile), { recursive: true });
  const tmp = `${outFile}.${process.pid}.tmp`;
  await build({
    entryPoints: [join(root, source)],
    outfile: tmp,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    plugins: [lazyPackages],
    logLevel: 'error',
  });
  // rename is atomic: a concurrent forge runs the old bundle or the new one.
  renameSync(tmp, outFile);
}

/** The file URL of a fresh bundle of one TypeScript entry (path from the project root). */
export async function bundledEntry(name, source = 'src/cli/main.ts') {
  const outFile = join(outDir, `${name}.mjs`);
  if (stale(outFile)) await bundle(source, outFile);
  return pathToFileURL(outFile).href;
}
