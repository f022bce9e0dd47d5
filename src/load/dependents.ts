/**
 * Objects forge did not create that depend on the fixture's tables: foreign
 * keys from other tables, views and materialized views (and views on
 * those), rules and triggers someone added, other tables' columns
 * or defaults that use a table's row type or owned sequence, functions that
 * take its row type. A replace or delete never cascades into them: it
 * refuses, naming them, unless told --drop-dependents, and then drops
 * exactly the listed objects, one statement each, before a DROP or TRUNCATE
 * without CASCADE (which Postgres refuses if anything was missed).
 *
 * Found in the catalogs (pg_depend, pg_constraint, pg_rewrite, pg_trigger,
 * pg_policy), not from error text, so the dry run lists them too.
 */
import { ForgeError } from '../errors.ts';
import type { Client } from './connect.ts';

export interface Dependent {
  /** As Postgres describes it: `view crm.store_report`, `constraint orders_store_fk on table crm.orders`. */
  what: string;
  /**
   * With --drop-dependents: `drop` runs the statement in `drop`; `with-table`
   * goes with the fixture's table (a trigger, rule or policy on it); `kept`
   * stays (a trigger whose function names the table: it works again once the
   * table is back); `manual` cannot be dropped on its own (a column of
   * another table of the table's row type): the user must.
   */
  how: 'drop' | 'with-table' | 'kept' | 'manual';
  drop?: string;
}

/** What an operation does to the fixture's tables: drop them (replace, delete all) or empty them (truncate, delete rows). */
export type Operation = 'drop' | 'rows';

const q = (s: string) => '"' + s.replace(/"/g, '""') + '"';

// Everything that is part of the given tables (relations by oid): the tables,
// their row and array types, indexes, constraints, defaults, TOAST tables and
// owned sequences. Objects depending on these, outside them, are dependents.
const PARTS = `
  parts AS (
    SELECT 'pg_class'::regclass::oid AS classid, oid AS objid FROM rels
    UNION ALL SELECT 'pg_type'::regclass::oid, c.reltype FROM pg_class c WHERE c.oid IN (SELECT oid FROM rels)
    UNION ALL SELECT 'pg_type'::regclass::oid, t.typarray FROM pg_class c JOIN pg_type t ON t.oid = c.reltype WHERE c.oid IN (SELECT oid FROM rels)
    UNION ALL SELECT 'pg_class'::regclass::oid, i.indexrelid FROM pg_index i WHERE i.indrelid IN (SELECT oid FROM rels)
    UNION ALL SELECT 'pg_constraint'::regclass::oid, k.oid FROM pg_constraint k WHERE k.conrelid IN (SELECT oid FROM rels)
    UNION ALL SELECT 'pg_attrdef'::regclass::oid, a.oid FROM pg_attrdef a WHERE a.adrelid IN (SELECT oid FROM rels)
    UNION ALL SELECT 'pg_class'::regclass::oid, c.reltoastrelid FROM pg_class c WHERE c.oid IN (SELECT oid FROM rels) AND c.reltoastrelid <> 0
    UNION ALL SELECT 'pg_class'::regclass::oid, d.objid FROM pg_depend d JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
      WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.refobjid IN (SELECT oid FROM rels) AND d.deptype IN ('a', 'i')
    UNION ALL SELECT 'pg_rewrite'::regclass::oid, r.oid FROM pg_rewrite r WHERE r.ev_class IN (SELECT oid FROM rels)
    UNION ALL SELECT 'pg_trigger'::regclass::oid, t.oid FROM pg_trigger t WHERE t.tgrelid IN (SELECT oid FROM rels)
    UNION ALL SELECT 'pg_policy'::regclass::oid, p.oid FROM pg_policy p WHERE p.polrelid IN (SELECT oid FROM rels)
  )`;

/** Objects outside `rels` that depend on them (normal dependencies), views named by the view, foreign keys with their table. */
const OUTSIDE = `
  WITH rels AS (SELECT unnest($1::oid[]) AS oid), ${PARTS}
  SELECT DISTINCT
    coalesce(v.oid, 0) AS view_oid, v.relkind AS view_kind,
    CASE WHEN v.oid IS NOT NULL THEN pg_describe_object('pg_class'::regclass, v.oid, 0) ELSE pg_describe_object(d.classid, d.objid, 0) END AS what,
    k.conname, kn.nspname AS con_schema, kc.relname AS con_table,
    CASE WHEN v.oid IS NOT NULL THEN vn.nspname END AS view_schema, v.relname AS view_name
  FROM pg_depend d
  LEFT JOIN pg_rewrite r ON d.classid = 'pg_rewrite'::regclass AND r.oid = d.objid
  LEFT JOIN pg_class v ON v.oid = r.ev_class AND v.relkind IN ('v', 'm') AND r.rulename = '_RETURN'
  LEFT JOIN pg_namespace vn ON vn.oid = v.relnamespace
  LEFT JOIN pg_constraint k ON d.classid = 'pg_constraint'::regclass AND k.oid = d.objid AND k.contype = 'f'
  LEFT JOIN pg_class kc ON kc.oid = k.conrelid
  LEFT JOIN pg_namespace kn ON kn.oid = kc.relnamespace
  WHERE d.deptype = 'n'
    AND (d.refclassid, d.refobjid) IN (SELECT classid, objid FROM parts)
    AND (d.classid, d.objid) NOT IN (SELECT classid, objid FROM parts)
    AND ($2::text = 'drop' OR k.oid IS NOT NULL)
  ORDER BY what`;

/** Triggers and rules someone put on the tables themselves (forge creates none; its row-level policies are part of the table). */
const ON_TABLES = `
  SELECT pg_describe_object('pg_trigger'::regclass, t.oid, 0) AS what FROM pg_trigger t WHERE t.tgrelid = ANY($1::oid[]) AND NOT t.tgisinternal
  UNION ALL SELECT pg_describe_object('pg_rewrite'::regclass, r.oid, 0) FROM pg_rewrite r WHERE r.ev_class = ANY($1::oid[])
  ORDER BY 1`;

/** Triggers on other tables whose function mentions a table by name (plpgsql is not tracked by pg_depend). */
const TRIGGER_FUNCTIONS = `
  SELECT DISTINCT pg_describe_object('pg_trigger'::regclass, t.oid, 0) || ' (its function ' || p.proname || ' uses ' || c.relname || ')' AS what
  FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid JOIN pg_class c ON c.oid = ANY($1::oid[])
  WHERE NOT t.tgisinternal AND NOT (t.tgrelid = ANY($1::oid[])) AND p.prosrc ~* ('\\m' || c.relname || '\\M')
  ORDER BY 1`;

async function oidsOf(client: Client, schema: string, tables: string[]): Promise<number[]> {
  const r = await client.query(
    `SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = ANY($2) AND c.relkind IN ('r', 'p')`,
    [schema, tables],
  );
  return r.rows.map((row) => Number(row.oid));
}

/**
 * Every object forge did not create that `op` on `schema.tables` would touch.
 * Views on views are followed: a view found is itself checked for dependents.
 */
export async function findDependents(client: Client, schema: string, tables: string[], op: Operation): Promise<Dependent[]> {
  // pg_describe_object leaves out the schema of what the search_path shows: show it always.
  const saved = (await client.query("SELECT current_setting('search_path') AS p")).rows[0].p as string;
  await client.query("SELECT set_config('search_path', 'pg_catalog', false)");
  try {
    return await find(client, schema, tables, op);
  } finally {
    await client.query("SELECT set_config('search_path', $1, false)", [saved]);
  }
}

async function find(client: Client, schema: string, tables: string[], op: Operation): Promise<Dependent[]> {
  const out: Dependent[] = [];
  const seen = new Set<string>();
  let rels = await oidsOf(client, schema, tables);
  if (rels.length === 0) return [];
  if (op === 'drop') {
    for (const row of (await client.query(ON_TABLES, [rels])).rows) out.push({ what: row.what, how: 'with-table' });
    for (const row of (await client.query(TRIGGER_FUNCTIONS, [rels])).rows) out.push({ what: row.what, how: 'kept' });
  }
  const views: Dependent[] = [];
  while (rels.length) {
    const next: number[] = [];
    for (const row of (await client.query(OUTSIDE, [rels, op])).rows) {
      if (seen.has(row.what)) continue;
      seen.add(row.what);
      if (row.view_oid !== 0 && row.view_oid !== '0') {
        views.push({
          what: row.what,
          how: 'drop',
          drop: `DROP ${row.view_kind === 'm' ? 'MATERIALIZED VIEW' : 'VIEW'} ${q(row.view_schema)}.${q(row.view_name)}`,
        });
        next.push(Number(row.view_oid));
      } else if (row.conname) {
        out.push({ what: row.what, how: 'drop', drop: `ALTER TABLE ${q(row.con_schema)}.${q(row.con_table)} DROP CONSTRAINT ${q(row.conname)}` });
      } else {
        out.push({ what: row.what, how: 'manual' });
      }
    }
    rels = next;
  }
  // Views on views were found after the views they use: drop them first.
  return [...out, ...views.reverse()];
}

/** Refuses, in one line naming them, dependents that are there and not allowed to go. */
export function refuseDependents(deps: Dependent[], action: string, allowed: boolean): void {
  if (deps.length === 0) return;
  const stuck = deps.filter((d) => d.how === 'manual');
  if (allowed && stuck.length === 0) return;
  if (allowed) {
    throw new ForgeError(
      'DB_DEPENDENTS',
      `${action} would affect objects forge cannot drop on its own: ${stuck.map((d) => d.what).join('; ')}`,
      'drop or change them yourself, or use another --schema',
    );
  }
  throw new ForgeError(
    'DB_DEPENDENTS',
    `${action} would affect ${deps.length} object(s) forge did not create: ${deps.map((d) => d.what).join('; ')}`,
    'nothing was changed; drop them yourself, load into another --schema, or add --drop-dependents to drop exactly these (--dry-run lists them)',
  );
}

/** Drops the listed dependents (those that go with the tables are left to the table's DROP). */
export async function dropDependents(client: Client, deps: Dependent[]): Promise<void> {
  for (const d of deps) if (d.how === 'drop' && d.drop) await client.query(d.drop);
}

/** Plan lines for --dry-run. */
export function dependentPlan(deps: Dependent[], allowed: boolean): string[] {
  if (deps.length === 0) return [];
  if (!allowed)
    return [`refused without --drop-dependents: ${deps.length} object(s) forge did not create depend on these tables: ${deps.map((d) => d.what).join('; ')}`];
  const line = (d: Dependent) =>
    d.how === 'drop'
      ? `${d.drop};   -- ${d.what} (--drop-dependents)`
      : d.how === 'kept'
        ? `left in place: ${d.what}`
        : `dropped with its table: ${d.what} (--drop-dependents)`;
  return deps.map(line);
}
