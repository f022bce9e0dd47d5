import { resolveTarget } from '../../load/local-db.ts';
import { maskUrl } from '../../load/url.ts';
import { verifyLoaded } from '../../load/verify.ts';
import { ForgeError } from '../../errors.ts';
import { artifactFromArgs, artifactOptions } from '../artifact-arg.ts';
import { defineCommand } from '../command.ts';

export const verifyCommand = defineCommand({
  name: 'verify',
  summary: 'check that the database holds exactly an artifact: counts, constraints, data checksums',
  positionals: '[<artifact-dir> | <artifact.tar.gz>]',
  forms: ['forge verify --dataset retail --seed 42 --profile local [options]   (the artifact these choices build)'],
  options: {
    db: { type: 'string', description: 'the database', value: 'URL', defaultText: 'DATABASE_URL, else the local Postgres' },
    schema: { type: 'string', value: 'NAME', default: 'public', description: 'the schema the artifact was loaded into' },
    ...artifactOptions,
  },
  async run(args, io) {
    const artifact = await artifactFromArgs(args, io);
    const schema = args.values.schema;
    const { url } = await resolveTarget(args.values.db, io.env);
    const problems = await verifyLoaded(url, schema, artifact);
    if (problems.length) {
      for (const p of problems) io.err(`${p.table}: ${p.problem}`);
      throw new ForgeError(
        'VERIFY_FAILED',
        `${maskUrl(url)} schema ${schema} differs from the artifact in ${new Set(problems.map((p) => p.table)).size} table(s)`,
        'reload it: forge load --confirm',
      );
    }
    const rows = artifact.manifest.tables.reduce((n, t) => n + t.rows, 0);
    io.out(
      `ok: ${artifact.manifest.tables.length} tables, ${rows} rows, every constraint and every table's data match the artifact (manifest sha256 ${artifact.manifestSha256})`,
    );
    return 0;
  },
});
