/**
 * The validator's core: rows in (as Postgres prints them), violations out.
 * The same engine reads an artifact's files (offline) and a database's tables
 * through COPY (online). Tables come in load order, so every foreign key's
 * parent keys are known when its children arrive; key sets are kept only for
 * keys to check or to look up, within a budget fixed before reading.
 */
import type { TableEntry, ValidationEntry } from '../artifact/manifest.ts';
import { DEFAULT_EMAIL_DOMAINS, DEFAULT_PHONE_MASKS } from '../core/validation.ts';
import { ForgeError } from '../errors.ts';
import { compileCheck, Unsupported } from './check-expr.ts';
import { isSensitiveColumn, type PhiPolicy } from './phi.ts';
import type { ViolationLog } from './report.ts';
import { TableValidator } from './table-validator.ts';

export type TableRules = Pick<TableEntry, 'name' | 'columns' | 'primaryKey' | 'unique' | 'foreignKeys' | 'checks' | 'tenantColumn'>;

export interface Rules {
  tables: TableRules[];
  validation?: ValidationEntry;
  /** Rows each table is said to have (the manifest, plus appends online). */
  claimedRows: Record<string, number | undefined>;
  /** Offline: the files' text must parse as the columns' types (online the database guarantees it). */
  checkTypes: boolean;
  /** Constraints the database itself enforces (`table:constraint-kind:cols`), whose key sets need not be kept. */
  enforced?: ReadonlySet<string>;
  /** Per-tenant counts only mean something for what the profile built (not after appends). */
  perTenantCounts: boolean;
}

/** Keys remembered for a (table, columns): key → the row's tenant (or null). */
export type KeyStore = Map<string | number, string | null>;

export const enforcedId = (table: string, kind: 'primary_key' | 'unique', cols: readonly string[]) => `${table}:${kind}:${cols.join(',')}`;
export const storeId = (table: string, cols: readonly string[]) => `${table}(${cols.join(',')})`;

export class Validator {
  readonly stores = new Map<string, KeyStore>();
  readonly policy: PhiPolicy;
  readonly counted = new Map<string, { rows: number; perTenant: Map<string, number> }>();
  private readonly byName: Map<string, TableRules>;

  constructor(
    readonly rules: Rules,
    readonly log: ViolationLog,
    maxKeys: number,
  ) {
    this.byName = new Map(rules.tables.map((t) => [t.name, t]));
    this.policy = { emailDomains: rules.validation?.emailDomains ?? DEFAULT_EMAIL_DOMAINS, phoneMasks: rules.validation?.phoneMasks ?? DEFAULT_PHONE_MASKS };
    for (const t of rules.tables) for (const fk of t.foreignKeys) if (this.byName.has(fk.table)) this.stores.set(storeId(fk.table, fk.references), new Map());
    const keys = this.keysNeeded();
    if (keys > maxKeys) {
      throw new ForgeError(
        'BAD_PARAM',
        `validating these ${rules.tables.length} tables would keep ${keys} keys in memory (about ${Math.ceil((keys * 90) / 2 ** 20)} MB), over the limit of ${maxKeys}`,
        'raise it with --max-keys N, or validate a smaller profile',
      );
    }
  }

  /** Keys held at once: every key set to check or look up, sized by the claimed rows. */
  private keysNeeded(): number {
    let n = 0;
    for (const t of this.rules.tables) {
      const rows = this.rules.claimedRows[t.name] ?? 0;
      const sets = new Set<string>();
      if (!this.rules.enforced?.has(enforcedId(t.name, 'primary_key', t.primaryKey))) sets.add(storeId(t.name, t.primaryKey));
      for (const u of t.unique) if (!this.rules.enforced?.has(enforcedId(t.name, 'unique', u))) sets.add(storeId(t.name, u));
      for (const id of this.stores.keys()) if (id.startsWith(t.name + '(')) sets.add(id);
      n += rows * sets.size;
    }
    return n;
  }

  /** A table whose rows cannot be read: its children's references to it are not judged (no false orphans). */
  unreadable(name: string): void {
    for (const id of [...this.stores.keys()]) {
      if (!id.startsWith(name + '(')) continue;
      this.stores.delete(id);
      this.log.note('foreign_key', `references to ${name} not checked: its rows could not be read`);
    }
  }

  rulesOf(name: string): TableRules | undefined {
    return this.byName.get(name);
  }

  /** Starts a table; its rows follow, then end(). Sensitive column names are found here. */
  table(name: string): TableValidator {
    const t = this.byName.get(name);
    if (!t) throw new TypeError(`no rules for table ${name}`);
    this.log.markRan('phi');
    for (const c of t.columns) {
      if (isSensitiveColumn(c.name))
        this.log.add({
          check: 'phi',
          kind: 'sensitive_column',
          table: name,
          column: c.name,
          message: `column ${c.name} is named like a sensitive field (SSN, card, passport…); fixtures must not carry one`,
        });
    }
    const checks = Object.entries(t.checks).flatMap(([cname, sql]) => {
      const columns = new Set(t.columns.map((c) => c.name));
      try {
        const node = compileCheck(sql, columns);
        const used = t.columns.map((c) => c.name).filter((c) => new RegExp(`(^|[^A-Za-z0-9_"])"?${c}"?($|[^A-Za-z0-9_"])`).test(sql));
        return [{ name: cname, sql, node, used }];
      } catch (e) {
        if (!(e instanceof Unsupported)) throw e;
        this.log.note('check', `${t.name}.${cname} not evaluable here (${e.message}); the database enforces it`);
        return [];
      }
    });
    return new TableValidator(this, t, checks);
  }

  /** Counts against the manifest and against what the profile promises. */
  finish(): void {
    this.log.markRan('counts');
    const v = this.rules.validation?.counts;
    for (const t of this.rules.tables) {
      const got = this.counted.get(t.name);
      if (!got) continue;
      const claimed = this.rules.claimedRows[t.name];
      if (claimed !== undefined && claimed !== got.rows)
        this.log.add({ check: 'counts', kind: 'row_count', table: t.name, message: `has ${got.rows} rows, the manifest says ${claimed}` });
      const promised = v?.tables?.[t.name];
      if (promised !== undefined && promised !== got.rows)
        this.log.add({ check: 'counts', kind: 'row_count', table: t.name, message: `has ${got.rows} rows, the profile promises ${promised}` });
      const least = v?.min?.[t.name];
      if (least !== undefined && got.rows < least)
        this.log.add({ check: 'counts', kind: 'row_count', table: t.name, message: `has ${got.rows} rows, the profile promises at least ${least}` });
      const perTenant = v?.perTenant?.[t.name];
      if (!perTenant || !this.rules.perTenantCounts || !t.tenantColumn) continue;
      for (const tenant of new Set([...Object.keys(perTenant), ...got.perTenant.keys()])) {
        const want = perTenant[tenant] ?? 0;
        const have = got.perTenant.get(tenant) ?? 0;
        if (want !== have)
          this.log.add({
            check: 'counts',
            kind: 'tenant_count',
            table: t.name,
            column: t.tenantColumn,
            value: tenant,
            message: `tenant ${tenant} has ${have} rows, the profile promises ${want}`,
          });
      }
    }
  }
}
