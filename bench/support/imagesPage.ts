// The built image panel page (dist/webview/images.js) in headless Chromium without VS Code, wired
// to the real host-side code (ImagesSource) in this process: what the page posts reaches the host
// through an exposed function, what the host posts is dispatched as the page's message events.
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import type { ImagesHostMessage, ImagesPageMessage } from '../../src/shared/imagesProtocol.ts';
import { webviewCsp } from '../../src/vscode/webview/webviewCsp.ts';
import { repoRoot } from '../../test/support/python.ts';

/** Writes images.html into `folder` under the webviews' CSP; returns its file: URL. */
export function writeImagesHarness(folder: string): string {
  const script = path.join(repoRoot, 'dist', 'webview', 'images.js');
  if (!existsSync(script)) throw new Error('dist/webview/images.js is missing: run `npm run build` first');
  const style = pathToFileURL(path.join(repoRoot, 'media', 'images.css')).href;
  const nonce = randomBytes(16).toString('base64');
  const html = `<!DOCTYPE html><html><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${webviewCsp('file:', nonce)}">
<link rel="stylesheet" href="${style}"></head>
<body class="vscode-dark"><div id="app"></div>
<script nonce="${nonce}">window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || e.sample)));
window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__toHost(m), getState: () => undefined, setState: () => {} });</script>
<script nonce="${nonce}" src="${pathToFileURL(script).href}"></script></body></html>`;
  const file = path.join(folder, 'images.html');
  writeFileSync(file, html);
  return pathToFileURL(file).href;
}

/** Delivers one host message as VS Code's postMessage would. */
export async function deliver(page: Page, message: ImagesHostMessage): Promise<void> {
  await page.evaluate((m) => {
    const page = globalThis as unknown as { dispatchEvent(e: unknown): void; MessageEvent: new (type: string, init: { data: unknown }) => unknown };
    page.dispatchEvent(new page.MessageEvent('message', { data: m }));
  }, message);
}

/** Routes what the page posts to `onMessage` (install before loading the page). */
export async function bridge(page: Page, onMessage: (message: ImagesPageMessage) => void): Promise<void> {
  await page.exposeFunction('__toHost', (message: ImagesPageMessage) => onMessage(message));
}

/**
 * Resolves once the page shows an image in every cell within the viewport that has one (each
 * decoded), and at least one; returns how many cells that was.
 */
export async function visibleImagesShown(page: Page, timeoutMs = 60_000): Promise<number> {
  const handle = await page.waitForFunction(() => {
    interface Cell {
      getBoundingClientRect(): { top: number; bottom: number; left: number; right: number };
      querySelector(selector: string): ({ complete: boolean; naturalWidth: number; textContent: string }) | null;
    }
    const view = globalThis as unknown as { document: { querySelectorAll(selector: string): ArrayLike<Cell> }; innerHeight: number; innerWidth: number };
    let shown = 0;
    for (const cell of Array.from(view.document.querySelectorAll('td.cell'))) {
      const box = cell.getBoundingClientRect();
      if (box.bottom < 0 || box.top > view.innerHeight || box.right < 0 || box.left > view.innerWidth) continue;
      const img = cell.querySelector('img');
      if (img) {
        if (!img.complete || img.naturalWidth === 0) return false;
        shown += 1;
      } else if (cell.querySelector('.placeholder')?.textContent === 'Loading…') {
        return false;
      }
    }
    return shown > 0 ? shown : false;
  }, undefined, { timeout: timeoutMs, polling: 'raf' });
  return (await handle.jsonValue()) as number;
}
