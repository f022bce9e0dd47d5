/**
 * `--verbose` (the seed document's "detailed logging"), on stderr: what was
 * chosen and where each choice came from, before the work; every file
 * written with its size and checksum, after it. Never a secret: database
 * URLs are printed masked by the commands themselves.
 */
import { allFiles, type Manifest } from '../artifact/manifest.ts';
import { canonical } from '../config/params.ts';
import type { ResolvedConfig } from '../config/resolve.ts';

const from = (source: string | undefined, fallback = 'default') => `(${source ? `from ${source}` : fallback})`;

/** The resolved configuration: choices, then every parameter not at its default, then the dirty rates. */
export function configLines(cfg: ResolvedConfig): string[] {
  const lines = [
    `dataset ${cfg.dataset.name} ${cfg.dataset.version}, seed ${cfg.seed} ${from(cfg.chosen.seed)}, profile ${cfg.profile} ${from(cfg.chosen.profile, 'the default')}` +
      (cfg.scenario ? `, scenario ${cfg.scenario} ${from(cfg.chosen.scenario)}` : ', no scenario'),
  ];
  const table = cfg.dataset.parameters;
  const changed = Object.entries(cfg.params).filter(([k]) => (cfg.sources[k] ?? 'default') !== 'default');
  lines.push(changed.length ? `parameters not at their default (${changed.length} of ${Object.keys(cfg.params).length}):` : 'every parameter at its default');
  for (const [k, v] of changed) lines.push(`  ${table?.[k]?.path ?? k} = ${canonical(v)} (from ${cfg.sources[k]})`);
  if (cfg.dirty) {
    lines.push(`dirty build (from ${cfg.dirty.from}), rates per kind:`);
    for (const [kind, rate] of Object.entries(cfg.dirty.rates))
      lines.push(`  ${kind} = ${rate} ${from(cfg.dirty.sources[kind as keyof typeof cfg.dirty.rates])}`);
  }
  return lines;
}

const size = (bytes: number) => (bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MB` : bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${bytes} B`);

/** Every file of an artifact, with its size and the start of its sha256, and what it adds up to. */
export function fileLines(m: Manifest): string[] {
  const files = allFiles(m);
  const total = files.reduce((n, f) => n + f.bytes, 0);
  return [
    `wrote ${files.length} files, ${size(total)} (+ manifest.json):`,
    ...files.map((f) => `  ${f.path.padEnd(40)} ${size(f.bytes).padStart(10)}  sha256 ${f.sha256.slice(0, 16)}…`),
  ];
}
