/**
 * forge init's generated dataset for the Chinook-like sample schema against
 * drizzle-seed on the same schema: forge init → build → load (every
 * constraint added after the data) versus drizzle-seed inserting into the
 * schema created with all its constraints, same row count per table.
 * Reports rows/s and whether each honoured every constraint.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTempCluster } from '../src/pg/server.ts';
import { fmt, fmtInt, ROOT, timed } from './lib.ts';

const SCALE = Number(process.env.BENCH_INIT_SCALE ?? 10);

export interface InitBench {
  rows: number;
  forgeSeconds: number;
  drizzleSeconds: number;
  drizzleRows: number;
  drizzleError?: string;
}

export async function benchInit(): Promise<InitBench> {
  const copy = mkdtempSync(join(tmpdir(), 'forge-bench-init-'));
  const server = await startTempCluster();
  try {
    for (const d of ['src', 'generators', 'bin']) cpSync(join(ROOT, d), join(copy, d), { recursive: true });
    for (const f of ['node_modules', 'package.json', 'packages']) symlinkSync(join(ROOT, f), join(copy, f));
    const schema = join(ROOT, 'test/init/schemas/chinook.sql');
    const forge = (...args: string[]) => timed(process.execPath, [join(copy, 'bin/forge.js'), ...args]);
    forge('init', '--from-sql', schema, '--name', 'chinook_bench');
    forge('--help'); // the copy's CLI bundle now includes the new dataset: not part of the timing
    const local = (await import(join(copy, 'generators/chinook_bench/params.ts'))).profiles.local as Record<string, number>;
    const sets = Object.entries(local).flatMap(([t, n]) => ['--set', `${t}=${n * SCALE}`]);
    const forgeDb = await server.createDatabase('by_forge');
    const built = forge('build', '--dataset', 'chinook_bench', '--profile', 'local', ...sets, '--formats', 'csv,dump', '--out', join(copy, 'out'), '--quiet');
    const dir = built.stdout.trim();
    const loaded = forge('load', dir, '--db', forgeDb, '--quiet');
    forge('verify', dir, '--db', forgeDb);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { tables: { name: string; rows: number }[] };
    const counts = Object.fromEntries(manifest.tables.map((t) => [t.name, t.rows]));
    const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
    const drizzleDb = await server.createDatabase('by_drizzle');
    timed('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', drizzleDb, '-f', schema]);
    const dz = timed(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'bench/baselines/drizzle-seed-chinook.ts'), drizzleDb, JSON.stringify(counts)]);
    const result = JSON.parse(dz.stdout.trim().split('\n').pop()!) as { rows: number; error?: string };
    return {
      rows,
      forgeSeconds: built.seconds + loaded.seconds,
      drizzleSeconds: dz.seconds,
      drizzleRows: result.rows,
      ...(result.error ? { drizzleError: result.error } : {}),
    };
  } finally {
    await server.stop();
    rmSync(copy, { recursive: true, force: true });
  }
}

export function describeInit(r: InitBench): string {
  const forgeRate = r.rows / r.forgeSeconds;
  const dzRate = r.drizzleRows / r.drizzleSeconds;
  return `forge init → build → load: ${fmtInt(r.rows)} rows in ${fmt(r.forgeSeconds)} s (${fmtInt(forgeRate)} rows/s, every constraint of the schema added and verified); drizzle-seed, same counts: ${fmtInt(r.drizzleRows)} rows in ${fmt(r.drizzleSeconds)} s (${fmtInt(dzRate)} rows/s) ${r.drizzleError ? `FAILED: ${r.drizzleError}` : 'all constraints held'}`;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(describeInit(await benchInit()));
