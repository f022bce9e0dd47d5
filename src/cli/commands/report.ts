import { resolve } from 'node:path';
import { ForgeError } from '../../errors.ts';
import { writeFileAtomic } from '../../write-error.ts';
import { renderReport } from '../../report/report.ts';
import { artifactSource } from '../../report/source-artifact.ts';
import { databaseSource } from '../../report/source-db.ts';
import type { ReportSource } from '../../report/source.ts';
import { str } from '../args.ts';
import { artifactFromArgs, artifactOptions } from '../artifact-arg.ts';
import type { Command } from '../command.ts';

export const reportCommand: Command = {
  name: 'report',
  summary: 'one self-contained HTML page of charts and summaries of an artifact or a loaded database',
  usage:
    'forge report [<artifact-dir> | <artifact.tar.gz> | --dataset retail --seed 42 --profile local [--build]] [-o report.html]\n' +
    '       forge report --db URL [--schema public] [--dataset NAME] [-o report.html]',
  options: { ...artifactOptions, db: { type: 'string' }, schema: { type: 'string' }, output: { type: 'string', short: 'o' } },
  positionals: true,
  async run(args, io) {
    const db = str(args, 'db');
    if (db !== undefined && args.positionals.length)
      throw new ForgeError('USAGE', 'give an artifact or --db, not both', 'forge report <artifact-dir>, or forge report --db URL');
    const output = resolve(io.cwd, str(args, 'output') ?? 'report.html');
    // Artifact files are checked against their sha256 while they are read, not in a pass before.
    const source: ReportSource =
      db !== undefined
        ? await databaseSource(db, str(args, 'schema') ?? 'public', str(args, 'dataset'))
        : artifactSource(await artifactFromArgs(args, io, () => false));
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
};
