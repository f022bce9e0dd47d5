import { resolve } from 'node:path';
import { ForgeError } from '../../errors.ts';
import { writeFileAtomic } from '../../write-error.ts';
import { renderReport } from '../../report/report.ts';
import { artifactSource } from '../../report/source-artifact.ts';
import { databaseSource } from '../../report/source-db.ts';
import type { ReportSource } from '../../report/source.ts';
import { artifactFromArgs, artifactOptions } from '../artifact-arg.ts';
import { defineCommand } from '../command.ts';

export const reportCommand = defineCommand({
  name: 'report',
  summary: 'one self-contained HTML page of charts and summaries of an artifact or a loaded database',
  positionals: '[<artifact-dir> | <artifact.tar.gz>]',
  forms: [
    'forge report --dataset retail --seed 42 --profile local [--build] [-o report.html]   (the artifact these choices build)',
    'forge report --db URL [--schema public] [--dataset NAME] [-o report.html]   (what is loaded in a database)',
  ],
  options: {
    output: { type: 'string', short: 'o', default: 'report.html', description: 'the HTML file to write', value: 'FILE' },
    db: { type: 'string', description: 'report on what is loaded in this database instead of an artifact', value: 'URL' },
    schema: { type: 'string', value: 'NAME', default: 'public', description: 'with --db: the schema' },
    ...artifactOptions,
  },
  async run(args, io) {
    const { values } = args;
    const db = values.db;
    if (db !== undefined && args.positionals.length)
      throw new ForgeError('USAGE', 'give an artifact or --db, not both', 'forge report <artifact-dir>, or forge report --db URL');
    const output = resolve(io.cwd, values.output);
    // Artifact files are checked against their sha256 while they are read, not in a pass before.
    const source: ReportSource =
      db !== undefined ? await databaseSource(db, values.schema, values.dataset) : artifactSource(await artifactFromArgs(args, io, () => false));
    let html: string;
    try {
      html = await renderReport(source);
    } finally {
      await source.close();
    }
    writeFileAtomic(output, html, 'choose another path with -o');
    io.err(`report: ${source.tables.length} tables, ${Buffer.byteLength(html)} bytes`);
    io.out(output);
    return 0;
  },
});
