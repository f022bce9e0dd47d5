/**
 * What `forge validate` finds, as data: one Violation per defect, naming the
 * check, the kind of defect, the table, the row (by its primary key, and its
 * line in the data file when read from one) and the column. Anything that
 * reports defects (validate today, injected dirty data later) speaks this.
 */

/** The checks, in the order the summary lists them. */
export const CHECKS = [
  'files',
  'types',
  'not_null',
  'primary_key',
  'unique',
  'check',
  'foreign_key',
  'tenant_isolation',
  'phi',
  'counts',
  'constraints',
] as const;
export type CheckName = (typeof CHECKS)[number];

export const CHECK_TITLES: Record<CheckName, string> = {
  files: 'files match manifest',
  types: 'values parse as their types',
  not_null: 'NOT NULL',
  primary_key: 'primary keys',
  unique: 'unique keys',
  check: 'check constraints',
  foreign_key: 'foreign keys',
  tenant_isolation: 'tenant isolation',
  phi: 'PHI patterns',
  counts: 'counts per table and tenant',
  constraints: 'constraints exist and are valid',
};

export type ViolationKind =
  | 'checksum'
  | 'header'
  | 'bad_value'
  | 'null'
  | 'duplicate_key'
  | 'check_failed'
  | 'orphan'
  | 'cross_tenant'
  | 'null_tenant'
  | 'ssn'
  | 'card_number'
  | 'phone'
  | 'email_domain'
  | 'sensitive_column'
  | 'row_count'
  | 'tenant_count'
  | 'missing_constraint'
  | 'missing_not_null';

export interface Violation {
  check: CheckName;
  kind: ViolationKind;
  table: string;
  /** The row's primary key, column → text (null for NULL); absent when the defect is not a row's. */
  key?: Record<string, string | null>;
  /** 1-based data row in the file (offline), when known. */
  line?: number;
  column?: string;
  /** The offending value, masked when it looks like PHI. */
  value?: string;
  message: string;
}

export type CheckStatus = 'PASS' | 'FAIL' | 'SKIP';

export interface CheckResult {
  name: CheckName;
  title: string;
  status: CheckStatus;
  violations: number;
  /** Why it was skipped, or what it covered. */
  note?: string;
}

export interface Report {
  ok: boolean;
  mode: 'artifact' | 'database';
  target: string;
  dataset: { name: string; version: string; seed: number; profile: string };
  checks: CheckResult[];
  /** Up to `limit` violations per check, in the order found. */
  violations: Violation[];
  truncated: number;
}

/** Collects violations with a per-check cap, so a broken 10M-row table does not fill memory. */
export class ViolationLog {
  readonly counts = new Map<CheckName, number>();
  readonly kept: Violation[] = [];
  readonly notes = new Map<CheckName, string>();
  readonly skipped = new Set<CheckName>();
  readonly ran = new Set<CheckName>();
  constructor(readonly limitPerCheck = 100) {}

  add(v: Violation): void {
    const n = (this.counts.get(v.check) ?? 0) + 1;
    this.counts.set(v.check, n);
    if (n <= this.limitPerCheck) this.kept.push(v);
  }

  /** Marks a check as run (PASS unless a violation is added) or skipped with a reason. */
  markRan(check: CheckName): void {
    this.ran.add(check);
  }

  skip(check: CheckName, why: string): void {
    if (!this.ran.has(check)) {
      this.skipped.add(check);
      this.notes.set(check, why);
    }
  }

  note(check: CheckName, text: string): void {
    this.notes.set(check, text);
  }

  report(head: Omit<Report, 'ok' | 'checks' | 'violations' | 'truncated'>, checks: readonly CheckName[]): Report {
    const results: CheckResult[] = checks.map((name) => {
      const violations = this.counts.get(name) ?? 0;
      const status: CheckStatus = violations > 0 ? 'FAIL' : this.ran.has(name) ? 'PASS' : 'SKIP';
      const note = this.notes.get(name) ?? (status === 'SKIP' ? 'nothing to check' : undefined);
      return { name, title: CHECK_TITLES[name], status, violations, ...(note ? { note } : {}) };
    });
    const total = [...this.counts.values()].reduce((a, b) => a + b, 0);
    return { ...head, ok: total === 0, checks: results, violations: this.kept, truncated: total - this.kept.length };
  }
}

export function describeKey(key: Record<string, string | null> | undefined): string {
  if (!key) return '';
  return (
    '(' +
    Object.entries(key)
      .map(([k, v]) => `${k}=${v === null ? 'NULL' : v}`)
      .join(', ') +
    ')'
  );
}

/** The human summary: a PASS/FAIL line per check, then the violations. */
export function formatReport(r: Report): string[] {
  const d = r.dataset;
  const lines = [`validate ${r.mode} ${r.target}: ${d.name} ${d.version} seed ${d.seed} profile ${d.profile}`];
  for (const c of r.checks) {
    const mark = c.status === 'PASS' ? '✓ PASS' : c.status === 'FAIL' ? '✗ FAIL' : '- SKIP';
    lines.push(`  ${c.title.padEnd(34)} ${mark}${c.violations ? ` (${c.violations})` : ''}${c.note ? `  ${c.note}` : ''}`);
  }
  for (const v of r.violations) {
    const where = [v.table, v.key ? `row ${describeKey(v.key)}` : '', v.line ? `line ${v.line}` : '', v.column ? `column ${v.column}` : '']
      .filter(Boolean)
      .join(' ');
    lines.push(`  ${v.check}/${v.kind}: ${where}: ${v.message}`);
  }
  if (r.truncated) lines.push(`  … and ${r.truncated} more (--limit N keeps more per check)`);
  lines.push(r.ok ? 'all validations passed' : `${r.checks.filter((c) => c.status === 'FAIL').length} check(s) failed`);
  return lines;
}
