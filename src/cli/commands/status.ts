import { readLoaded } from '../../load/metadata.ts';
import { withClient } from '../../load/connect.ts';
import { resolveTarget } from '../../load/local-db.ts';
import { maskUrl } from '../../load/url.ts';
import { str } from '../args.ts';
import type { Command } from '../command.ts';

export const statusCommand: Command = {
  name: 'status',
  summary: 'show which fixtures are loaded in a database (forge.loaded_fixture)',
  usage: 'forge status [--db URL] [--json]',
  options: { db: { type: 'string' }, json: { type: 'boolean' } },
  async run(args, io) {
    const { url } = await resolveTarget(str(args, 'db'), io.env);
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
};
