/**
 * Everything a push decides before its first request: the tables and their
 * compiled mappings, each table's tenants and row counts (one pass over the
 * JSON files, which also proves every row parses), the API key source of
 * each tenant, and what the checkpoint already holds. `--dry-run` prints it.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Artifact } from '../artifact/read.ts';
import { maskUrl } from '../load/url.ts';
import { ForgeError } from '../errors.ts';
import type { Checkpoint } from './checkpoint.ts';
import { envNameFor, type KeySource } from './keys.ts';
import { planTables, type PushMapping, type RowObject, type TablePlan } from './mapping.ts';
import { readRows } from './rows.ts';

export interface TableScan {
  plan: TablePlan;
  path: string;
  /** Rows per tenant ('' when the table has no tenant), in first-seen order. */
  tenants: Map<string, number>;
  first?: RowObject;
}

export interface PushPlan {
  artifact: Artifact;
  mapping: PushMapping;
  target: URL;
  tables: TableScan[];
  keys: (tenant: string | undefined) => KeySource | undefined;
}

/** The idempotency key of a row: the artifact's identity and the row's key, hashed, shaped like a UUID. */
export function idempotencyKey(manifestSha256: string, table: string, rowKey: string): string {
  const h = createHash('sha256').update(`${manifestSha256}\n${table}\n${rowKey}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** A stable name for the (artifact, target) pair: the default checkpoint file. */
export function defaultCheckpointPath(cwd: string, artifact: Artifact, target: URL): string {
  const t = createHash('sha256').update(target.href).digest('hex').slice(0, 8);
  return join(cwd, '.forge', 'push', `${artifact.manifest.dataset.name}-${artifact.manifestSha256.slice(0, 12)}-${t}.checkpoint`);
}

export async function planPush(artifact: Artifact, mapping: PushMapping, source: string, target: URL, keys: PushPlan['keys']): Promise<PushPlan> {
  const tables: TableScan[] = [];
  for (const plan of planTables(mapping, artifact.manifest, source)) {
    const path = join(artifact.dir, plan.file);
    const scan: TableScan = { plan, path, tenants: new Map() };
    for await (const { row } of readRows(path)) {
      scan.first ??= row;
      // Every row rendered once before anything is sent: a value a map lacks fails here, not at row 9,000.
      plan.path(row);
      plan.body(row);
      const t = plan.tenantOf(row) ?? '';
      scan.tenants.set(t, (scan.tenants.get(t) ?? 0) + 1);
    }
    tables.push(scan);
  }
  if (mapping.authRequired) {
    for (const s of tables) {
      for (const t of s.tenants.keys()) {
        if (!keys(t || undefined)) {
          throw new ForgeError(
            'PUSH_AUTH',
            `no API key for tenant ${t || '(none)'} of table ${s.plan.table}`,
            `set ${t ? envNameFor(t) : 'FORGE_PUSH_KEY'} or pass --keys keys.json ({"${t || '*'}": "..."})`,
          );
        }
      }
    }
  }
  return { artifact, mapping, target, tables, keys };
}

/** The plan as lines for --dry-run: no request is made and no key is shown. */
export function describePlan(
  p: PushPlan,
  checkpoint: Checkpoint,
  opts: { concurrency: number; timeoutMs: number; retries: number; healthCheck: boolean },
): string[] {
  const m = p.artifact.manifest;
  const lines = [
    `dry run: nothing is sent to ${maskUrl(p.target.href)}`,
    `artifact: ${m.dataset.name} ${m.dataset.version} seed ${m.seed} profile ${m.profile} (manifest sha256 ${p.artifact.manifestSha256.slice(0, 12)})`,
    `health check: ${opts.healthCheck ? `GET ${p.mapping.healthPath}` : 'skipped'}`,
    `checkpoint: ${checkpoint.path}`,
  ];
  for (const s of p.tables) {
    const done = checkpoint.count(s.plan.table);
    const order = s.plan.ordered ? `, in order within each tenant (${s.plan.tenant})` : '';
    lines.push(
      `table ${s.plan.table}: ${s.plan.method} ${p.mapping.tables.find((t) => t.table === s.plan.table)!.path}, ${s.plan.rows} rows, ${done} already acknowledged, ${s.plan.rows - done} to send${order}; row key ${s.plan.key.join(', ')}`,
    );
    for (const [tenant, n] of s.tenants) {
      const k = p.keys(tenant || undefined);
      lines.push(
        `  ${tenant ? `tenant ${tenant}` : 'all rows'}: ${n} rows, API key ${k ? `from ${k.from}` : `none (set ${tenant ? envNameFor(tenant) : 'FORGE_PUSH_KEY'} or --keys)`}`,
      );
    }
    if (s.first) {
      const key = idempotencyKey(p.artifact.manifestSha256, s.plan.table, s.plan.keyOf(s.first));
      lines.push(`  first request: ${s.plan.method} ${s.plan.path(s.first)} ${p.mapping.idempotencyHeader}: ${key}`);
      lines.push(`  body: ${JSON.stringify(s.plan.body(s.first))}`);
    }
  }
  lines.push(`concurrency ${opts.concurrency}, timeout ${opts.timeoutMs} ms, up to ${opts.retries} retries per row (5xx, 429, timeouts, dropped connections)`);
  return lines;
}
