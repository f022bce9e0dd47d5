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
import { flag, integer, str } from '../args.ts';
import { artifactFromArgs, artifactOptions } from '../artifact-arg.ts';
import type { Command, IO } from '../command.ts';
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

export const pushCommand: Command = {
  name: 'push',
  summary: "send an artifact's rows to an application's HTTP API (health check, retries, resumable)",
  usage:
    'forge push [<artifact-dir> | --dataset exceptions --seed 42 --profile tiny] --to URL [--mapping push.json] [--keys keys.json]\n' +
    '           [--concurrency 16] [--timeout 10000] [--retries 6] [--health-path /health] [--skip-health-check]\n' +
    '           [--checkpoint FILE] [--restart] [--progress-every 10] [--max-failures 10] [--dry-run]',
  options: {
    ...artifactOptions,
    to: { type: 'string' },
    mapping: { type: 'string' },
    keys: { type: 'string' },
    concurrency: { type: 'string' },
    timeout: { type: 'string' },
    retries: { type: 'string' },
    'health-path': { type: 'string' },
    'skip-health-check': { type: 'boolean' },
    checkpoint: { type: 'string' },
    restart: { type: 'boolean' },
    'progress-every': { type: 'string' },
    'max-failures': { type: 'string' },
    'dry-run': { type: 'boolean' },
  },
  positionals: true,
  async run(args, io) {
    const target = targetUrl(str(args, 'to'));
    const concurrency = integer(args, 'concurrency', 16, 1);
    const timeoutMs = integer(args, 'timeout', 10_000, 1);
    const retry = { ...DEFAULT_RETRY, retries: integer(args, 'retries', DEFAULT_RETRY.retries, 0) };
    const every = integer(args, 'progress-every', 10, 1);
    const maxFailures = integer(args, 'max-failures', 10, 1);
    // Only the JSON files are read: only they are checked.
    const artifact = await artifactFromArgs(args, io, (p) => p.endsWith('.json'));
    const { mapping, source } = loadMapping(str(args, 'mapping'), artifact.manifest.dataset.name, io);
    const healthPath = str(args, 'health-path') ?? mapping.healthPath;
    if (!healthPath.startsWith('/'))
      throw new ForgeError('USAGE', `--health-path must start with "/", got "${healthPath}"`, 'for example --health-path /health');
    const keyFile = str(args, 'keys');
    const keys = keyResolver(keyFile ? { path: keyFile, keys: readKeyFile(resolve(io.cwd, keyFile)) } : undefined, io.env);
    const plan = await planPush(artifact, mapping, source, target, keys);
    const sizes = new Map(plan.tables.map((s) => [s.plan.table, s.plan.rows]));
    const cpPath = resolve(io.cwd, str(args, 'checkpoint') ?? defaultCheckpointPath(io.cwd, artifact, target));
    const checkpoint = Checkpoint.open(
      cpPath,
      { artifact: artifact.manifestSha256, target: maskUrl(target.href) },
      sizes,
      flag(args, 'restart') && !flag(args, 'dry-run'),
    );
    if (flag(args, 'dry-run')) {
      checkpoint.close();
      for (const line of describePlan(plan, checkpoint, { concurrency, timeoutMs, retries: retry.retries, healthCheck: !flag(args, 'skip-health-check') }))
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
      if (!flag(args, 'skip-health-check')) await healthCheck(client, target, healthPath, interrupt.signal);
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
};
