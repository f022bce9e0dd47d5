import { resolve } from 'node:path';
import { ForgeError } from '../../errors.ts';
import { resolveTarget } from '../../load/local-db.ts';
import { validateArtifact } from '../../validate/offline.ts';
import { validateDatabase } from '../../validate/online.ts';
import { formatReport, type Report } from '../../validate/report.ts';
import { artifactFromArgs, artifactOptions } from '../artifact-arg.ts';
import { defineCommand } from '../command.ts';

export const validateCommand = defineCommand({
  name: 'validate',
  summary: 'check an artifact (offline) or a loaded database: keys, checks, foreign keys, tenant isolation, PHI patterns, counts',
  positionals: '[<artifact-dir> | <artifact.tar.gz>]',
  forms: [
    'forge validate --dataset pms --seed 42 --profile local [options]   (the artifact these choices build)',
    'forge validate --db URL | --online [--schema public] [--dataset NAME] [--json] [--limit N] [--max-keys N]   (what is loaded, by the rules recorded with it)',
  ],
  options: {
    db: { type: 'string', description: 'validate what is loaded in this database instead of an artifact', value: 'URL' },
    online: { type: 'boolean', description: 'validate what is loaded in DATABASE_URL, else the local Postgres' },
    schema: { type: 'string', value: 'NAME', description: 'with --db or --online: the schema', defaultText: 'public' },
    json: { type: 'boolean', description: 'print the report as JSON' },
    limit: { type: 'integer', min: 1, default: 100, description: 'violations listed per check' },
    'max-keys': {
      type: 'integer',
      min: 1,
      default: 3_000_000,
      description: 'the most keys the key checks may remember (about 90 bytes each); more is refused before reading',
    },
    ...artifactOptions,
  },
  async run(args, io) {
    const { values } = args;
    const opts = { limit: values.limit, maxKeys: values['max-keys'] };
    let report: Report;
    if (values.db !== undefined || values.online) {
      if (args.positionals.length || values.seed || values.profile || values.build) {
        throw new ForgeError(
          'USAGE',
          '--db validates what is loaded, by the rules recorded with it: it takes no artifact',
          'drop the artifact arguments, or drop --db to validate the artifact offline',
        );
      }
      const { url } = await resolveTarget(values.db, io.env);
      report = await validateDatabase({ ...opts, url, schema: values.schema ?? 'public', dataset: values.dataset });
    } else {
      if (values.schema) throw new ForgeError('USAGE', '--schema needs --db or --online', 'forge validate --db URL --schema NAME');
      // Checksums are one of validate's checks (reported, not fatal), so none are verified up front.
      const artifact = await artifactFromArgs(args, io, () => false);
      report = await validateArtifact(artifact, opts);
      report.target = resolve(io.cwd, report.target);
    }
    if (values.json) io.out(JSON.stringify(report, null, 2));
    else for (const line of formatReport(report)) io.out(line);
    if (!report.ok) {
      const failed = report.checks.filter((c) => c.status === 'FAIL');
      throw new ForgeError(
        'VALIDATE_FAILED',
        `validation failed: ${failed.map((c) => `${c.name} (${c.violations})`).join(', ')}`,
        values.json ? 'the JSON report on stdout lists each violation' : 'each violation is listed above with its table, row key and column',
      );
    }
    return 0;
  },
});
