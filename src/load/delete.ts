/**
 * Deleting what a load put there, by scope: all (drop the dataset's tables),
 * facts or dimensions (empty those tables), or one tenant's rows. One
 * transaction each; the dataset's tables and roles come from
 * forge.loaded_fixture, so no artifact is needed.
 */
import { ident, literal } from '../emit/sql.ts';
import { ForgeError } from '../errors.ts';
import { withClient } from './connect.ts';
import { dependentPlan, dropDependents, findDependents, refuseDependents } from './dependents.ts';
import { readLoaded, type LoadedFixture } from './metadata.ts';
import { inTransaction } from './transaction.ts';

export type Scope = 'all' | 'facts' | 'dimensions';

export interface DeleteOptions {
  url: string;
  schema: string;
  dataset?: string;
  scope: Scope;
  tenant?: string;
  dryRun: boolean;
  confirm: boolean;
  /** Drop the objects forge did not create that depend on the tables (listed in the plan); else refuse. */
  dropDependents?: boolean;
}

function pickFixture(loaded: LoadedFixture[], dataset: string | undefined, schema: string): LoadedFixture {
  const candidates = loaded.filter((f) => !dataset || f.dataset === dataset);
  if (candidates.length === 0)
    throw new ForgeError('USAGE', `no dataset${dataset ? ` named ${dataset}` : ''} is loaded in schema ${schema}`, 'forge status lists what is loaded');
  if (candidates.length > 1)
    throw new ForgeError('USAGE', `several datasets are loaded in ${schema}: ${candidates.map((c) => c.dataset).join(', ')}`, 'say which with --dataset');
  return candidates[0];
}

export async function deleteScope(opts: DeleteOptions): Promise<{ plan: string[]; dependents: string[] }> {
  return withClient(opts.url, async (client) => {
    const fixture = pickFixture(await readLoaded(client, opts.schema), opts.dataset, opts.schema);
    const q = (name: string) => `${ident(opts.schema)}.${ident(name)}`;
    const newestFirst = [...fixture.tables].reverse();
    let statements: string[];
    // The tables the statements drop or empty, and how (which decides what depends on them).
    let touched: string[];
    let op: 'drop' | 'rows' = 'rows';
    if (opts.tenant !== undefined) {
      const tenantTables = newestFirst.filter((t) => t.tenantColumn && (opts.scope === 'all' || t.role === opts.scope.slice(0, -1)));
      if (tenantTables.length === 0)
        throw new ForgeError(
          'USAGE',
          `dataset ${fixture.dataset} has no tenant column in scope ${opts.scope}`,
          'tenant resets need tables that declare tenantColumn',
        );
      statements = tenantTables.map((t) => `DELETE FROM ${q(t.name)} WHERE ${ident(t.tenantColumn!)} = ${literal(opts.tenant!)}`);
      touched = tenantTables.map((t) => t.name);
    } else if (opts.scope === 'all') {
      op = 'drop';
      touched = fixture.tables.map((t) => t.name);
      statements = [
        `DROP TABLE ${newestFirst.map((t) => q(t.name)).join(', ')}`,
        `DELETE FROM forge.loaded_fixture WHERE schema_name = ${literal(opts.schema)} AND dataset = ${literal(fixture.dataset)}`,
      ];
    } else {
      const role = opts.scope === 'facts' ? 'fact' : 'dimension';
      const tables = fixture.tables.filter((t) => t.role === role);
      // Truncating a referenced table without CASCADE needs its referencing
      // tables in the same TRUNCATE: the dataset's facts, checked empty first.
      // Never CASCADE: it would empty other people's tables too.
      const facts = role === 'dimension' ? fixture.tables.filter((t) => t.role === 'fact') : [];
      for (const f of facts) {
        const r = await client.query(`SELECT EXISTS (SELECT 1 FROM ${q(f.name)}) AS any`);
        if (r.rows[0].any) throw new ForgeError('USAGE', `fact table ${f.name} still references the dimensions`, 'delete --scope facts first, or --scope all');
      }
      touched = [...tables, ...facts].map((t) => t.name);
      statements = [`TRUNCATE ${touched.map(q).join(', ')}`];
    }
    const deps = await findDependents(client, opts.schema, touched, op);
    const action = `${opts.tenant !== undefined ? `deleting tenant ${opts.tenant} from` : op === 'drop' ? 'dropping' : 'emptying'} ${touched.map((n) => `${opts.schema}.${n}`).join(', ')}`;
    if (opts.dryRun) return { plan: [...dependentPlan(deps, Boolean(opts.dropDependents)), ...statements], dependents: [] };
    if (!opts.confirm)
      throw new ForgeError(
        'CONFIRM_REQUIRED',
        `deleting (${opts.scope}${opts.tenant !== undefined ? `, tenant ${opts.tenant}` : ''}) from ${opts.schema} needs confirmation`,
        'add --confirm (CONFIRM=1 in make), or --dry-run to see the plan',
      );
    refuseDependents(deps, action, Boolean(opts.dropDependents));
    await inTransaction(client, async () => {
      await dropDependents(client, deps);
      for (const s of statements) await client.query(s);
    });
    return { plan: statements, dependents: deps.map((d) => d.what) };
  });
}
