import { readLoaded } from '../../load/metadata.ts';
import { withClient } from '../../load/connect.ts';
import { resolveTarget } from '../../load/local-db.ts';
import { maskUrl } from '../../load/url.ts';
import { defineCommand } from '../command.ts';

export const statusCommand = defineCommand({
  name: 'status',
  summary: 'show which fixtures are loaded in a database (forge.loaded_fixture)',
  options: {
    db: { type: 'string', description: 'the database', value: 'URL', defaultText: 'DATABASE_URL, else the local Postgres' },
    json: { type: 'boolean', description: 'print JSON' },
  },
  async run(args, io) {
    const { url } = await resolveTarget(args.values.db, io.env);
    const loaded = await withClient(url, (c) => readLoaded(c));
    if (args.values.json) {
      io.out(JSON.stringify(loaded, null, 2));
      return 0;
    }
    if (loaded.length === 0) {
      io.out(`no fixtures loaded in ${maskUrl(url)}`);
      return 0;
    }
    for (const f of loaded) {
      io.out(
        `${f.schema}: ${f.dataset} ${f.version} seed ${f.seed} profile ${f.profile} (manifest sha256 ${f.manifestSha256}, loaded ${f.loadedAt}${f.appends.length ? `, ${f.appends.length} append(s)` : ''})`,
      );
      for (const t of f.tables) io.out(`  ${t.name.padEnd(28)} ${String(t.rows).padStart(12)} rows  ${t.role}`);
    }
    return 0;
  },
});
