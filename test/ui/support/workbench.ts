// Opens a folder in real VS Code (code-server's web workbench) in headless Debian Chromium and
// hands the test a Playwright page plus a few workbench chores: run a palette command, take a
// screenshot, close everything. Missing code-server or Chromium is a failure, never a skip.
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { repoRoot } from '../../support/python.ts';
import { assertCodeServerInstalled, codeServerDirs, extensionHostLogs, startCodeServer, type CodeServerDirs, type RunningCodeServer } from './codeServer.ts';

export const chromiumPath = process.env.RUNLENS_CHROMIUM ?? '/usr/bin/chromium';
export const screenshotDir = path.join(repoRoot, 'test-results');

const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface WorkbenchOptions {
  /** The workspace folder to open (trusted). */
  folder: string;
  /** Extensions folder, e.g. one a VSIX was installed into; default: a fresh one. */
  extensionsDir?: string;
  /** Load this extension from source, as F5 does (the `payload` URL parameter). */
  extensionDevelopmentPath?: string;
  /** Extra environment for code-server, inherited by the extension host. */
  env?: Record<string, string>;
  /** code-server's data folder (config, user data); default: a temp one removed on close. */
  dataDir?: string;
  /** User settings written before the workbench starts (the workspace's own stay untouched). */
  userSettings?: Record<string, unknown>;
}

export interface Workbench {
  page: Page;
  url: string;
  dirs: CodeServerDirs;
  /** Opens the palette with F1 and runs the command whose label is `title`, e.g. "View: Show RunLens". */
  runCommand(title: string): Promise<void>;
  /** Clears notifications, hides the secondary side bar (it only takes room) and shows the RunLens container. */
  showRunLens(): Promise<void>;
  /** Saves test-results/<name>.png and returns its path. */
  screenshot(name: string): Promise<string>;
  /** The extension host's logs, for failure messages. */
  extensionHostLogs(): string;
  close(): Promise<void>;
}

export function assertChromiumInstalled(): void {
  if (!existsSync(chromiumPath)) {
    throw new Error(`chromium not found at ${chromiumPath}: run bash .ci/setup-code-server.sh (or set RUNLENS_CHROMIUM)`);
  }
}

// Just enough of the browser's IndexedDB API for trustFolder (tsconfig has no DOM types).
interface IdbRequest<T> { result: T; error: unknown; onsuccess: (() => void) | null; onerror: (() => void) | null }
interface IdbTransaction { error: unknown; oncomplete: (() => void) | null; onerror: (() => void) | null; objectStore(name: string): { put(value: string, key: string): void } }
interface IdbDatabase { createObjectStore(name: string): void; transaction(store: string, mode: 'readwrite'): IdbTransaction; close(): void }
interface IdbOpenRequest extends IdbRequest<IdbDatabase> { onupgradeneeded: (() => void) | null }

/**
 * Marks the folder trusted in the workbench's browser storage before the workbench loads, so
 * workspace trust stays on (as users have it) without the modal prompt. Same origin required.
 */
async function trustFolder(page: Page, folderUri: { scheme: string; authority: string; path: string }): Promise<void> {
  await page.evaluate(async (uri) => {
    const trust = JSON.stringify({ uriTrustInfo: [{ uri: { $mid: 1, ...uri }, trusted: true }] });
    await new Promise<void>((resolve, reject) => {
      const { indexedDB } = globalThis as unknown as { indexedDB: { open(name: string): IdbOpenRequest } };
      const request = indexedDB.open('vscode-web-state-db-global');
      request.onupgradeneeded = () => request.result.createObjectStore('ItemTable');
      request.onerror = () => reject(request.error);
      request.onsuccess = () => {
        const db = request.result;
        const tx = db.transaction('ItemTable', 'readwrite');
        tx.objectStore('ItemTable').put(trust, 'content.trust.model.key');
        tx.oncomplete = () => { db.close(); resolve(); };
        tx.onerror = () => reject(tx.error);
      };
    });
  }, folderUri);
}

function workbenchUrl(authority: string, options: WorkbenchOptions): string {
  const remote = (file: string) => `vscode-remote://${authority}${file}`;
  const payload: [string, string][] = [['skipWelcome', 'true'], ['skipReleaseNotes', 'true']];
  if (options.extensionDevelopmentPath) payload.unshift(['extensionDevelopmentPath', remote(path.resolve(options.extensionDevelopmentPath))]);
  return `http://${authority}/?folder=${encodeURIComponent(remote(options.folder))}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

const paletteLabels = '.quick-input-list .monaco-list-row .label-name';

/** The palette rows whose label is `title`, or the labels shown when none matches. */
async function findPaletteRow(page: Page, title: string): Promise<{ index: number } | { shown: string[] }> {
  const input = page.locator('.quick-input-widget input.input');
  await page.keyboard.press('F1');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${title}`);
  const labels = page.locator(paletteLabels);
  const deadline = Date.now() + 2000;
  let shown: string[] = [];
  while (Date.now() < deadline) {
    // Rows read "Category: Title" plus keybindings; the label itself is in .label-name.
    shown = (await labels.allTextContents()).map((label) => label.trim());
    const index = shown.indexOf(title);
    if (index >= 0) return { index };
    await page.waitForTimeout(100);
  }
  await page.keyboard.press('Escape');
  return { shown };
}

/**
 * Runs a palette command by its label. Commands from extensions appear only once the extension
 * host has registered them, a few seconds after the workbench shows, so this retries for a while.
 */
async function runPaletteCommand(page: Page, title: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await findPaletteRow(page, title);
    if ('index' in found) {
      await page.locator(paletteLabels).nth(found.index).click();
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`command "${title}" is not in the palette after ${timeoutMs / 1000} s; it shows: ${found.shown.join(' | ') || '(nothing)'}`);
    }
    await page.waitForTimeout(500);
  }
}

/** Starts code-server and Chromium and opens `folder`; resolves once the workbench is up. */
export async function openWorkbench(options: WorkbenchOptions): Promise<Workbench> {
  assertCodeServerInstalled();
  assertChromiumInstalled();
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? realpathSync(mkdtempSync(path.join(os.tmpdir(), 'runlens-ui-')));
  const dirs = codeServerDirs(dataDir, options.extensionsDir);
  let server: RunningCodeServer | undefined;
  let browser: BrowserContext | undefined;
  const close = async () => {
    await Promise.race([browser?.close().catch(() => {}), new Promise((resolve) => setTimeout(resolve, 5000))]);
    server?.kill();
    if (ownDataDir && !process.env.RUNLENS_UI_KEEP) rmSync(dataDir, { recursive: true, force: true, maxRetries: 3 });
  };
  try {
    if (options.userSettings) {
      mkdirSync(path.join(dirs.userDataDir, 'User'), { recursive: true });
      writeFileSync(path.join(dirs.userDataDir, 'User', 'settings.json'), JSON.stringify(options.userSettings));
    }
    server = await startCodeServer(dirs, path.join(dataDir, 'code-server.log'), options.env);
    const authority = `127.0.0.1:${server.port}`;
    browser = await chromium.launchPersistentContext(path.join(dataDir, 'chromium'), {
      executablePath: chromiumPath,
      headless: true,
      args: chromiumArgs,
      viewport: { width: 1400, height: 900 },
    });
    const page = browser.pages()[0] ?? await browser.newPage();
    await page.goto(`http://${authority}/healthz`);
    await trustFolder(page, { scheme: 'vscode-remote', authority, path: options.folder });
    const url = workbenchUrl(authority, options);
    await page.goto(url);
    await page.locator('.monaco-workbench .part.activitybar').waitFor({ state: 'visible', timeout: 60_000 });
    await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
    return {
      page,
      url,
      dirs,
      runCommand: (title) => runPaletteCommand(page, title),
      showRunLens: async () => {
        await runPaletteCommand(page, 'Notifications: Clear All Notifications').catch(() => undefined);
        await runPaletteCommand(page, 'View: Hide Secondary Side Bar').catch(() => undefined);
        await runPaletteCommand(page, 'View: Show RunLens');
      },
      screenshot: async (name) => {
        mkdirSync(screenshotDir, { recursive: true });
        const file = path.join(screenshotDir, `${name}.png`);
        await page.screenshot({ path: file });
        return file;
      },
      extensionHostLogs: () => extensionHostLogs(dirs),
      close,
    };
  } catch (error) {
    const output = server?.output().split('\n').slice(-30).join('\n');
    await close();
    throw new Error(`could not open the workbench: ${(error as Error).message}${output ? `\ncode-server output:\n${output}` : ''}`, { cause: error });
  }
}
