import { resolve } from 'node:path';
import { ForgeError } from '../../errors.ts';
import { resolveTarget } from '../../load/local-db.ts';
import { validateArtifact } from '../../validate/offline.ts';
import { validateDatabase } from '../../validate/online.ts';
import { formatReport, type Report } from '../../validate/report.ts';
import { flag, integer, str } from '../args.ts';
import { artifactFromArgs, artifactOptions } from '../artifact-arg.ts';
import type { Command } from '../command.ts';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check an artifact (offline) or a loaded database: keys, checks, foreign keys, tenant isolation, PHI patterns, counts',
  usage:
    'forge validate [<artifact-dir> | <artifact.tar.gz> | --dataset pms --seed 42 --profile local] [--json] [--limit N] [--max-keys N]\n' +
    'forge validate --db URL | --online [--schema public] [--dataset NAME] [--json] [--limit N] [--max-keys N]   (--online: DATABASE_URL, else the local Postgres)',
  options: {
    ...artifactOptions,
    db: { type: 'string' },
    online: { type: 'boolean' },
    schema: { type: 'string' },
    json: { type: 'boolean' },
    limit: { type: 'string' },
    'max-keys': { type: 'string' },
  },
  positionals: true,
  async run(args, io) {
    const opts = { limit: integer(args, 'limit', 100, 1), maxKeys: integer(args, 'max-keys', 3_000_000, 1) };
    let report: Report;
    if (args.values.db !== undefined || flag(args, 'online')) {
      if (args.positionals.length || str(args, 'seed') || str(args, 'profile') || flag(args, 'build')) {
        throw new ForgeError(
          'USAGE',
          '--db validates what is loaded, by the rules recorded with it: it takes no artifact',
          'drop the artifact arguments, or drop --db to validate the artifact offline',
        );
      }
      const { url } = await resolveTarget(str(args, 'db'), io.env);
      report = await validateDatabase({ ...opts, url, schema: str(args, 'schema') ?? 'public', dataset: str(args, 'dataset') });
    } else {
      if (str(args, 'schema')) throw new ForgeError('USAGE', '--schema needs --db or --online', 'forge validate --db URL --schema NAME');
      // Checksums are one of validate's checks (reported, not fatal), so none are verified up front.
      const artifact = await artifactFromArgs(args, io, () => false);
      report = await validateArtifact(artifact, opts);
      report.target = resolve(io.cwd, report.target);
    }
    if (flag(args, 'json')) io.out(JSON.stringify(report, null, 2));
    else for (const line of formatReport(report)) io.out(line);
    if (!report.ok) {
      const failed = report.checks.filter((c) => c.status === 'FAIL');
      throw new ForgeError(
        'VALIDATE_FAILED',
        `validation failed: ${failed.map((c) => `${c.name} (${c.violations})`).join(', ')}`,
        flag(args, 'json') ? 'the JSON report on stdout lists each violation' : 'each violation is listed above with its table, row key and column',
      );
    }
    return 0;
  },
};
