/**
 * One table's rows through every row-level check: types, NOT NULL, primary
 * and unique keys, checks, foreign keys and tenant isolation, PHI. Each
 * violation names the table, the row by its primary key (and line, when read
 * from a file) and the column.
 */
import { parseColumn, type ColumnKind } from '../core/columns.ts';
import { checkHolds, typedValue, Unsupported, type compileCheck } from './check-expr.ts';
import { enforcedId, storeId, type KeyStore, type TableRules, type Validator } from './engine.ts';
import { maskText, scanText } from './phi.ts';
import type { CheckName, Violation, ViolationKind } from './report.ts';
import { typeCheck, type TypeCheck } from './value-types.ts';

export interface CompiledCheck {
  name: string;
  sql: string;
  node: ReturnType<typeof compileCheck>;
  used: string[];
}

type Fields = (string | null)[];
const SEP = '\u0000';

interface KeyCheck {
  cols: number[];
  names: string[];
  store: KeyStore;
  kind: 'primary_key' | 'unique';
}

interface FkCheck {
  cols: number[];
  names: string[];
  parent: string;
  references: string[];
  store?: KeyStore;
  selfRef: boolean;
  tenantCheck: boolean;
  /** The parent's tenant column is nullable: its NULL-tenant rows are shared by every tenant (global tools). */
  sharedParents: boolean;
  /** Keys as numbers when the parent's key is one integer column, as the parent stored them. */
  intKey: boolean;
}

/** A key's text; a single integer column is kept as a number (a third of a string's memory). */
function keyOf(fields: Fields, cols: number[], intKey: boolean): string | number | null {
  if (cols.length === 1) {
    const v = fields[cols[0]];
    if (v === null) return null;
    return intKey && v.length < 16 ? Number(v) : v;
  }
  let k = '';
  for (const c of cols) {
    const v = fields[c];
    if (v === null) return null;
    k += (k ? SEP : '') + v;
  }
  return k;
}

export class TableValidator {
  private rows = 0;
  private readonly kinds: ColumnKind[];
  private readonly types: TypeCheck[];
  private readonly keys: KeyCheck[] = [];
  private readonly fks: FkCheck[] = [];
  private readonly registers: { cols: number[]; store: KeyStore; intKey: boolean }[] = [];
  private readonly tenantIdx: number;
  private readonly perTenant = new Map<string, number>();
  private readonly pending: { fk: FkCheck; key: string | number; tenant: string | null; fields: Fields; line?: number }[] = [];
  private readonly deadChecks = new Set<string>();
  private readonly scan: boolean[];
  private readonly idx: Map<string, number>;

  constructor(
    private readonly v: Validator,
    private readonly t: TableRules,
    private readonly checks: CompiledCheck[],
  ) {
    const log = v.log;
    this.idx = new Map(t.columns.map((c, i) => [c.name, i]));
    this.kinds = t.columns.map((c) => parseColumn(`${c.name} ${c.type}`).kind);
    this.types = v.rules.checkTypes ? t.columns.map(typeCheck) : [];
    this.tenantIdx = t.tenantColumn ? this.idx.get(t.tenantColumn)! : -1;
    this.scan = this.kinds.map((k) => k === 'text' || k === 'jsonb' || k === 'int' || k === 'numeric');
    const cols = (names: readonly string[]) => names.map((n) => this.idx.get(n)!);
    const addKey = (names: string[], kind: 'primary_key' | 'unique') => {
      if (v.rules.enforced?.has(enforcedId(t.name, kind, names))) return;
      const shared = v.stores.get(storeId(t.name, names));
      // A referenced key's store doubles as its duplicate check, so it is filled here, not registered twice.
      this.keys.push({ cols: cols(names), names, store: shared ?? new Map(), kind });
    };
    addKey(t.primaryKey, 'primary_key');
    for (const u of t.unique) addKey(u, 'unique');
    for (const [id, store] of v.stores) {
      if (!id.startsWith(t.name + '(')) continue;
      if (this.keys.some((k) => k.store === store)) continue;
      const names = id.slice(t.name.length + 1, -1).split(',');
      this.registers.push({ cols: cols(names), store, intKey: this.isIntKey(names) });
    }
    for (const fk of t.foreignKeys) {
      const parent = v.rulesOf(fk.table);
      this.fks.push({
        cols: cols(fk.columns),
        names: fk.columns,
        parent: fk.table,
        references: fk.references,
        store: v.stores.get(storeId(fk.table, fk.references)),
        selfRef: fk.table === t.name,
        tenantCheck: Boolean(t.tenantColumn && parent?.tenantColumn),
        sharedParents: Boolean(parent?.tenantColumn && parent.columns.find((c) => c.name === parent.tenantColumn)?.nullable),
        intKey: fk.references.length === 1 && /^(smallint|integer|bigint)$/.test(parent?.columns.find((c) => c.name === fk.references[0])?.type ?? ''),
      });
    }
    for (const c of ['types', 'not_null', 'primary_key', 'unique', 'check', 'foreign_key'] as CheckName[])
      if (c !== 'types' || v.rules.checkTypes) log.markRan(c);
    if (t.tenantColumn) log.markRan('tenant_isolation');
  }

  private isIntKey(names: readonly string[]): boolean {
    return names.length === 1 && this.kinds[this.idx.get(names[0])!] === 'int';
  }

  private rowKey(fields: Fields): Record<string, string | null> {
    return Object.fromEntries(this.t.primaryKey.map((n) => [n, fields[this.idx.get(n)!] ?? null]));
  }

  private add(
    check: CheckName,
    kind: ViolationKind,
    fields: Fields | undefined,
    line: number | undefined,
    message: string,
    extra: Partial<Violation> = {},
  ): void {
    this.v.log.add({
      check,
      kind,
      table: this.t.name,
      ...(fields ? { key: this.rowKey(fields) } : {}),
      ...(line !== undefined ? { line } : {}),
      ...extra,
      message,
    });
  }

  row(fields: Fields, line?: number): void {
    const t = this.t;
    if (fields.length !== t.columns.length) {
      this.add('types', 'bad_value', undefined, line, `has ${fields.length} fields, the table ${t.columns.length} columns`);
      return;
    }
    this.rows++;
    let badColumns: Set<string> | undefined;
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i];
      const col = t.columns[i];
      if (f === null) {
        if (!col.nullable) this.add('not_null', 'null', fields, line, `NULL in NOT NULL column ${col.name}`, { column: col.name });
        continue;
      }
      if (this.types.length) {
        const problem = this.types[i](f);
        if (problem) {
          const shown = maskText(f.slice(0, 40));
          this.add('types', 'bad_value', fields, line, `${JSON.stringify(shown)} is ${problem}`, { column: col.name, value: shown });
          (badColumns ??= new Set()).add(col.name);
        }
      }
      if (this.scan[i] && (this.kinds[i] !== 'int' || f.length >= 13)) {
        for (const p of scanText(f, this.v.policy))
          this.add('phi', p.kind, fields, line, `${col.name} holds ${p.message}`, { column: col.name, value: p.value });
      }
    }
    for (const k of this.keys) {
      const key = keyOf(fields, k.cols, this.isIntKey(k.names));
      if (key === null) continue; // NULLs are never equal (and a NULL primary key is reported above)
      if (k.store.has(key))
        this.add(
          k.kind,
          'duplicate_key',
          fields,
          line,
          `${k.kind === 'primary_key' ? 'primary key' : 'unique key'} (${k.names.join(', ')}) = (${k.names.map((n) => maskText(fields[this.idx.get(n)!] ?? '')).join(', ')}) appears more than once`,
          { column: k.names.join(',') },
        );
      else k.store.set(key, this.tenantIdx >= 0 ? fields[this.tenantIdx] : null);
    }
    for (const r of this.registers) {
      const key = keyOf(fields, r.cols, r.intKey);
      if (key !== null) r.store.set(key, this.tenantIdx >= 0 ? fields[this.tenantIdx] : null);
    }
    if (this.checks.length) this.evalChecks(fields, line, badColumns);
    const tenant = this.tenantIdx >= 0 ? fields[this.tenantIdx] : null;
    if (this.tenantIdx >= 0) {
      if (tenant === null && !this.t.columns[this.tenantIdx].nullable)
        this.add('tenant_isolation', 'null_tenant', fields, line, `tenant-owned row without a tenant (${t.tenantColumn} is NULL)`, { column: t.tenantColumn });
      else if (tenant !== null) this.perTenant.set(tenant, (this.perTenant.get(tenant) ?? 0) + 1);
    }
    for (const fk of this.fks) {
      if (!fk.store) continue;
      const key = keyOf(fields, fk.cols, fk.intKey);
      if (key === null) continue; // MATCH SIMPLE: a NULL column means no reference
      if (fk.selfRef) this.pending.push({ fk, key, tenant, fields, line });
      else this.resolve(fk, key, tenant, fields, line);
    }
  }

  private resolve(fk: FkCheck, key: string | number, tenant: string | null, fields: Fields, line: number | undefined): void {
    const refText = `(${fk.names.join(', ')}) = (${fk.cols.map((c) => fields[c]).join(', ')})`;
    if (!fk.store!.has(key)) {
      this.add('foreign_key', 'orphan', fields, line, `${refText} has no row in ${fk.parent}(${fk.references.join(', ')})`, { column: fk.names.join(',') });
      return;
    }
    if (!fk.tenantCheck || tenant === null) return;
    const parentTenant = fk.store!.get(key);
    if (parentTenant === null && fk.sharedParents) return;
    if (parentTenant !== tenant) {
      this.add(
        'tenant_isolation',
        'cross_tenant',
        fields,
        line,
        `${refText} references a ${fk.parent} row of tenant ${parentTenant}, this row is tenant ${tenant}`,
        { column: fk.names.join(',') },
      );
    }
  }

  /** Checks over columns whose text is not even of their type are not judged again: the type violation says it. */
  private evalChecks(fields: Fields, line: number | undefined, badColumns: Set<string> | undefined): void {
    const get = (name: string) => {
      const i = this.idx.get(name)!;
      return typedValue(this.kinds[i], fields[i]);
    };
    for (const c of this.checks) {
      if (this.deadChecks.has(c.name) || (badColumns && c.used.some((n) => badColumns.has(n)))) continue;
      try {
        if (!checkHolds(c.node, get)) {
          const shown = c.used.map((n) => `${n}=${maskText(fields[this.idx.get(n)!] ?? 'NULL')}`).join(', ');
          this.add('check', 'check_failed', fields, line, `violates check ${c.name} (${c.sql}) with ${shown}`, { column: c.used.join(',') });
        }
      } catch (e) {
        if (!(e instanceof Unsupported)) throw e;
        this.deadChecks.add(c.name);
        this.v.log.note('check', `${this.t.name}.${c.name} not evaluable here (${e.message}); the database enforces it`);
      }
    }
  }

  end(): void {
    for (const p of this.pending) this.resolve(p.fk, p.key, p.tenant, p.fields, p.line);
    this.pending.length = 0;
    this.v.counted.set(this.t.name, { rows: this.rows, perTenant: this.perTenant });
  }
}
