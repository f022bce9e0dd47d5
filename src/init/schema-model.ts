/**
 * What `forge init` learns from a database schema: plain data, no I/O, so it
 * can be written beside a generated dataset (source-schema.json) and compared
 * later (`forge init --check`) without a database.
 */

export interface SourceColumn {
  name: string;
  /** The type as Postgres formats it (`format_type`), e.g. `character varying(40)`, `mpaa_rating`. */
  type: string;
  /** The type after resolving a domain to its base type. */
  baseType: string;
  /** Set when the column's type is an enum (its labels in order). */
  enumLabels?: string[];
  /** Set when the column's type is a domain. */
  domain?: string;
  notNull: boolean;
  default?: string;
  identity: boolean;
}

export interface SourceForeignKey {
  name: string;
  columns: string[];
  table: string;
  references: string[];
}

export interface SourceUnique {
  name: string;
  columns: string[];
  /** A partial unique index's predicate (`deleted_at IS NULL`). */
  where?: string;
}

export interface SourceCheck {
  name: string;
  /** The boolean expression, as `pg_get_constraintdef` prints it without `CHECK`. */
  expr: string;
  /** Set when the check comes from a domain: the column it applies to. */
  domainOf?: string;
}

export interface SourceTable {
  name: string;
  columns: SourceColumn[];
  primaryKey: string[];
  unique: SourceUnique[];
  foreignKeys: SourceForeignKey[];
  checks: SourceCheck[];
  indexes: string[][];
}

export interface SourceSchema {
  format: 'fixture-forge/source-schema@1';
  schema: string;
  tables: SourceTable[];
}

/** Differences between two schemas, one line each (for `forge init --check`). */
export function schemaDrift(was: SourceSchema, now: SourceSchema): string[] {
  const out: string[] = [];
  const byName = (ts: SourceTable[]) => new Map(ts.map((t) => [t.name, t]));
  const a = byName(was.tables);
  const b = byName(now.tables);
  for (const name of a.keys()) if (!b.has(name)) out.push(`table ${name}: dropped`);
  for (const name of b.keys()) if (!a.has(name)) out.push(`table ${name}: new`);
  for (const [name, t] of a) {
    const u = b.get(name);
    if (!u) continue;
    const cols = new Map(u.columns.map((c) => [c.name, c]));
    for (const c of t.columns) {
      const d = cols.get(c.name);
      if (!d) out.push(`column ${name}.${c.name}: dropped`);
      else {
        if (d.type !== c.type) out.push(`column ${name}.${c.name}: type ${c.type} -> ${d.type}`);
        if (d.notNull !== c.notNull) out.push(`column ${name}.${c.name}: ${d.notNull ? 'now NOT NULL' : 'now nullable'}`);
        if (JSON.stringify(d.enumLabels ?? null) !== JSON.stringify(c.enumLabels ?? null)) out.push(`column ${name}.${c.name}: enum labels changed`);
      }
    }
    const known = new Set(t.columns.map((c) => c.name));
    for (const c of u.columns) if (!known.has(c.name)) out.push(`column ${name}.${c.name}: new (${c.type})`);
    const keyText = (x: SourceTable) =>
      JSON.stringify({
        pk: x.primaryKey,
        u: x.unique.map((k) => [k.columns, k.where ?? '']),
        fk: x.foreignKeys.map((f) => [f.columns, f.table, f.references]),
        ck: x.checks.map((c) => c.expr).sort(),
      });
    if (keyText(t) !== keyText(u)) out.push(`table ${name}: keys or checks changed`);
  }
  return out;
}
