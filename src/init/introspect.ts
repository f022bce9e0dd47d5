/**
 * Reads one schema of a live database into a SourceSchema: tables, columns
 * (with domains and enums resolved), keys, partial unique indexes, foreign
 * keys and checks. Catalog queries only; nothing is changed.
 */
import type { Client } from '../load/connect.ts';
import type { SourceCheck, SourceColumn, SourceSchema, SourceTable } from './schema-model.ts';

const COLUMNS = `
SELECT c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
       format_type(COALESCE(NULLIF(t.typbasetype, 0), a.atttypid), CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END) AS base_type,
       CASE WHEN t.typtype = 'd' THEN t.typname END AS domain,
       (a.attnotnull OR COALESCE(t.typnotnull, false)) AS not_null,
       pg_get_expr(d.adbin, d.adrelid) AS default, a.attidentity <> '' AS identity,
       (SELECT array_agg(e.enumlabel::text ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = COALESCE(NULLIF(t.typbasetype, 0), a.atttypid)) AS enum_labels
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition
ORDER BY c.relname, a.attnum`;

const CONSTRAINTS = `
SELECT c.relname AS table, k.conname AS name, k.contype AS type,
       ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(n, o) JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.o)::text[] AS columns,
       f.relname AS ref_table,
       ARRAY(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY u(n, o) JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.o)::text[] AS ref_columns,
       pg_get_constraintdef(k.oid) AS def
FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class f ON f.oid = k.confrelid
WHERE n.nspname = $1 AND k.contype IN ('p', 'u', 'f', 'c')
ORDER BY c.relname, k.conname`;

// Unique indexes that no constraint owns (partial ones, or made with CREATE UNIQUE INDEX),
// and plain indexes; expression indexes are left out (forge declares column lists).
const INDEXES = `
SELECT c.relname AS table, i.relname AS name, x.indisunique AS unique,
       ARRAY(SELECT a.attname FROM unnest(x.indkey::int2[]) WITH ORDINALITY u(n, o) JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = u.n ORDER BY u.o)::text[] AS columns,
       pg_get_expr(x.indpred, x.indrelid) AS predicate
FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND NOT x.indisprimary AND x.indexprs IS NULL AND 0 <> ALL (x.indkey::int2[])
  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)
ORDER BY c.relname, i.relname`;

// Domain checks apply to every column of that domain: they are reported per column.
const DOMAIN_CHECKS = `
SELECT t.typname AS domain, k.conname AS name, pg_get_constraintdef(k.oid) AS def
FROM pg_constraint k JOIN pg_type t ON t.oid = k.contypid WHERE k.contype = 'c' ORDER BY t.typname, k.conname`;

const checkBody = (def: string) => def.replace(/^CHECK\s*/, '').replace(/\s+NOT VALID$/, '');

export async function introspect(client: Client, schema: string): Promise<SourceSchema> {
  const tables = new Map<string, SourceTable>();
  const table = (name: string) => {
    let t = tables.get(name);
    if (!t) tables.set(name, (t = { name, columns: [], primaryKey: [], unique: [], foreignKeys: [], checks: [], indexes: [] }));
    return t;
  };
  const domainChecks = new Map<string, { name: string; expr: string }[]>();
  for (const r of (await client.query(DOMAIN_CHECKS)).rows) {
    const list = domainChecks.get(r.domain) ?? [];
    list.push({ name: r.name, expr: checkBody(r.def) });
    domainChecks.set(r.domain, list);
  }
  for (const r of (await client.query(COLUMNS, [schema])).rows) {
    const c: SourceColumn = { name: r.name, type: r.type, baseType: r.base_type, notNull: r.not_null, identity: r.identity };
    if (r.domain) c.domain = r.domain;
    if (r.enum_labels) c.enumLabels = r.enum_labels;
    if (r.default !== null) c.default = r.default;
    const t = table(r.table);
    t.columns.push(c);
    for (const d of c.domain ? (domainChecks.get(c.domain) ?? []) : []) {
      const check: SourceCheck = { name: `${r.table}_${r.name}_${d.name}`, expr: d.expr.replace(/\bVALUE\b/g, r.name), domainOf: r.name };
      t.checks.push(check);
    }
  }
  for (const r of (await client.query(CONSTRAINTS, [schema])).rows) {
    const t = tables.get(r.table);
    if (!t) continue;
    if (r.type === 'p') t.primaryKey = r.columns;
    else if (r.type === 'u') t.unique.push({ name: r.name, columns: r.columns });
    else if (r.type === 'f') t.foreignKeys.push({ name: r.name, columns: r.columns, table: r.ref_table, references: r.ref_columns });
    else t.checks.push({ name: r.name, expr: checkBody(r.def) });
  }
  for (const r of (await client.query(INDEXES, [schema])).rows) {
    const t = tables.get(r.table);
    if (!t) continue;
    if (r.unique) t.unique.push(r.predicate ? { name: r.name, columns: r.columns, where: r.predicate } : { name: r.name, columns: r.columns });
    else t.indexes.push(r.columns);
  }
  return { format: 'fixture-forge/source-schema@1', schema, tables: [...tables.values()] };
}
