import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { pushMappings } from '../../../generators/push-mappings.ts';
import { ForgeError } from '../../errors.ts';
import { maskUrl } from '../../load/url.ts';
import { Checkpoint } from '../../push/checkpoint.ts';
import { httpClient } from '../../push/http.ts';
import { keyResolver, readKeyFile } from '../../push/keys.ts';
import { parseMapping, type PushMapping } from '../../push/mapping.ts';
import { defaultCheckpointPath, describePlan, planPush } from '../../push/plan.ts';
import { DEFAULT_RETRY } from '../../push/retry.ts';
import { healthCheck, runPush } from '../../push/run.ts';
import { artifactFromArgs, artifactOptions } from '../artifact-arg.ts';
import { defineCommand, type IO } from '../command.ts';
import { pushProgress } from '../push-progress.ts';

function loadMapping(file: string | undefined, dataset: string, io: IO): { mapping: PushMapping; source: string } {
  if (!file) {
    if (!Object.hasOwn(pushMappings, dataset)) {
      throw new ForgeError('BAD_CONFIG', `dataset ${dataset} declares no push mapping`, 'pass --mapping mapping.json (README: forge push)');
    }
    return { mapping: parseMapping(pushMappings[dataset], `of dataset ${dataset}`), source: `of dataset ${dataset}` };
  }
  const path = resolve(io.cwd, file);
  let raw: unknown;
  try {
    const text = readFileSync(path, 'utf8');
    raw = /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  } catch (e) {
    throw new ForgeError(
      'BAD_CONFIG',
      `cannot read push mapping ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message.split('\n')[0]}`,
      'a JSON or YAML file (README: forge push)',
    );
  }
  return { mapping: parseMapping(raw, file), source: file };
}

function targetUrl(raw: string | undefined): URL {
  if (!raw) throw new ForgeError('USAGE', 'forge push needs --to URL', 'for example --to http://localhost:8000');
  try {
    const u = new URL(raw);
    if (u.protocol === 'http:' || u.protocol === 'https:') return u;
  } catch {
    /* reported below */
  }
  throw new ForgeError('USAGE', `--to must be an http(s) URL, got "${maskUrl(raw)}"`, 'for example --to http://localhost:8000');
}

export const pushCommand = defineCommand({
  name: 'push',
  summary: "send an artifact's rows to an application's HTTP API (health check, retries, resumable)",
  positionals: '[<artifact-dir> | <artifact.tar.gz>]',
  forms: ['forge push --dataset exceptions --seed 42 --profile tiny --to URL [options]   (the artifact these choices build)'],
  options: {
    to: { type: 'string', description: "the application's base URL, http(s) (required)", value: 'URL' },
    mapping: { type: 'string', description: 'how rows become requests: a JSON or YAML file', value: 'FILE', defaultText: "the dataset's own mapping" },
    keys: { type: 'string', description: 'API keys per tenant: a JSON file', value: 'FILE' },
    concurrency: { type: 'integer', min: 1, default: 16, description: 'requests in flight at once' },
    timeout: { type: 'integer', min: 1, default: 10_000, description: 'milliseconds before a request is abandoned (and retried)' },
    retries: { type: 'integer', min: 0, default: DEFAULT_RETRY.retries, description: 'retries of a failed request (429, 5xx, timeouts), with backoff' },
    'health-path': { type: 'string', description: 'the path checked before sending', value: 'PATH', defaultText: "the mapping's, else /health" },
    'skip-health-check': { type: 'boolean', description: 'send without checking the health path first' },
    checkpoint: {
      type: 'string',
      description: 'where acknowledged rows are recorded, for resuming',
      value: 'FILE',
      defaultText: 'one per artifact and target under .forge/',
    },
    restart: { type: 'boolean', description: 'ignore the checkpoint and send every row again' },
    'progress-every': { type: 'integer', min: 1, default: 10, description: 'a progress line every N acknowledged rows (in a log)' },
    'max-failures': { type: 'integer', min: 1, default: 10, description: 'stop after this many rows that failed for good' },
    'dry-run': { type: 'boolean', description: 'print the plan (tables, requests, what the checkpoint holds) and send nothing' },
    ...artifactOptions,
  },
  async run(args, io) {
    const { values } = args;
    const target = targetUrl(values.to);
    const { concurrency, timeout: timeoutMs, 'progress-every': every, 'max-failures': maxFailures } = values;
    const retry = { ...DEFAULT_RETRY, retries: values.retries };
    // Only the JSON files are read: only they are checked.
    const artifact = await artifactFromArgs(args, io, (p) => p.endsWith('.json'));
    const { mapping, source } = loadMapping(values.mapping, artifact.manifest.dataset.name, io);
    const healthPath = values['health-path'] ?? mapping.healthPath;
    if (!healthPath.startsWith('/'))
      throw new ForgeError('USAGE', `--health-path must start with "/", got "${healthPath}"`, 'for example --health-path /health');
    const keyFile = values.keys;
    const keys = keyResolver(keyFile ? { path: keyFile, keys: readKeyFile(resolve(io.cwd, keyFile)) } : undefined, io.env);
    const plan = await planPush(artifact, mapping, source, target, keys);
    const sizes = new Map(plan.tables.map((s) => [s.plan.table, s.plan.rows]));
    const cpPath = resolve(io.cwd, values.checkpoint ?? defaultCheckpointPath(io.cwd, artifact, target));
    const checkpoint = Checkpoint.open(
      cpPath,
      { artifact: artifact.manifestSha256, target: maskUrl(target.href) },
      sizes,
      values.restart && !values['dry-run'],
    );
    if (values['dry-run']) {
      checkpoint.close();
      for (const line of describePlan(plan, checkpoint, { concurrency, timeoutMs, retries: retry.retries, healthCheck: !values['skip-health-check'] }))
        io.out(line);
      return 0;
    }
    const total = plan.tables.reduce((n, s) => n + s.plan.rows, 0);
    const already = plan.tables.reduce((n, s) => n + checkpoint.count(s.plan.table), 0);
    if (already === total) {
      checkpoint.close();
      io.out(`nothing to send: all ${total} rows were acknowledged by ${maskUrl(target.href)} (checkpoint ${cpPath}; --restart sends them again)`);
      return 0;
    }
    const interrupt = new AbortController();
    const onSignal = () => interrupt.abort();
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
    for (const s of signals) process.on(s, onSignal);
    const client = httpClient(target, { concurrency, timeoutMs });
    const progress = pushProgress(io, every);
    const started = performance.now();
    try {
      if (!values['skip-health-check']) await healthCheck(client, target, healthPath, interrupt.signal);
      if (already) io.err(`resuming: ${already} of ${total} rows already acknowledged (checkpoint ${cpPath})`);
      const r = await runPush(plan, {
        client,
        checkpoint,
        concurrency,
        retry,
        maxFailures,
        signal: interrupt.signal,
        onAck: progress.ack,
        onFailure: (line) => progress.note(line),
      });
      progress.done();
      const secs = (performance.now() - started) / 1000;
      io.out(
        `pushed ${r.sent} rows to ${maskUrl(target.href)} in ${secs.toFixed(1)} s (${Math.round(r.sent / secs)} req/s, ${r.retries} retries${r.skipped ? `, ${r.skipped} already acknowledged` : ''})`,
      );
      return 0;
    } catch (e) {
      progress.done();
      throw e;
    } finally {
      client.close();
      checkpoint.close();
      for (const s of signals) process.off(s, onSignal);
    }
  },
});
