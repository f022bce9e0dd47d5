/**
 * The migration dataset's shared model: the fixed demo identities of
 * document 002, ids by construction, and the layout of one engagement's 500
 * assets (category, wave, discovery flow, the raw import record each came
 * from). The layout is the same small table for every client account and is
 * computed once (500 entries); every row is still a pure function of its
 * keys, and children recompute their parents' values from it.
 */
import type { GenContext } from '../../src/core/context.ts';
import { draw } from '../../src/core/hash.ts';
import { Permutation } from '../../src/core/random.ts';

export const DEMO_CLIENT = '11111111-1111-1111-1111-111111111111';
export const DEMO_ENGAGEMENT = '22222222-2222-2222-2222-222222222222';
/** 2024-06-03 09:00 UTC: "now" for the demo, a declared constant (never the clock). */
export const REFERENCE_TIME = Date.UTC(2024, 5, 3, 9, 0);
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** The RLS policy every tenant-owned table carries: rows of the session's client account only. */
export const TENANT_POLICY = "client_account_id = NULLIF(current_setting('app.client_account_id', true), '')::uuid";
export const tenantPolicy = { tenant_isolation: TENANT_POLICY };

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0').slice(-width);
/**
 * A v4-shaped UUID unique by construction, that sorts in generation order:
 * table code, client account and row number lead (so ORDER BY id, the
 * artifact's row order, is the order rows are made in); the rest is drawn
 * from the cell. Codes start above the fixed demo ids' leading digits, so
 * the demo client account and engagement sort first in their tables.
 */
export function idOf(ctx: GenContext, table: string, code: number, client: number, i: number): string {
  const h = ctx.stream(table, 'id').at2(client, i);
  const n = hex(i, 6);
  return `${hex(code, 2)}${hex(client, 4)}${n.slice(0, 2)}-${n.slice(2)}-4${hex(draw(h, 0) & 0xfff, 3)}-${hex(0x8 | (draw(h, 1) & 0x3), 1)}${hex(draw(h, 2) & 0xfff, 3)}-${hex(draw(h, 3), 8)}${hex(draw(h, 4) & 0xffff, 4)}`;
}

export function clientId(ctx: GenContext, c: number): string {
  return c === 0 ? DEMO_CLIENT : idOf(ctx, 'client_account', 0x20, c, 0);
}
export function engagementId(ctx: GenContext, c: number): string {
  return c === 0 ? DEMO_ENGAGEMENT : idOf(ctx, 'engagement', 0x30, c, 0);
}
/** The demo company's mail domain, and one per other client account. */
export const domainOf = (c: number) => (c === 0 ? 'democorp.com' : `tenant${c}.example.com`);

export const USERS = [
  { local: 'demo', name: 'Demo User', role: 'Migration Architect', access: 'full' },
  { local: 'analyst', name: 'Dana Analyst', role: 'Data Analyst', access: 'read_write' },
  { local: 'manager', name: 'Morgan Manager', role: 'Program Manager', access: 'admin' },
] as const;

export const CATEGORIES = ['application', 'server', 'database', 'network_device'] as const;
export type Category = (typeof CATEGORIES)[number];
/** Exactly the document's 500 assets: 150 applications, 200 servers, 100 databases, 50 network devices. */
export const CATEGORY_COUNTS = [150, 200, 100, 50] as const;
export const ASSETS_PER_ENGAGEMENT = 500;
const CATEGORY_START = [0, 150, 350, 450];
/**
 * Assets per wave (1..5) within each category, in category order: waves are
 * a step function of the index inside a category, so "every database in
 * wave <= w" is a prefix of the databases. Infrastructure moves first.
 */
const WAVE_COUNTS: readonly (readonly number[])[] = [
  [10, 25, 35, 40, 40],
  [60, 50, 40, 30, 20],
  [30, 30, 20, 15, 5],
  [50, 0, 0, 0, 0],
];
export const WAVES = 5;

/** Discovery flows: their assets per category (flow 1: the 100 of scenario 1; flows 4 and 5 found none yet). */
const FLOW_ASSETS: readonly (readonly number[])[] = [
  [30, 40, 20, 10],
  [75, 100, 50, 25],
  [45, 60, 30, 15],
];

export interface AssetSlot {
  category: Category;
  /** The category's index: 0 applications … 3 network devices (dependencies point to lower ranks or lower indexes). */
  rank: number;
  /** Index inside its category. */
  j: number;
  wave: number;
  /** 0, 1 or 2: the discovery flow that found it. */
  flow: number;
  /** Which import (0-based) and which of its records it came from, or -1. */
  importIndex: number;
  record: number;
}

export interface Layout {
  slots: AssetSlot[];
  /** recordAsset[import][record] = asset index, or -1. */
  recordAsset: number[][];
}

export function categoryStart(rank: number): number {
  return CATEGORY_START[rank];
}
/** How many assets of a category sit in waves 1..w: a prefix of the category. */
export function inWavesUpTo(rank: number, w: number): number {
  let n = 0;
  for (let k = 0; k < w; k++) n += WAVE_COUNTS[rank][k];
  return n;
}

export function layout(ctx: GenContext, importRecords: readonly number[]): Layout {
  const slots: AssetSlot[] = [];
  const recordAsset = importRecords.map((n) => new Array<number>(n).fill(-1));
  // Flow 1's assets came from import 0; flow 2's from import 1 (its second source, import 2, enriched them).
  const flowImport = [0, 1, -1];
  for (let rank = 0; rank < 4; rank++) {
    const n = CATEGORY_COUNTS[rank];
    const perm = new Permutation(n, ctx.stream('asset', `flow.${rank}`).at(0));
    const base = [0, 1, 2].map((f) => FLOW_ASSETS[f].slice(0, rank).reduce((a, b) => a + b, 0));
    for (let j = 0; j < n; j++) {
      let wave = 1;
      while (j >= inWavesUpTo(rank, wave)) wave++;
      let p = perm.at(j);
      let flow = 0;
      while (p >= FLOW_ASSETS[flow][rank]) p -= FLOW_ASSETS[flow++][rank];
      const importIndex = flowImport[flow];
      const record = importIndex < 0 ? -1 : base[flow] + p;
      const index = CATEGORY_START[rank] + j;
      slots.push({ category: CATEGORIES[rank], rank, j, wave, flow, importIndex, record });
      if (importIndex >= 0) recordAsset[importIndex][record] = index;
    }
  }
  return { slots, recordAsset };
}

/** Hostname and private IPv4, unique inside an engagement by construction (category prefix and index). */
export function hostnameOf(c: number, slot: AssetSlot, os: string | null): string {
  const p =
    slot.category === 'application'
      ? 'app'
      : slot.category === 'database'
        ? 'db'
        : slot.category === 'network_device'
          ? 'net'
          : os === 'Windows'
            ? 'win'
            : 'lnx';
  return `${p}-${String(slot.j + 1).padStart(3, '0')}.${c === 0 ? 'democorp' : `tenant${c}`}.local`;
}
export function ipOf(slot: AssetSlot): string {
  const third = Math.floor(slot.j / 250);
  const fourth = (slot.j % 250) + 2;
  return slot.category === 'application'
    ? `10.10.${third}.${fourth}`
    : slot.category === 'server'
      ? `10.20.${third}.${fourth}`
      : slot.category === 'database'
        ? `192.168.${30 + third}.${fourth}`
        : `172.16.${third}.${fourth}`;
}
