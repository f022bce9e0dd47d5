/**
 * Where `forge init` reads a schema from: a live database (read-only
 * catalog queries), or a SQL file applied to a throwaway local cluster.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ForgeError } from '../errors.ts';
import { withClient } from '../load/connect.ts';
import { findPgBin, startTempCluster } from '../pg/server.ts';
import { introspect } from './introspect.ts';
import type { SourceSchema } from './schema-model.ts';

export async function schemaFromDb(url: string, schema: string): Promise<SourceSchema> {
  const s = await withClient(url, (c) => introspect(c, schema));
  if (s.tables.length === 0) throw new ForgeError('DB_SHAPE', `schema ${schema} has no tables`, 'name the schema that holds them with --schema');
  return s;
}

export async function schemaFromSql(file: string, schema: string): Promise<SourceSchema> {
  if (!existsSync(file) || !statSync(file).isFile())
    throw new ForgeError('USAGE', `--from-sql ${file}: no such file`, 'give a SQL file such as pg_dump --schema-only output');
  const server = await startTempCluster();
  try {
    const url = await server.createDatabase('forge_init');
    const psql = spawnSync(join(findPgBin(), 'psql'), ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-f', file], {
      encoding: 'utf8',
      env: server.env('forge_init'),
    });
    if (psql.status !== 0) {
      const line = (psql.stderr || psql.stdout).split('\n').find((l) => /ERROR|FATAL/.test(l)) ?? psql.stderr.trim().split('\n')[0] ?? 'psql failed';
      throw new ForgeError(
        'BAD_CONFIG',
        `--from-sql ${file}: ${line.replace(/^psql:/, '').trim()}`,
        'fix the SQL so that psql -f applies it to an empty database',
      );
    }
    return await schemaFromDb(url, schema);
  } finally {
    await server.stop();
  }
}
