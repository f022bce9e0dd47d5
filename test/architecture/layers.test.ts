/**
 * The architecture, checked: imports only go down the layers
 * (core → emit → artifact → load → cli, datasets under generators/), the
 * generation core does no I/O, and generation code has no hidden source of
 * randomness or time. Reads the sources as text; a new upward import fails
 * here with the file and the import named.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';

const ROOT = resolve(import.meta.dirname, '../..');

/** Layers, lowest first; a file may import from a lower layer or from its own group. */
const LAYERS: { group: string; rank: number; paths: string[] }[] = [
  { group: 'base', rank: 0, paths: ['src/errors.ts', 'src/pid.ts', 'src/interrupt.ts', 'src/project.ts', 'src/forge-root.ts', 'src/write-error.ts'] },
  // Parameter definitions and checks are part of a dataset's model, so they sit with the core.
  { group: 'core', rank: 1, paths: ['src/core/', 'src/config/'] },
  { group: 'datasets', rank: 2, paths: ['generators/', 'src/packs/'] },
  // fixture-forge/dataset: the authoring API re-exported for datasets outside the repository.
  { group: 'authoring', rank: 2, paths: ['src/authoring/'] },
  { group: 'emit', rank: 2, paths: ['src/emit/'] },
  { group: 'artifact', rank: 3, paths: ['src/artifact/'] },
  { group: 'pg', rank: 3, paths: ['src/pg/'] },
  { group: 'load', rank: 4, paths: ['src/load/'] },
  { group: 'validate', rank: 5, paths: ['src/validate/'] },
  { group: 'report', rank: 5, paths: ['src/report/'] },
  { group: 'push', rank: 5, paths: ['src/push/'] },
  { group: 'dirty', rank: 5, paths: ['src/dirty/'] },
  { group: 'golden', rank: 5, paths: ['src/golden/'] },
  { group: 'init', rank: 5, paths: ['src/init/'] },
  { group: 'testing', rank: 5, paths: ['src/testing/'] },
  { group: 'cli', rank: 6, paths: ['src/cli/'] },
];

/** Known upward imports, each with its reason; anything else upward fails. */
const ALLOWED_UPWARD: Record<string, string> = {
  'generators/retail/sizes.ts -> src/artifact/build.ts': 'the retail size table is measured by planning a build (no bytes are made)',
  'generators/push-mappings.ts -> src/push/mapping.ts': 'a type only: the shape of a push mapping',
  'src/config/dirty.ts -> src/dirty/kinds.ts': "a config file's dirty: section is checked against the defect kinds and their default rate",
  'src/load/dirty-load.ts -> src/dirty/relaxed.ts': 'a dirty artifact loads into relaxed tables (no NOT NULL, no precision) that its defects fit',
};

/** Modules that do I/O; the generation core (and what it imports) uses none. */
const IO_MODULES = /^(node:)?(fs|fs\/promises|child_process|net|http|https|worker_threads|dgram|tls|readline)$|^(pg|pg-copy-streams|archiver|tar-stream|yaml)$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|mts|mjs)$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

/** Specifiers of real import statements (line-initial `import`/`export … from`, and `import('…')`), not of code in template strings. */
function importsOf(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s[^;]*?\sfrom\s+['"]([^'"]+)['"]/gms)) found.push(m[1]);
  for (const m of text.matchAll(/^import\s+['"]([^'"]+)['"]/gm)) found.push(m[1]);
  for (const m of text.matchAll(/\bawait import\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1]);
  return found;
}

function layerOf(file: string) {
  return LAYERS.find((l) => l.paths.some((p) => (p.endsWith('/') ? file.startsWith(p) : file === p)));
}

const files = [...sourceFiles('src'), ...sourceFiles('generators')].filter((f) => !/\.test\.ts$/.test(f));
const graph = new Map(files.map((f) => [f, importsOf(readFileSync(join(ROOT, f), 'utf8'))]));
const local = (from: string, spec: string) => relative(ROOT, resolve(ROOT, dirname(from), spec));

test('every source file under src/ and generators/ belongs to a layer', () => {
  assert.deepEqual(
    files.filter((f) => !layerOf(f)),
    [],
  );
});

test('imports only go down the layers (or stay in their own group)', () => {
  const upward: string[] = [];
  for (const [file, specs] of graph) {
    const from = layerOf(file)!;
    for (const spec of specs.filter((s) => s.startsWith('.'))) {
      const target = local(file, spec);
      const to = layerOf(target);
      if (!to) continue; // outside src/ and generators/ (package.json, bin/)
      if (to.group === from.group || to.rank < from.rank) continue;
      const edge = `${file} -> ${target}`;
      if (!(edge in ALLOWED_UPWARD)) upward.push(`${edge} (${from.group} may not import ${to.group})`);
    }
  }
  assert.deepEqual(upward, []);
});

test('the allowed upward imports still exist (a stale exception would hide nothing and mislead)', () => {
  const edges = new Set([...graph].flatMap(([file, specs]) => specs.filter((s) => s.startsWith('.')).map((s) => `${file} -> ${local(file, s)}`)));
  assert.deepEqual(
    Object.keys(ALLOWED_UPWARD).filter((e) => !edges.has(e)),
    [],
  );
});

test('the generation core does no I/O: src/core and everything it imports use no file, process, network or database module', () => {
  const seen = new Set<string>();
  const io: string[] = [];
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of graph.get(file) ?? []) {
      if (spec.startsWith('.')) visit(local(file, spec));
      else if (IO_MODULES.test(spec)) io.push(`${file} imports ${spec}`);
    }
  };
  files.filter((f) => f.startsWith('src/core/')).forEach(visit);
  assert.ok(seen.size > 5, 'the walk reached the core');
  assert.deepEqual(io, []);
});

test('generation code has no hidden randomness or clock: no Math.random, Date.now or new Date() in src/core, src/emit or generators/', () => {
  const found = files
    .filter((f) => /^(src\/core|src\/emit|generators)\//.test(f))
    .flatMap((f) =>
      readFileSync(join(ROOT, f), 'utf8')
        .split('\n')
        .map((line, i) => [f, i + 1, line] as const),
    )
    .filter(([, , line]) => /Math\.random\(|Date\.now\(|new Date\(\)/.test(line))
    .map(([f, n]) => `${f}:${n}`);
  assert.deepEqual(found, []);
});

test('the checks can fail: an upward import and an I/O import in planted text are found', () => {
  const planted = "import { x } from '../cli/main.ts';\nimport {\n  readFileSync,\n} from 'node:fs';\nconst t = `import { y } from './not-real.ts'`;\n";
  assert.deepEqual(importsOf(planted), ['../cli/main.ts', 'node:fs']);
  assert.equal(layerOf(local('src/core/x.ts', '../cli/main.ts'))?.group, 'cli');
  assert.ok(IO_MODULES.test('node:fs') && IO_MODULES.test('pg') && !IO_MODULES.test('zod'));
});
