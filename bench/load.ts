/**
 * make bench-load: the large retail artifact loaded by `forge load` and by
 * `psql -v ON_ERROR_STOP=1 -f dump.sql` (the same data, constraints after
 * the data), each into a fresh database of one temp cluster, in one run.
 */
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { startTempCluster } from '../src/pg/server.ts';
import { artifact, fmt, fmtInt, forgeArgs, timed } from './lib.ts';

export async function benchLoad(profile = process.env.BENCH_PROFILE ?? 'large') {
  const { dir, manifest } = artifact(profile);
  const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
  const sqlFile = join(dir, '..', `bench-${profile}-dump.sql`);
  writeFileSync(sqlFile, gunzipSync(readFileSync(join(dir, 'dump.sql.gz'))));
  const server = await startTempCluster();
  try {
    await server.createDatabase('by_forge');
    await server.createDatabase('by_psql');
    const [cmd, args] = forgeArgs('load', dir, '--db', server.url('by_forge'), '--quiet');
    const forge = timed(cmd, args);
    const psql = timed('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', server.url('by_psql'), '-f', sqlFile]);
    const [vc, va] = forgeArgs('verify', dir, '--db', server.url('by_forge'));
    timed(vc, va);
    return { profile, rows, forge, psql };
  } finally {
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchLoad();
  console.log(`load of the ${r.profile} retail artifact: ${fmtInt(r.rows)} rows (all tables), fresh databases, same cluster`);
  console.log(`  forge load    ${fmt(r.forge.seconds)} s  ${fmtInt(r.rows / r.forge.seconds)} rows/s  peak RSS ${fmt(r.forge.maxRssMb, 0)} MB`);
  console.log(`  psql -f dump  ${fmt(r.psql.seconds)} s  ${fmtInt(r.rows / r.psql.seconds)} rows/s`);
  console.log(`  ratio         forge is ${fmt(r.psql.seconds / r.forge.seconds)}× the speed of psql -f (goal ≥ 1.0)`);
}
