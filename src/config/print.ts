/**
 * `forge build --print-config`: the resolved configuration as YAML in the
 * config-file layout, so it can be saved and passed back with --config.
 * Each value not at its default says where it came from, in a comment.
 */
import { Document, isMap, type YAMLMap } from 'yaml';
import type { ResolvedConfig } from './resolve.ts';

export function configYaml(cfg: ResolvedConfig): string {
  const doc = new Document({});
  const root = doc.contents as YAMLMap;
  const setAt = (path: string[], value: unknown, comment?: string) => {
    let map = root;
    for (const part of path.slice(0, -1)) {
      let next: unknown = map.get(part, true);
      if (!isMap(next)) map.set(part, (next = doc.createNode({})));
      map = next as YAMLMap;
    }
    const node = doc.createNode(value, { flow: Array.isArray(value) && value.every((x) => x === null || typeof x !== 'object') });
    if (comment) node.comment = ` ${comment}`;
    map.set(doc.createNode(path.at(-1)), node);
  };
  setAt(['dataset'], cfg.dataset.name);
  setAt(['seed'], cfg.seed, cfg.chosen.seed ? `from ${cfg.chosen.seed}` : undefined);
  setAt(['profile'], cfg.profile, cfg.chosen.profile ? `from ${cfg.chosen.profile}` : undefined);
  if (cfg.scenario) setAt(['scenario'], cfg.scenario, `from ${cfg.chosen.scenario}`);
  const table = cfg.dataset.parameters;
  for (const [key, value] of Object.entries(cfg.params)) {
    const source = cfg.sources[key];
    const path = table?.[key]?.path.split('.') ?? [key];
    setAt(path, value, source && source !== 'default' ? `from ${source}` : undefined);
  }
  if (cfg.dirty) {
    for (const [kind, rate] of Object.entries(cfg.dirty.rates))
      setAt(
        ['dirty', kind],
        rate,
        cfg.dirty.sources[kind as keyof typeof cfg.dirty.rates] && `from ${cfg.dirty.sources[kind as keyof typeof cfg.dirty.rates]}`,
      );
    (root.get('dirty', true) as unknown as YAMLMap).commentBefore = ` a dirty build (from ${cfg.dirty.from}): rates of invalid records per kind`;
  }
  doc.commentBefore = ` ${cfg.dataset.name} ${cfg.dataset.version}: resolved configuration (defaults < profile < scenario < config file < environment < flags)`;
  return doc.toString({ lineWidth: 0 }).trimEnd();
}
