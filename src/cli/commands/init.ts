import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { forgeRoot } from '../../forge-root.ts';
import { ForgeError } from '../../errors.ts';
import { renderDataset } from '../../init/render.ts';
import { schemaDrift, type SourceSchema } from '../../init/schema-model.ts';
import { schemaFromDb, schemaFromSql } from '../../init/source.ts';
import { isRegistered, writeDataset, writeRegistry } from '../../init/write.ts';
import { maskUrl } from '../../load/url.ts';
import { projectDir } from '../../project.ts';
import { datasets } from '../../../generators/index.ts';
import { defineCommand } from '../command.ts';

export const initCommand = defineCommand({
  name: 'init',
  summary: 'write a dataset module from an existing schema (a live database or a SQL file)',
  forms: [
    'forge init (--from-db URL | --from-sql FILE) [--schema public] [--name NAME] [--out generators/NAME] [--force]',
    'forge init --check --name NAME (--from-db URL | --from-sql FILE)   (what changed in the schema since)',
  ],
  options: {
    'from-db': { type: 'string', description: 'read the schema from this database', value: 'URL' },
    'from-sql': { type: 'string', description: 'read the schema from this SQL file (CREATE TABLE ...)', value: 'FILE' },
    schema: { type: 'string', value: 'NAME', default: 'public', description: 'the schema to read' },
    name: { type: 'string', default: 'mydata', description: 'the dataset name: lower-case letters, digits and _' },
    out: { type: 'string', description: 'the folder to write the dataset into', value: 'DIR', defaultText: 'generators/NAME' },
    force: { type: 'boolean', description: 'overwrite an existing folder' },
    check: { type: 'boolean', description: "compare the schema with the dataset's source-schema.json and print the drift; write nothing" },
  },
  async run(args, io) {
    const { values } = args;
    const fromDb = values['from-db'];
    const fromSql = values['from-sql'];
    if ((fromDb === undefined) === (fromSql === undefined))
      throw new ForgeError('USAGE', 'forge init needs exactly one of --from-db URL and --from-sql FILE', 'forge init --from-sql schema.sql --name mydata');
    const schemaName = values.schema;
    const name = values.name;
    if (!/^[a-z][a-z0-9_]*$/.test(name))
      throw new ForgeError('USAGE', `--name ${JSON.stringify(name)} is not a dataset name`, 'use lower-case letters, digits and _, starting with a letter');
    const root = forgeRoot();
    // A checkout of forge writes TypeScript beside its own datasets; a forge installed from npm
    // writes plain ES modules into the user's project, where forge build finds them by name.
    const installed = !existsSync(join(root, 'src', 'cli', 'main.ts'));
    const home = installed ? projectDir(io.cwd) : root;
    const out = resolve(io.cwd, values.out ?? join(home, 'generators', name));
    const source = fromSql !== undefined ? `${fromSql} (schema ${schemaName})` : `${maskUrl(fromDb!)} (schema ${schemaName})`;
    const read = (): Promise<SourceSchema> => (fromSql !== undefined ? schemaFromSql(resolve(io.cwd, fromSql), schemaName) : schemaFromDb(fromDb!, schemaName));

    if (values.check) {
      const saved = join(out, 'source-schema.json');
      if (!existsSync(saved)) throw new ForgeError('USAGE', `${saved} not found`, 'run forge init first, or give the dataset with --name/--out');
      const drift = schemaDrift(JSON.parse(readFileSync(saved, 'utf8')) as SourceSchema, await read());
      if (drift.length === 0) {
        io.out(`ok: ${name} matches ${source}`);
        return 0;
      }
      io.out(`drift between ${name} and ${source}:`);
      for (const d of drift) io.out(`  ${d}`);
      io.out('(re-run forge init --force to regenerate, or edit the dataset)');
      return 1;
    }

    const found = isRegistered(home, out, name);
    const registered = found && !installed;
    if (found && Object.hasOwn(datasets, name) && (installed || !existsSync(join(out, 'source-schema.json'))))
      throw new ForgeError('USAGE', `dataset ${name} already exists and was not made by forge init`, 'choose another --name');
    const schema = await read();
    const { files, notes } = renderDataset(schema, name, source, installed ? 'js' : 'ts');
    writeDataset(out, files, values.force);
    if (registered) writeRegistry(root);
    io.err(`wrote ${Object.keys(files).length} files for ${schema.tables.length} table(s) into ${out}`);
    for (const n of notes) io.err(`  note: ${n}`);
    io.out(
      found
        ? `forge build --dataset ${name} --profile tiny`
        : `${out} (not under generators/: move it to ${join(home, 'generators', name)} to build it by name)`,
    );
    return 0;
  },
});
