/**
 * Is what the database holds exactly the artifact? Row counts, every
 * declared constraint present and valid, and each table's CSV as Postgres
 * prints it hashing to the artifact's sha256.
 */
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { to as copyTo } from 'pg-copy-streams';
import type { Artifact } from '../artifact/read.ts';
import { ident, readDefault } from '../emit/sql.ts';
import { withClient, type Client } from './connect.ts';

export interface VerifyProblem {
  table: string;
  problem: string;
}

async function hashTable(client: Client, schema: string, t: Artifact['manifest']['tables'][number]): Promise<string> {
  const cols = t.columns.map((c) => ident(c.name)).join(', ');
  const sql = `COPY (SELECT ${cols} FROM ${ident(schema)}.${ident(t.name)} ORDER BY ${t.orderBy.map(ident).join(', ')}) TO STDOUT (FORMAT csv, HEADER)`;
  const hash = createHash('sha256');
  await pipeline(
    client.query(copyTo(sql)),
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        hash.update(chunk);
        cb();
      },
    }),
  );
  return hash.digest('hex');
}

export async function verifyLoaded(url: string, schema: string, artifact: Artifact): Promise<VerifyProblem[]> {
  const problems: VerifyProblem[] = [];
  await withClient(url, async (client) => {
    for (const t of artifact.manifest.tables) {
      const exists = await client.query('SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = $2', [schema, t.name]);
      if (exists.rowCount === 0) {
        problems.push({ table: t.name, problem: `table ${schema}.${t.name} does not exist` });
        continue;
      }
      const n = (await client.query(`SELECT count(*)::bigint AS n FROM ${ident(schema)}.${ident(t.name)}`)).rows[0].n;
      if (Number(n) !== t.rows) problems.push({ table: t.name, problem: `has ${n} rows, the artifact ${t.rows}` });
      const columns = t.columns.map((col) => col.name);
      for (const c of t.constraints) {
        const found =
          c.kind === 'index'
            ? await client.query('SELECT 1 FROM pg_indexes WHERE schemaname = $1 AND tablename = $2 AND indexname = $3', [schema, t.name, c.name])
            : c.kind === 'policy'
              ? await client.query(
                  `SELECT 1 FROM pg_policy p JOIN pg_class r ON r.oid = p.polrelid JOIN pg_namespace s ON s.oid = r.relnamespace
                   WHERE s.nspname = $1 AND r.relname = $2 AND p.polname = $3 AND r.relrowsecurity`,
                  [schema, t.name, c.name],
                )
              : c.kind === 'default'
                ? await client.query(
                    `SELECT 1 FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum JOIN pg_class r ON r.oid = d.adrelid
                     JOIN pg_namespace s ON s.oid = r.relnamespace WHERE s.nspname = $1 AND r.relname = $2 AND a.attname = $3`,
                    [schema, t.name, readDefault(t.name, columns, c.sql)?.column ?? ''],
                  )
                : await client.query(
                    `SELECT 1 FROM pg_constraint k JOIN pg_class r ON r.oid = k.conrelid JOIN pg_namespace s ON s.oid = r.relnamespace
                 WHERE s.nspname = $1 AND r.relname = $2 AND k.conname = $3 AND k.convalidated`,
                    [schema, t.name, c.name],
                  );
        if (found.rowCount === 0) problems.push({ table: t.name, problem: `constraint ${c.name} is missing or not valid` });
      }
      if (t.files.csv && Number(n) === t.rows) {
        const sha = await hashTable(client, schema, t);
        if (sha !== t.files.csv.sha256)
          problems.push({
            table: t.name,
            problem: `its data differs from ${t.files.csv.path} (sha256 of COPY ... ORDER BY ${t.orderBy.join(', ')} is ${sha.slice(0, 12)}…, the artifact's ${t.files.csv.sha256.slice(0, 12)}…)`,
          });
      }
    }
  });
  return problems;
}
