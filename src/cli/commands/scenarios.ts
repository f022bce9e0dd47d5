import { datasets } from '../../../generators/index.ts';
import { defineCommand } from '../command.ts';
import { datasetNamed } from '../datasets.ts';

export const scenariosCommand = defineCommand({
  name: 'scenarios',
  summary: "list each dataset's scenarios (named parameter sets for --scenario), one line each",
  options: { dataset: { type: 'string', description: "only this dataset's scenarios", value: 'NAME', defaultText: 'every dataset that has some' } },
  async run(args, io) {
    const name = args.values.dataset;
    const list = name === undefined ? Object.values(datasets) : [datasetNamed(name)];
    for (const d of list) {
      const entries = Object.entries(d.scenarios ?? {});
      if (name === undefined && entries.length === 0) continue;
      const width = Math.max(0, ...entries.map(([n]) => n.length));
      io.out(`${d.name}:${entries.length ? '' : ' no scenarios'}`);
      for (const [n, s] of entries) io.out(`  ${n.padEnd(width)}  ${s.description}`);
    }
    return 0;
  },
});
