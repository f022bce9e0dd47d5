// In a checkout of this repository, bundles the CLI's TypeScript (src/,
// generators/) into .forge/cli/ whenever a source is newer than the bundle.
// The published package does not use bundledEntry: `npm pack` builds the
// same bundles into dist/cli/ once (scripts/build-dist.mjs calls bundleCli),
// and bin/forge.js runs those.
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
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

/**
 * Heavy CommonJS packages that only some commands use (the database driver,
 * the archive libraries), with the named exports the sources import. Static
 * imports of external packages load at startup, ~15 MB of resident memory a
 * build never uses (a quarter of its headroom with workers); in the bundle
 * they load on first use instead (require is synchronous for CommonJS).
 */
const LAZY_PACKAGES = { archiver: [], 'tar-stream': ['extract', 'pack'] };

/**
 * Packages compiled into the bundle instead of loaded from node_modules at
 * run time: zod is ~80 ES modules that Node resolves one by one (about
 * 40 ms of a 2-core machine's start-up), the database driver a few dozen
 * CommonJS files. Inside the bundle they are one parse, and they run only
 * when a command that uses them is loaded (commands are imported lazily).
 * yaml is ~70 CommonJS files: the commands that read a config file or a
 * --set value paid ~35 ms to resolve them. Everything else stays external.
 */
const INLINE_PACKAGES = new Set(['zod', 'pg', 'pg-connection-string', 'pg-copy-streams', 'yaml']);

const packageName = (spec) =>
  spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/');

const externalPackages = {
  name: 'external-packages',
  setup(b) {
    // pg asks whether it runs in a Cloudflare Worker by constructing a
    // fetch Response when there is no global navigator (Node 20): that loads
    // Node's whole fetch implementation, 30 ms of every connection's start
    // here. The bundle runs in Node only: the answer is no.
    b.onLoad({ filter: /[\\/]node_modules[\\/]pg[\\/]lib[\\/]stream\.js$/ }, async (args) => {
      const text = readFileSync(args.path, 'utf8');
      const patched = text.replace(/function isCloudflareRuntime\(\) \{/, 'function isCloudflareRuntime() {\n  return false');
      if (patched === text) throw new Error(`bundle: pg's isCloudflareRuntime not found in ${args.path}; update bin/bundle.js`);
      return { contents: patched, loader: 'js' };
    });
    // Bare specifiers (not relative, not absolute, not node: builtins).
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.kind === 'entry-point' || args.path.startsWith('node:')) return undefined;
      const inPackage = args.importer.includes(`${join('node_modules', '/')}`);
      // Optional peers of pg that are not installed (native bindings, Cloudflare sockets): required in a try at run time.
      if (inPackage) return /^(pg-native|pg-cloudflare)(\/|$)/.test(args.path) ? { path: args.path, external: true } : undefined;
      return INLINE_PACKAGES.has(packageName(args.path)) ? undefined : { path: args.path, external: true };
    });
  },
};

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

/**
 * The CLI and the build's worker, bundled together with code splitting into
 * .forge/cli/<stamp>/ (main.mjs, worker.mjs and shared chunks): a command's
 * chunk loads only when it runs. .forge/cli/current names the live
 * directory; it is replaced by a rename, so a concurrent forge runs the old
 * bundle or the new one, never half of each. Old directories stay a while
 * (a running forge may still load chunks from them), then are removed.
 */
const ENTRIES = { main: 'src/cli/main.ts', worker: 'src/artifact/worker.ts' };
const KEEP_OLD_MS = 3600_000;

function currentDir() {
  try {
    const name = readFileSync(join(outDir, 'current'), 'utf8').trim();
    return name && existsSync(join(outDir, name, 'main.mjs')) ? join(outDir, name) : undefined;
  } catch {
    return undefined;
  }
}

function sourcesNewerThan(file) {
  const newest = Math.max(
    newestSource(join(root, 'src')),
    newestSource(join(root, 'generators')),
    statSync(join(root, 'package.json')).mtimeMs,
    statSync(fileURLToPath(import.meta.url)).mtimeMs,
  );
  return newest > statSync(file).mtimeMs;
}

/** What every bundle shares: one ES module file set for Node 20, packages as lazyPackages/externalPackages decide. */
const ESBUILD_COMMON = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  plugins: [lazyPackages, externalPackages],
  // The inlined CommonJS packages require Node's builtins: give the ES module chunks a require.
  banner: { js: "import { createRequire as __forgeCreateRequire } from 'node:module'; const require = __forgeCreateRequire(import.meta.url);" },
  logLevel: 'error',
};

/**
 * The CLI (main.mjs) and the build's worker (worker.mjs) with their shared
 * chunks, into outDir (which must not exist yet, or be empty).
 */
export async function bundleCli(outDir) {
  const { build } = await import('esbuild');
  await build({
    entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([k, v]) => [k, join(root, v)])),
    outdir: outDir,
    splitting: true,
    chunkNames: 'chunk-[hash]',
    outExtension: { '.js': '.mjs' },
    ...ESBUILD_COMMON,
  });
}

/** fixture-forge/testing (freshDatabase) as one ES module, for the published package. */
export async function bundleTesting(outFile) {
  await bundleModule('src/testing/index.ts', outFile);
}

/** fixture-forge/dataset (the authoring API that datasets forge init writes into a project import) as one ES module. */
export async function bundleAuthoring(outFile) {
  await bundleModule('src/authoring/index.ts', outFile);
}

async function bundleModule(entry, outFile) {
  const { build } = await import('esbuild');
  await build({
    entryPoints: [join(root, entry)],
    outfile: outFile,
    ...ESBUILD_COMMON,
  });
}

/** The file URL of the bundled CLI entry ('main'), rebuilt first if a source is newer. */
export async function bundledEntry(name = 'main') {
  let dir = currentDir();
  if (!dir || sourcesNewerThan(join(outDir, 'current'))) {
    const stamp = `${Date.now().toString(36)}-${process.pid}`;
    dir = join(outDir, stamp);
    await bundleCli(dir);
    const pointer = join(outDir, `current.${process.pid}.tmp`);
    writeFileSync(pointer, `${stamp}\n`);
    renameSync(pointer, join(outDir, 'current'));
    pruneOld(stamp);
  }
  return pathToFileURL(join(dir, `${name}.mjs`)).href;
}

function pruneOld(keep) {
  for (const e of readdirSync(outDir, { withFileTypes: true })) {
    const p = join(outDir, e.name);
    if (e.name === keep || e.name === 'current') continue;
    try {
      if (Date.now() - statSync(p).mtimeMs > KEEP_OLD_MS) rmSync(p, { recursive: true, force: true });
    } catch {
      // another forge pruned it first
    }
  }
}
