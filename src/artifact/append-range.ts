/**
 * What an append builds: the units a bigger build adds to a previous one.
 * Append-stability makes those rows exactly the ones the bigger build has,
 * so loading them after the base gives the bigger build's data. Only the
 * parameters a dataset declares appendable (retail: endDate) may change.
 */
import type { Dataset, Params } from '../core/dataset.ts';
import { ForgeError } from '../errors.ts';
import { planBuild, type BuildRange } from './build.ts';
import { canonicalParams } from './paths.ts';
import type { Artifact } from './read.ts';

export function appendPlan(
  base: Artifact,
  dataset: Dataset,
  changes: Params,
): { seed: number; profile: string; scenario?: string; overrides: Params; range: BuildRange } {
  const m = base.manifest;
  if (m.range) throw new ForgeError('USAGE', `the base artifact is itself a ${m.range.kind}`, 'append to a whole build');
  if (m.dataset.name !== dataset.name || m.dataset.version !== dataset.version) {
    throw new ForgeError(
      'USAGE',
      `the base artifact is ${m.dataset.name} ${m.dataset.version}, this forge builds ${dataset.name} ${dataset.version}`,
      'build the append with the version that built the base',
    );
  }
  const params: Params = { ...m.params, ...changes };
  const changed = Object.keys(changes).filter((k) => canonicalParams({ v: changes[k] }) !== canonicalParams({ v: m.params[k] }));
  const allowed = dataset.appendable ?? [];
  const refused = changed.filter((k) => !allowed.includes(k));
  if (refused.length) {
    throw new ForgeError(
      'USAGE',
      `an append may only change ${allowed.length ? allowed.join(', ') : 'nothing'} for dataset ${dataset.name}, not ${refused.join(', ')}`,
      'other changes alter existing rows: make a new full build instead',
    );
  }
  if (changed.length === 0)
    throw new ForgeError(
      'USAGE',
      'the append changes no parameter, so it adds nothing',
      `grow an appendable parameter, e.g. --set ${allowed[0] ?? 'endDate'}=...`,
    );
  const { tables } = planBuild(dataset, m.seed, m.profile, params, m.scenario);
  const tablesRange: BuildRange['tables'] = {};
  for (const t of tables) {
    const before = m.tables.find((e) => e.name === t.name)?.units ?? 0;
    if (t.rows.units < before)
      throw new ForgeError('USAGE', `table ${t.name} would shrink from ${before} to ${t.rows.units} units`, 'an append can only grow the dataset');
    tablesRange[t.name] = { from: before, to: t.rows.units };
  }
  return {
    seed: m.seed,
    profile: m.profile,
    scenario: m.scenario,
    overrides: params,
    range: { kind: 'append', description: `after ${canonicalParams(m.params)}`, suffix: `append-${base.manifestSha256.slice(0, 10)}`, tables: tablesRange },
  };
}
