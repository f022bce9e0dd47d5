/**
 * Headless Chromium driven over the DevTools protocol on a pipe
 * (--remote-debugging-pipe: requests on fd 3, replies and events on fd 4,
 * NUL-terminated JSON), so no WebSocket client and no port are needed. It
 * opens a page and reports what a user's browser would show: console errors,
 * uncaught exceptions, every network request, the charts' data points, and a
 * PNG screenshot.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';

export function chromiumPath(): string | undefined {
  for (const name of [process.env.CHROMIUM, 'chromium', 'chromium-browser', 'google-chrome']) {
    if (name && spawnSync('sh', ['-c', `command -v "${name}"`]).status === 0) return name;
  }
  return undefined;
}

type Msg = { id?: number; method?: string; params?: Record<string, any>; result?: any; error?: { message: string }; sessionId?: string };

class Cdp {
  private next = 1;
  private buf = '';
  private readonly waiting = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  private readonly listeners: ((m: Msg) => void)[] = [];
  constructor(
    private readonly input: Writable,
    output: Readable,
  ) {
    output.setEncoding('utf8');
    output.on('data', (chunk: string) => {
      this.buf += chunk;
      let nul: number;
      while ((nul = this.buf.indexOf('\0')) >= 0) {
        const msg = JSON.parse(this.buf.slice(0, nul)) as Msg;
        this.buf = this.buf.slice(nul + 1);
        if (msg.id !== undefined && this.waiting.has(msg.id)) {
          const w = this.waiting.get(msg.id)!;
          this.waiting.delete(msg.id);
          if (msg.error) w.reject(new Error(msg.error.message));
          else w.resolve(msg.result);
        } else for (const l of this.listeners) l(msg);
      }
    });
  }
  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<any> {
    const id = this.next++;
    this.input.write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + '\0');
    return new Promise((resolve, reject) => this.waiting.set(id, { resolve, reject }));
  }
  on(listener: (m: Msg) => void): void {
    this.listeners.push(listener);
  }
  failAll(e: Error): void {
    for (const w of this.waiting.values()) w.reject(e);
    this.waiting.clear();
  }
}

export interface ChartCheck {
  id: string;
  declared: number;
  points: number;
  /** Points whose geometry is not a finite number (a NaN would draw nothing). */
  broken: number;
  width: number;
  height: number;
}

export interface PageCheck {
  consoleErrors: string[];
  requests: string[];
  charts: ChartCheck[];
  title: string;
  screenshot: Buffer;
}

const CHART_PROBE = `JSON.stringify({
  title: document.title,
  charts: [...document.querySelectorAll('figure.chart')].map((f) => {
    const pts = [...f.querySelectorAll('.pt')];
    const attrs = ['cx', 'cy', 'r', 'x', 'y', 'width', 'height'];
    const broken = pts.filter((p) => attrs.some((a) => p.hasAttribute(a) && !Number.isFinite(Number(p.getAttribute(a))))).length;
    const box = f.querySelector('svg').getBoundingClientRect();
    return { id: f.id, declared: Number(f.dataset.points), points: pts.length, broken, width: box.width, height: box.height };
  }),
})`;

/** Opens each file in a new tab of one headless Chromium and inspects it; `clipHeight` limits the screenshot to the page's top. */
export async function inspectPages(
  files: string[],
  opts: { width?: number; clipHeight?: number; scale?: number; timeoutMs?: number } = {},
): Promise<PageCheck[]> {
  const bin = chromiumPath();
  if (!bin) throw new Error('chromium is not installed (scripts/install-system-deps.sh installs it)');
  const profile = mkdtempSync(join(tmpdir(), 'forge-chromium-'));
  const child: ChildProcess = spawn(
    bin,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--no-first-run',
      '--no-default-browser-check',
      '--hide-scrollbars',
      '--remote-debugging-pipe',
      `--user-data-dir=${profile}`,
      'about:blank',
    ],
    // Its own process group: the renderers and helpers it starts go with it (below).
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'], detached: true },
  );
  let stderr = '';
  child.stderr!.on('data', (c) => (stderr = (stderr + c).slice(-4000)));
  const cdp = new Cdp(child.stdio[3] as Writable, child.stdio[4] as Readable);
  const exited = new Promise<never>((_, reject) =>
    child.on('exit', (code) => reject(new Error(`chromium exited (${code}): ${stderr.trim().split('\n').slice(-3).join(' | ')}`))),
  );
  exited.catch((e) => cdp.failAll(e));
  const timeout = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
  try {
    const results: PageCheck[] = [];
    for (const file of files) results.push(await Promise.race([inspectOne(cdp, file, opts.width ?? 1200, opts.clipHeight, opts.scale), exited]));
    await cdp.send('Browser.close').catch(() => {});
    return results;
  } finally {
    clearTimeout(timeout);
    // Browser.close lets it shut down and write its profile; a SIGKILL at once left helpers writing
    // into the profile as it was removed (ENOTEMPTY in CI). Then the whole group goes, helpers included.
    const gone = new Promise((r) => (child.exitCode === null && child.signalCode === null ? child.once('exit', r) : r(null)));
    await Promise.race([gone, new Promise((r) => setTimeout(r, 10_000))]);
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // the group has ended
    }
    await gone;
    rmSync(profile, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
  }
}

async function inspectOne(cdp: Cdp, file: string, width: number, clipHeight?: number, scale = 1): Promise<PageCheck> {
  const { targetId } = await cdp.send('Target.createTarget', { url: 'about:blank' });
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: true });
  const consoleErrors: string[] = [];
  const requests: string[] = [];
  let loaded!: () => void;
  const onLoad = new Promise<void>((r) => (loaded = r));
  cdp.on((m) => {
    if (m.sessionId !== sessionId) return;
    const p = m.params ?? {};
    if (m.method === 'Runtime.consoleAPICalled' && (p.type === 'error' || p.type === 'assert'))
      consoleErrors.push(`console.${p.type}: ${p.args?.map((a: any) => a.value ?? a.description).join(' ')}`);
    if (m.method === 'Runtime.exceptionThrown') consoleErrors.push(`exception: ${p.exceptionDetails?.exception?.description ?? p.exceptionDetails?.text}`);
    if (m.method === 'Log.entryAdded' && p.entry?.level === 'error') consoleErrors.push(`${p.entry.source}: ${p.entry.text}`);
    if (m.method === 'Network.requestWillBeSent') requests.push(p.request.url);
    if (m.method === 'Page.loadEventFired') loaded();
  });
  for (const domain of ['Runtime', 'Log', 'Page', 'Network']) await cdp.send(`${domain}.enable`, {}, sessionId);
  await cdp.send('Emulation.setDeviceMetricsOverride', { width, height: 900, deviceScaleFactor: 1, mobile: false }, sessionId);
  await cdp.send('Page.navigate', { url: pathToFileURL(file).href }, sessionId);
  await onLoad;
  // Let layout and any late console message settle.
  await cdp.send('Runtime.evaluate', { expression: 'new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50)))', awaitPromise: true }, sessionId);
  const probe = await cdp.send('Runtime.evaluate', { expression: CHART_PROBE, returnByValue: true }, sessionId);
  const { title, charts } = JSON.parse(probe.result.value);
  const metrics = await cdp.send('Page.getLayoutMetrics', {}, sessionId);
  const fullHeight = Math.ceil(metrics.cssContentSize?.height ?? metrics.contentSize.height);
  const shot = await cdp.send(
    'Page.captureScreenshot',
    { format: 'png', captureBeyondViewport: true, clip: { x: 0, y: 0, width, height: Math.min(fullHeight, clipHeight ?? fullHeight), scale } },
    sessionId,
  );
  await cdp.send('Target.closeTarget', { targetId });
  return { consoleErrors, requests, charts, title, screenshot: Buffer.from(shot.data, 'base64') };
}
