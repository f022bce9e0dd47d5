import { deleteScope, type Scope } from '../../load/delete.ts';
import { maskUrl } from '../../load/url.ts';
import { defineCommand } from '../command.ts';
import { targetOptions, writableTarget } from '../target.ts';

const SCOPES = ['all', 'facts', 'dimensions'] as const satisfies readonly Scope[];

export const deleteCommand = defineCommand({
  name: 'delete',
  summary: 'delete loaded fixture data by scope (all, facts, dimensions) or one tenant',
  options: {
    scope: { type: 'enum', values: SCOPES, default: 'all', description: "which of the fixture's tables to delete" },
    tenant: { type: 'string', description: "only this tenant's rows (tables with a tenant column)", value: 'ID' },
    dataset: { type: 'string', description: 'the dataset whose loaded fixture to delete, where several are loaded', value: 'NAME' },
    schema: { type: 'string', value: 'NAME', default: 'public', description: 'the schema the fixture was loaded into' },
    'dry-run': { type: 'boolean', description: 'print the plan and change nothing' },
    confirm: { type: 'boolean', description: 'delete: without it, forge refuses and says what would go' },
    'drop-dependents': { type: 'boolean', description: 'also drop the objects forge did not create that depend on the tables (README: Safety)' },
    ...targetOptions,
  },
  async run(args, io) {
    const { values } = args;
    const { url } = await writableTarget(args, io);
    const dryRun = values['dry-run'];
    const { plan, dependents } = await deleteScope({
      url,
      schema: values.schema,
      scope: values.scope,
      tenant: values.tenant,
      dataset: values.dataset,
      dryRun,
      confirm: values.confirm,
      dropDependents: values['drop-dependents'],
    });
    io.out(dryRun ? `dry run: nothing was changed. Plan for ${maskUrl(url)}:` : `done on ${maskUrl(url)}:`);
    for (const s of plan) io.out(`  ${s}`);
    if (dependents.length) io.err(`dropped ${dependents.length} object(s) that depended on the fixture's tables (--drop-dependents): ${dependents.join('; ')}`);
    return 0;
  },
});
