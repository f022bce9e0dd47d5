/**
 * How a generated dataset makes each table: load order, row counts per
 * profile, tenant-like groups (parents of the same group for composite
 * foreign keys, by construction), which key makes each unique constraint
 * hold, and each column's generator. Pure: a SourceSchema in, a plan out.
 */
import { readCheck, type ColumnRules } from './checks.ts';
import { guessValue, uniqueValue, type Guess } from './guess.ts';
import type { SourceForeignKey, SourceSchema, SourceTable } from './schema-model.ts';
import { forgeType, type ForgeType } from './types.ts';

export interface ColumnPlan {
  name: string;
  type: ForgeType;
  nullable: boolean;
  /** How the value is made (an expression over i, H, ctx, m, n, v and earlier c_<column>s). */
  expr: string;
  /** Whether NULLs are mixed in (nullable, no key role): one row in ten. */
  nulls: boolean;
  notes: string[];
}

export interface FkPlan {
  fk: SourceForeignKey;
  /** The parent's row index expression. */
  parent: string;
  self: boolean;
  nullable: boolean;
  /**
   * Set when the key's columns are read from another parent's row instead
   * (that parent has a foreign key to the same table over the same columns):
   * one row decides all of them, so composite keys that share columns agree.
   */
  derived?: { from: number; columns: string[] };
}

export interface TablePlan {
  src: SourceTable;
  ident: string;
  file: string;
  depth: number;
  /** The group root (tenant-like table) whose rows this table's rows are laid out over, round-robin. */
  group?: string;
  /** Rows laid out in blocks of `per` per group instead (a key of the group and one parent). */
  blockedPer?: string;
  /**
   * A composite unique key made unique by one keyed permutation of its space.
   * `perGroup`: some digits pick parents inside the row's group, so the
   * permutation runs over each group's rows (index \`Math.floor(i / n.group)\`).
   */
  tuple?: { columns: string[]; radix: string[]; ordered: boolean; perGroup: boolean };
  /** Bounds on the row count: a unique column with a bounded range has that many values at most. */
  caps: string[];
  /** Rows are generated in this order (the primary key's, unless it does not follow the row index). */
  orderBy?: string[];
  fks: FkPlan[];
  columns: ColumnPlan[];
  /** Checks kept as constraints but not understood by the generators. */
  unhandledChecks: string[];
  role: 'dimension' | 'fact';
}

export const identOf = (name: string) => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()).replace(/^[0-9]/, '_$&');

/** Tables in an order where every parent comes before its children (self-references aside). */
export function loadOrder(tables: SourceTable[]): { order: SourceTable[]; cycles: string[] } {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const order: SourceTable[] = [];
  const cycles: string[] = [];
  const visit = (t: SourceTable, path: string[]) => {
    if (done.has(t.name)) return;
    if (path.includes(t.name)) {
      cycles.push([...path.slice(path.indexOf(t.name)), t.name].join(' -> '));
      return;
    }
    for (const fk of t.foreignKeys) if (fk.table !== t.name && byName.has(fk.table)) visit(byName.get(fk.table)!, [...path, t.name]);
    if (!done.has(t.name)) {
      done.add(t.name);
      order.push(t);
    }
  };
  for (const t of [...tables].sort((a, b) => a.name.localeCompare(b.name))) visit(t, []);
  return { order, cycles };
}

/** Group roots: a column shared by a composite foreign key and a one-column key to a small table (tenant_id). */
function findGroups(order: SourceTable[]): Map<string, Map<string, string>> {
  const groups = new Map<string, Map<string, string>>(order.map((t) => [t.name, new Map()]));
  const single = (t: SourceTable, c: string) => t.foreignKeys.find((f) => f.columns.length === 1 && f.columns[0] === c && f.table !== t.name);
  const byName = new Map(order.map((t) => [t.name, t]));
  for (let changed = true; changed; ) {
    changed = false;
    for (const t of order) {
      for (const fk of t.foreignKeys.filter((f) => f.columns.length > 1)) {
        const parent = byName.get(fk.table);
        if (!parent) continue;
        fk.columns.forEach((c, k) => {
          const pc = fk.references[k];
          const root = groups.get(parent.name)!.get(pc) ?? single(parent, pc)?.table;
          if (!root || root === parent.name) return;
          for (const [tbl, col] of [
            [parent.name, pc],
            [t.name, c],
          ] as const)
            if (!groups.get(tbl)!.has(col)) {
              groups.get(tbl)!.set(col, root);
              changed = true;
            }
        });
      }
    }
  }
  // A table with a direct one-column key to a root is laid out over it too (its rows then have parents in their own group).
  const roots = new Set([...groups.values()].flatMap((m) => [...m.values()]));
  for (const t of order)
    for (const fk of t.foreignKeys)
      if (fk.columns.length === 1 && roots.has(fk.table) && !groups.get(t.name)!.has(fk.columns[0])) groups.get(t.name)!.set(fk.columns[0], fk.table);
  return groups;
}

export function planTables(schema: SourceSchema): { tables: TablePlan[]; cycles: string[]; skipped: string[] } {
  const skipped = schema.tables.filter((t) => t.primaryKey.length === 0).map((t) => t.name);
  const { order, cycles } = loadOrder(schema.tables.filter((t) => t.primaryKey.length > 0));
  const groups = findGroups(order);
  const depth = new Map<string, number>();
  const plans = new Map<string, TablePlan>();
  for (const t of order) {
    const parents = t.foreignKeys.filter((f) => f.table !== t.name && depth.has(f.table));
    depth.set(t.name, parents.length ? 1 + Math.max(...parents.map((f) => depth.get(f.table)!)) : 0);
    plans.set(t.name, planTable(t, depth, groups, plans, new Map(schema.tables.map((x) => [x.name, x]))));
  }
  return { tables: [...plans.values()], cycles, skipped };
}

function planTable(
  t: SourceTable,
  depths: Map<string, number>,
  groups: Map<string, Map<string, string>>,
  plans: Map<string, TablePlan>,
  sources: Map<string, SourceTable>,
): TablePlan {
  const depth = depths.get(t.name)!;
  const names = new Set(t.columns.map((c) => c.name));
  const rules = new Map<string, ColumnRules>();
  const unhandledChecks: string[] = [];
  const differsCheck = new Map<string, string>();
  for (const ck of t.checks) {
    const r = readCheck(ck.expr, names);
    if (!r) unhandledChecks.push(`${ck.name}: ${ck.expr}`);
    else
      for (const [c, cr] of r) {
        const was = rules.get(c);
        // Two checks that both list values (an IN and a case split): the values both allow.
        const choices = was?.choices && cr.choices ? was.choices.filter((x) => cr.choices!.includes(x)) : (cr.choices ?? was?.choices);
        rules.set(c, { ...was, ...cr, ...(choices ? { choices } : {}), when: [...(was?.when ?? []), ...(cr.when ?? [])] });
        if (cr.differs) differsCheck.set(c, `${ck.name}: ${ck.expr}`);
      }
  }
  for (const c of t.columns) if (c.enumLabels) rules.set(c.name, { ...rules.get(c.name), choices: c.enumLabels });
  const myGroups = groups.get(t.name)!;
  const group = myGroups.size ? [...myGroups.values()][0] : undefined;
  const fkOf = new Map<string, SourceForeignKey>();
  for (const fk of t.foreignKeys) for (const c of fk.columns) if (!fkOf.has(c) || fk.columns.length > 1) fkOf.set(c, fk);
  const type = new Map(t.columns.map((c) => [c.name, forgeType(c)]));
  // Unique keys: one made of a single column is made from the row index; a
  // composite one with no such column comes from a permutation of its space.
  const keys = [t.primaryKey, ...t.unique.map((u) => u.columns)];
  const indexUnique = new Set<string>();
  for (const k of keys) if (k.length === 1 && !fkOf.has(k[0])) indexUnique.add(k[0]);
  // How many distinct values an integer column may take under its checks (unbounded: undefined).
  const rangeSize = (c: string): string | undefined => {
    const r = rules.get(c);
    if (type.get(c)!.kind !== 'int' || r?.max === undefined) return undefined;
    const lo = Math.max(1, r.min !== undefined ? Math.ceil(r.min + (r.minExclusive ? 1 : 0)) : 1);
    const hi = Math.floor(r.max - (r.maxExclusive ? 1 : 0));
    return String(Math.max(1, hi - lo + 1));
  };
  const groupCaps: string[] = [];
  let blocked: { fk: SourceForeignKey; per: string } | undefined;
  let tuple: TablePlan['tuple'];
  const digitOf = new Map<string, number>();
  const fkDigit = new Map<SourceForeignKey, number>();
  // A parent of the same group, laid out round-robin over it: row j is in group j % n.group.
  const sameGroup = (table: string) => !!group && table !== group && [...(groups.get(table)?.values() ?? [])][0] === group && !plans.get(table)?.blockedPer;
  /** Digits that pick a parent inside the row's group: its k-th parent there (the first such digit, for a `<>` check). */
  const aligned = new Map<SourceForeignKey, { column: string; ref: string; first?: SourceForeignKey }>();
  for (const k of keys) {
    if (k.length === 1 && !fkOf.has(k[0])) continue;
    if (k.some((c) => indexUnique.has(c)) || tuple) continue;
    if (group && k.some((c) => myGroups.has(c))) {
      // (tenant_id, id): the group decides tenant_id, so the other column alone is made unique.
      const own = k.find((c) => !fkOf.has(c));
      if (own) indexUnique.add(own);
      // A key of the group alone (one policy row per tenant): one row per group at most.
      else if (k.every((c) => myGroups.has(c))) groupCaps.push(`n.${[...myGroups.values()][0]}`);
      else {
        // (tenant_id, tool_id): rows come in blocks per group, the k-th row of a block takes the
        // group's k-th parent, so the pair is unique and rows are in key order.
        const rest = k.filter((c) => !myGroups.has(c));
        const fk = rest.length === 1 ? fkOf.get(rest[0]) : undefined;
        if (fk && fk.columns.length === 1 && fk.table !== t.name) {
          const root = [...myGroups.values()][0];
          blocked = { fk, per: `Math.floor(n.${fk.table} / n.${root})` };
          groupCaps.push(`n.${root} * Math.floor(n.${fk.table} / n.${root})`);
        }
      }
      continue;
    }
    const radix: string[] = [];
    for (const c of k) {
      const fk = fkOf.get(c);
      if (fk && fk.table !== t.name) {
        if (!fkDigit.has(fk)) {
          fkDigit.set(fk, radix.length);
          if (sameGroup(fk.table) && k !== t.primaryKey) {
            // The parent is picked among its group's rows (the fewest any group has), so keys
            // that share the group column agree; \`a <> b\` between two such picks skips a's own row.
            const col = fk.references[fk.columns.indexOf(c)];
            const first = [...aligned].find(
              ([f, a]) => f.table === fk.table && a.ref === col && (rules.get(c)?.differs === a.column || rules.get(a.column)?.differs === c),
            )?.[0];
            aligned.set(fk, { column: c, ref: col, ...(first ? { first } : {}) });
            radix.push(`Math.floor(n.${fk.table} / n.${group})${first ? ' - 1' : ''}`);
          } else radix.push(`n.${fk.table}`);
        }
      } else {
        digitOf.set(c, radix.length);
        radix.push(rangeSize(c) ?? `p.${t.name}`);
      }
    }
    tuple = { columns: k, radix, ordered: k === t.primaryKey, perGroup: aligned.size > 0 };
  }
  // A key column that a check requires in some rows is always picked (then NULLed where allowed).
  const required = (c: string) => rules.get(c)?.when?.some((w) => w.then === 'notNull' || (w.then === 'null' && w.iff)) === true;
  const notNull = (tbl: SourceTable, c: string) => tbl.columns.find((x) => x.name === c)!.notNull;
  const fks: FkPlan[] = t.foreignKeys.map((fk, k) => {
    const nullable = fk.columns.some((c) => !notNull(t, c)) && !fk.columns.some(required);
    const self = fk.table === t.name;
    let parent: string;
    const parentGroup = groups.get(fk.table) ? [...groups.get(fk.table)!.values()][0] : undefined;
    const a = aligned.get(fk);
    // Self-references point to earlier rows (acyclic), of the same group when the table has one.
    if (self && group)
      parent = nullable ? `v.earlierInGroup(fk${k}.at(i), i, n.${group})` : `(i < n.${group} ? i : v.earlierInGroup(fk${k}.at(i), i, n.${group}))`;
    else if (self) parent = nullable ? `v.earlier(fk${k}.at(i), i)` : `(i === 0 ? 0 : v.earlier(fk${k}.at(i), i))`;
    else if (a?.first) {
      const d0 = fkDigit.get(a.first)!;
      const d = fkDigit.get(fk)!;
      parent = `g + n.${group} * (key[${d}] < key[${d0}] ? key[${d}] : key[${d}] + 1)`;
    } else if (a) parent = `g + n.${group} * key[${fkDigit.get(fk)}]`;
    else if (fkDigit.has(fk)) parent = `key[${fkDigit.get(fk)}]`;
    else if (blocked?.fk === fk) parent = `g + n.${group} * (i % per)`;
    else if (group && fk.table === group) parent = 'g';
    else if (group && parentGroup === group) parent = `v.parentInGroup(fk${k}.at(i), g, n.${group}, n.${fk.table})`;
    else parent = `v.parentIn(fk${k}.at(i), n.${fk.table})`;
    return { fk, parent, self, nullable };
  });
  // Keys whose parent is not fixed by a key digit or the layout: when an already chosen parent
  // has a foreign key to the same table over the same columns, its row gives all of them
  // (raw_import_record's engagement is its data_import's), so composite keys that share
  // columns agree by construction. Deepest parents are chosen first: they carry the most keys.
  const fixed = (k: number) => fks[k].self || fkDigit.has(fks[k].fk) || blocked?.fk === fks[k].fk || (!!group && fks[k].fk.table === group);
  const chosen = new Set(fks.map((_, k) => k).filter(fixed));
  const free = fks
    .map((_, k) => k)
    .filter((k) => !fixed(k))
    .sort((x, y) => (depths.get(fks[y].fk.table) ?? 0) - (depths.get(fks[x].fk.table) ?? 0));
  for (const k of free) {
    const f = fks[k].fk;
    const taken = new Set([...chosen].flatMap((j) => fks[j].fk.columns));
    for (const s of [...chosen]) {
      const src = fks[s];
      const parentTable = sources.get(src.fk.table);
      if (src.self || src.nullable || src.derived || !parentTable) continue;
      const via = parentTable.foreignKeys.find(
        (g) =>
          g.table === f.table &&
          g.references.join() === f.references.join() &&
          f.columns.every((c, j) => {
            const at = src.fk.columns.indexOf(c);
            if (at >= 0) return src.fk.references[at] === g.columns[j];
            return !taken.has(c) && (notNull(parentTable, g.columns[j]) || !notNull(t, c));
          }),
      );
      if (!via) continue;
      fks[k] = { ...fks[k], nullable: false, derived: { from: s, columns: via.columns } };
      break;
    }
    chosen.add(k);
  }
  // `a <> b` holds by construction only between two parents picked apart inside a group.
  for (const [c, text] of differsCheck) {
    const other = rules.get(c)!.differs!;
    const done = [...aligned.values()].some((a) => a.first && [a.column, aligned.get(a.first)!.column].sort().join() === [c, other].sort().join());
    if (!done) unhandledChecks.push(text);
  }
  const columns: ColumnPlan[] = t.columns.map((c) =>
    conditional(fkOf.has(c.name) ? columnBase(c) : matching(columnBase(c), rules.get(c.name)), rules.get(c.name)),
  );
  function columnBase(c: SourceTable['columns'][number]): ColumnPlan {
    const ft = type.get(c.name)!;
    const r = rules.get(c.name) ?? {};
    const notes = ft.note ? [ft.note] : [];
    const plan = (g: Guess | undefined, nulls: boolean): ColumnPlan => {
      if (!g) return { name: c.name, type: ft, nullable: !c.notNull, expr: 'null', nulls: false, notes: [...notes, 'TODO: no unique generator for this type'] };
      return { name: c.name, type: ft, nullable: !c.notNull, expr: g.expr, nulls, notes: g.note ? [...notes, g.note] : notes };
    };
    // A column in several keys takes its value from a key that is never NULL, when there is one.
    const holders = t.foreignKeys.map((_, k) => k).filter((k) => t.foreignKeys[k].columns.includes(c.name));
    const fkIndex = holders.find((k) => !fks[k].nullable) ?? holders[0] ?? -1;
    if (fkIndex >= 0) {
      const f = t.foreignKeys[fkIndex];
      const via = fks[fkIndex];
      const pc = f.references[f.columns.indexOf(c.name)];
      if (via.derived) return plan({ expr: `p${via.derived.from}.${via.derived.columns[f.columns.indexOf(c.name)]}` }, false);
      if (via.self) {
        const own = indexUnique.has(pc) ? uniqueValue(pc, t.name, type.get(pc)!, rules.get(pc) ?? {}, 'j') : undefined;
        if (!own) return plan(undefined, false);
        return plan(
          {
            expr: `${via.nullable ? `${group ? `i < n.${group}` : 'i === 0'} || v.int(fkn${fkIndex}.at(i), 0, 3) === 0 ? null : ` : ''}((j) => ${own.expr.replace(/__H__/g, `s_${pc}.at(j)`)})(${via.parent})`,
          },
          false,
        );
      }
      return plan({ expr: `p${fkIndex}${via.nullable ? '?' : ''}.${pc}${via.nullable ? ' ?? null' : ''}` }, false);
    }
    const inKey = t.primaryKey.includes(c.name);
    if (digitOf.has(c.name)) return plan(uniqueValue(c.name, t.name, ft, r, `key[${digitOf.get(c.name)}]`, inKey), false);
    if (indexUnique.has(c.name)) return plan(uniqueValue(c.name, t.name, ft, r, 'i', inKey), false);
    const dependedOn = [...rules.values()].some((x) => x.after?.column === c.name || x.when?.some((w) => w.column === c.name)) || /(^|_)created/.test(c.name);
    return plan(
      guessValue(c.name, t.name, ft, r, (s) => names.has(s)),
      !c.notNull && !r.after && !dependedOn,
    );
  }
  // Rows come in index order: the key sorts that way when it is made from the index
  // (or is an ordered composite key); otherwise a column made from the index orders them.
  const pkFollowsIndex = (t.primaryKey.length === 1 && indexUnique.has(t.primaryKey[0])) || tuple?.ordered === true;
  const orderBy = pkFollowsIndex ? undefined : [...indexUnique].find((c) => type.get(c)!.kind !== 'text' || t.primaryKey.includes(c));
  const caps = [...[...indexUnique].map(rangeSize).filter((x): x is string => x !== undefined), ...groupCaps];
  if (tuple && !tuple.radix.includes(`p.${t.name}`)) caps.push([...(tuple.perGroup ? [`n.${group}`] : []), ...tuple.radix.map((r) => `(${r})`)].join(' * '));
  return {
    src: t,
    caps,
    ...(orderBy ? { orderBy: [orderBy] } : {}),
    ident: identOf(t.name),
    file: t.name.replace(/_/g, '-'),
    depth,
    ...(group ? { group } : {}),
    ...(blocked ? { blockedPer: blocked.per } : {}),
    ...(tuple ? { tuple } : {}),
    fks,
    columns,
    unhandledChecks,
    role: depth === 0 || t.foreignKeys.length < 2 ? 'dimension' : 'fact',
  };
}

/** A LIKE check: the column's usual value, reshaped to match the pattern. */
function matching(c: ColumnPlan, r: ColumnRules | undefined): ColumnPlan {
  if (!r?.like || c.type.kind !== 'text' || c.expr === 'null') return c;
  return { ...c, expr: `v.like(__H__, ${JSON.stringify(r.like)}, ${c.expr}${c.type.max !== undefined ? `, ${c.type.max}` : ''})` };
}

/**
 * Applies conditional checks to a column's generator: the value is made,
 * then NULLed, kept or drawn from the allowed set according to the column
 * the check names (made first), so the check holds by construction.
 */
function conditional(c: ColumnPlan, r: ColumnRules | undefined): ColumnPlan {
  if (!r?.when?.length) return c;
  let expr = c.expr;
  for (const w of r.when) {
    const test = `c_${w.column} === ${JSON.stringify(w.value)}`;
    if (w.then === 'notNull') expr = w.iff ? `${test} ? ${expr} : null` : expr;
    else if (w.then === 'null') expr = `${test} ? null : ${expr}`;
    else expr = `${test} ? v.oneOf(__H__, ${JSON.stringify(w.then)}) : ${expr}`;
  }
  return { ...c, expr: `(${expr})`, nulls: false };
}
