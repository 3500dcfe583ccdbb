// The built Metric Charts page (dist/webview/charts.js) in headless Chromium without VS Code: a
// plain HTML file with a stand-in for the webview API that records what the page posts, and
// helpers to deliver host messages (ArrayBuffers travel as base64 across the playwright bridge).
// Shared by the charts UI test and bench/charts.bench.ts.
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { ChartsHostMessage, ChartsPageMessage } from '../../../src/shared/chartsProtocol.ts';
import { webviewCsp } from '../../../src/vscode/webview/webviewCsp.ts';
import { repoRoot } from '../../support/python.ts';

export const chromiumPath = process.env.RUNLENS_CHROMIUM ?? '/usr/bin/chromium';
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The browser globals in-page functions use (test code compiles without the DOM library); cast globalThis inside each function, as they run in the page. */
export interface PageGlobals {
  __posted: { type: string }[];
  /** `<directive> <what was blocked>` for each CSP violation the page caused. */
  __cspViolations: string[];
  document: { body: { dataset: Record<string, string | undefined> }; getElementById(id: string): unknown; querySelector(selector: string): unknown; querySelectorAll(selector: string): ArrayLike<unknown> };
  dispatchEvent(event: unknown): boolean;
  MessageEvent: new (type: string, init: { data: unknown }) => unknown;
  requestAnimationFrame(callback: (time: number) => void): number;
  getComputedStyle(element: unknown): { backgroundColor: string };
  Chart: new (canvas: unknown, config: unknown) => { destroy(): void };
}

/** Launches Chromium; fails (never skips) when it is missing. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(path.join(repoRoot, 'dist', 'webview', 'charts.js'))) throw new Error('dist/webview/charts.js is missing: run `npm run build` first');
  if (!existsSync(chromiumPath)) throw new Error(`chromium not found at ${chromiumPath} (set RUNLENS_CHROMIUM)`);
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
}

/**
 * Writes the page into `folder` as charts.html under the webviews' own CSP (styles only from
 * stylesheets, scripts only with the nonce); returns its file: URL. The theme variables are set
 * through the CSSOM as VS Code sets them, and CSP violations are kept in `__cspViolations`.
 */
export function writeChartsHarness(folder: string): string {
  const script = pathToFileURL(path.join(repoRoot, 'dist', 'webview', 'charts.js')).href;
  const style = pathToFileURL(path.join(repoRoot, 'media', 'charts.css')).href;
  const nonce = randomBytes(16).toString('base64');
  const html = `<!DOCTYPE html><html><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${webviewCsp('file:', nonce)}">
<link rel="stylesheet" href="${style}"></head>
<body class="vscode-dark"><div id="app"></div>
<script nonce="${nonce}">window.__posted = []; window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || e.sample)));
for (const [name, value] of [['--vscode-foreground', '#ccc'], ['--vscode-editor-background', '#1e1e1e'], ['--vscode-charts-blue', '#3794ff']]) document.body.style.setProperty(name, value);
window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => undefined, setState: () => {} });</script>
<script nonce="${nonce}" src="${script}"></script></body></html>`;
  const file = path.join(folder, 'charts.html');
  writeFileSync(file, html);
  return pathToFileURL(file).href;
}

/** The newest message of `type` the page posted, waiting for one newer than `after` (a count of that type). */
export async function posted<T extends ChartsPageMessage['type']>(page: Page, type: T, after = 0): Promise<Extract<ChartsPageMessage, { type: T }>> {
  await page.waitForFunction(({ t, n }) => (globalThis as unknown as PageGlobals).__posted.filter((m) => m.type === t).length > n, { t: type, n: after }, { timeout: 15_000 });
  return page.evaluate((t) => (globalThis as unknown as PageGlobals).__posted.filter((m) => m.type === t).at(-1), type) as Promise<Extract<ChartsPageMessage, { type: T }>>;
}

/** How many messages of `type` the page has posted so far. */
export function postedCount(page: Page, type: ChartsPageMessage['type']): Promise<number> {
  return page.evaluate((t) => (globalThis as unknown as PageGlobals).__posted.filter((m) => m.type === t).length, type);
}

/** Delivers a host message as VS Code would (series buffers rebuilt as ArrayBuffers in the page). */
export async function deliver(page: Page, message: ChartsHostMessage): Promise<void> {
  const wire = message.type === 'series' ? { ...message, series: message.series.map((s) => ({ ...s, data: Buffer.from(s.data).toString('base64') })) } : message;
  await page.evaluate((m) => {
    const data = m.type === 'series'
      ? { ...m, series: (m.series as { data: string }[]).map((s) => ({ ...s, data: Uint8Array.from(atob(s.data), (c) => c.charCodeAt(0)).buffer })) }
      : m;
    const page = globalThis as unknown as PageGlobals;
    page.dispatchEvent(new page.MessageEvent('message', { data }));
  }, wire as unknown as { type: string; series?: unknown });
}
