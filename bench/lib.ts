/** Shared bench helpers: artifacts built on demand, timing child processes, peak RSS. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Manifest } from '../src/artifact/manifest.ts';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface Timed {
  seconds: number;
  maxRssMb: number;
  stdout: string;
  stderr: string;
}

/** Runs a command under /usr/bin/time to get its wall time and peak RSS; fails loudly. */
export function timed(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; input?: string } = {}): Timed {
  const started = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', 'MAXRSS %M', cmd, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...opts.env },
    maxBuffer: 1 << 26,
    input: opts.input,
  });
  const seconds = (performance.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const rss = /MAXRSS (\d+)/.exec(r.stderr);
  return { seconds, maxRssMb: rss ? Number(rss[1]) / 1024 : NaN, stdout: r.stdout, stderr: r.stderr };
}

export function forgeArgs(...args: string[]): [string, string[]] {
  return [process.execPath, [join(ROOT, 'bin/forge.js'), ...args]];
}

/** The artifact of a profile, built once (with all formats) and reused. */
export function artifact(profile: string, extra: string[] = []): { dir: string; manifest: Manifest } {
  const [cmd, args] = forgeArgs('build', '--profile', profile, '--quiet', ...extra);
  const dir = timed(cmd, args).stdout.trim();
  return { dir, manifest: JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) };
}

export const fmt = (n: number, digits = 2) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
export const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US');
