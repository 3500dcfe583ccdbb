// UI test in the real workbench (code-server + Chromium): table artifacts the real mlflow logged
// open from the Experiments view's artifact tree in the table editor. A 1M-row CSV shows its first
// rows, scrolls (Ctrl+End) to its last row, sorts by a column and filters; a 300-column CSV draws
// only the columns on screen; a Parquet file and a mlflow.log_table JSON open too, and a workspace
// Parquet file opens in it by default; an artifact a tracking server proxies is downloaded first.
// Screenshot: test-results/table-artifact.png.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Frame, Locator, Page } from 'playwright-core';
import { freeLoopbackPort } from '../../src/vscode/models/serve/loopbackPort.ts';
import { repoRoot, runPythonJson } from '../support/python.ts';
import { openWorkbench, type Workbench } from './support/workbench.ts';
import { clickRow, expandRow, treeRow, viewPane, waitUntil } from './support/workbenchDom.ts';

interface Logged {
  rows: number;
  lastLabel: string;
  topByScore: string;
  needles: number;
  score: { min: number; max: number };
  parquetRows: number;
  parquetTop: string;
}

interface Proxied {
  artifactUri: string;
  rows: number;
  lastLabel: string;
}

let folder: string;
let serverFolder: string;
let server: ChildProcess | undefined;
let serverUrl: string;
let logged: Logged;
let proxied: Proxied;
let workbench: Workbench;
let page: Page;

/** The table page whose status line matches `status` (a hidden editor's page may linger). */
async function tableFrame(status: RegExp, timeoutMs = 60_000): Promise<Frame> {
  let found: Frame | undefined;
  await waitUntil(page, async () => {
    for (const frame of page.frames()) {
      const text = await frame.locator('.toolbar .status').textContent({ timeout: 200 }).catch(() => null);
      if (text !== null && status.test(text)) found = frame;
    }
    return found !== undefined;
  }, timeoutMs, `a table page whose status matches ${status}`);
  return found as Frame;
}

async function waitForPort(port: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`runlens server did not listen on ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Temp copies of artifacts named `name` that RunLens downloaded (transfer.ts makes runlens-artifact-* folders). */
function downloadedCopies(name: string): string[] {
  return readdirSync(os.tmpdir()).filter((entry) => entry.startsWith('runlens-artifact-') && existsSync(path.join(os.tmpdir(), entry, name)));
}

const rowAt = (frame: Frame, index: number): Locator => frame.locator(`.body .row[data-index="${index}"]`);
const en = (n: number) => n.toLocaleString('en-US');

describe('table artifacts in the table editor', { timeout: 600_000 }, () => {
  before(async () => {
    folder = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'runlens-ui-tables-')));
    logged = await runPythonJson<Logged>(path.join(repoRoot, 'test', 'ui', 'py', 'table_artifacts.py'), [folder], {}, folder);
    // A tracking server that proxies artifacts (as a team's does): RunLens can only download them.
    serverFolder = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'runlens-ui-tables-server-')));
    const port = await freeLoopbackPort();
    server = spawn(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'server', '--backend-store-uri', `sqlite:///${path.join(serverFolder, 'mlflow.db')}`, '--artifacts-destination', path.join(serverFolder, 'mlartifacts'), '--port', String(port)], { cwd: serverFolder, stdio: 'ignore' });
    await waitForPort(port);
    serverUrl = `http://127.0.0.1:${port}`;
    proxied = await runPythonJson<Proxied>(path.join(repoRoot, 'test', 'ui', 'py', 'table_proxied.py'), [], { MLFLOW_TRACKING_URI: serverUrl }, serverFolder);
    assert.match(proxied.artifactUri, /^mlflow-artifacts:/u, 'the server proxies the artifacts');
    workbench = await openWorkbench({ folder, extensionDevelopmentPath: repoRoot });
    page = workbench.page;
    await workbench.showRunLens();
  });

  after(async () => {
    await workbench?.close();
    server?.kill();
    if (folder) rmSync(folder, { recursive: true, force: true });
    if (serverFolder) rmSync(serverFolder, { recursive: true, force: true });
  });

  test('a 1M-row CSV artifact: first rows, the last row, a sort, a filter and a column summary', async () => {
    const experiments = viewPane(page, /^Experiments/u);
    await expandRow(experiments, 'tables');
    await expandRow(experiments, 'big-table');
    await expandRow(experiments, 'Artifacts');
    await expandRow(experiments, 'data');
    await clickRow(treeRow(experiments, 'predictions.csv'));
    await page.locator('.tabs-container .tab', { hasText: 'predictions.csv' }).waitFor({ timeout: 30_000 });

    // The first rows come while (or soon after) the file is read.
    const frame = await tableFrame(/rows/u);
    await rowAt(frame, 0).locator('.cell', { hasText: /^needle-0$/u }).waitFor({ timeout: 30_000 });
    await frame.locator('.status', { hasText: new RegExp(`^${en(logged.rows)} rows`, 'u') }).waitFor({ timeout: 120_000 });
    const rendered = await frame.locator('.body .row').count();
    assert.ok(rendered > 0 && rendered < 100, `${rendered} rows in the DOM for ${en(logged.rows)}`);

    // Ctrl+End in the grid: the last row, its text on screen.
    await frame.locator('.grid').focus();
    await page.keyboard.press('Control+End');
    const last = rowAt(frame, logged.rows - 1);
    await last.locator('.cell', { hasText: new RegExp(`^${logged.lastLabel}$`, 'u') }).waitFor({ timeout: 30_000 });
    assert.ok(await last.isVisible(), 'the last row is visible');
    assert.equal(await last.locator('.cell.number').textContent(), en(logged.rows).replace(/,/gu, ''), 'the last row is the file\'s row 1,000,000');
    await page.keyboard.press('Home');
    await rowAt(frame, 0).waitFor({ timeout: 15_000 });
    await page.keyboard.press('PageDown');
    await waitUntil(page, async () => (await rowAt(frame, 0).count()) === 0, 15_000, 'PageDown moves past the first row');

    // Sort by score, descending (a second click): pandas' largest score first.
    const sortScore = frame.locator('.header .sort', { hasText: /^score/u });
    await sortScore.click();
    await frame.locator('.status', { hasText: 'sorted by score ascending' }).waitFor({ timeout: 60_000 });
    await sortScore.click();
    await frame.locator('.status', { hasText: 'sorted by score descending' }).waitFor({ timeout: 60_000 });
    await waitUntil(page, async () => !/sorting/u.test(await frame.locator('.status').innerText()), 60_000, 'the sort is done');
    await rowAt(frame, 0).locator('.cell', { hasText: new RegExp(`^${logged.topByScore}$`, 'u') }).waitFor({ timeout: 30_000 });

    // A filter keeps the rows whose text contains it, still sorted.
    await frame.locator('.filter').fill('needle');
    await frame.locator('.status', { hasText: `${en(logged.rows)} rows · ${logged.needles} shown by filter` }).waitFor({ timeout: 60_000 });
    await waitUntil(page, async () => (await frame.locator('.body .row').count()) === logged.needles, 15_000, `${logged.needles} rows are drawn`);
    const labels = await frame.locator('.body .row .cell:nth-child(3)').allTextContents();
    assert.ok(labels.every((label) => label.startsWith('needle-')), labels.join(', '));

    // The column summary of score over the filtered rows, then over all rows.
    await frame.locator('.filter').fill('');
    await frame.locator('.status', { hasText: /^1,000,000 rows · sorted by score descending$/u }).waitFor({ timeout: 60_000 });
    await frame.locator('.header .about[aria-label="Summary of score"]').click();
    const summary = frame.locator('.summary');
    await summary.filter({ hasText: 'min' }).waitFor({ timeout: 60_000 });
    const text = await summary.innerText();
    assert.match(text, /score · number · 1,000,000 values · 0 missing/u);
    assert.ok(text.includes(`min ${logged.score.min}`) && text.includes(`max ${logged.score.max}`), text);

    await workbench.runCommand('Notifications: Clear All Notifications').catch(() => undefined);
    await page.mouse.move(1300, 850);
    await workbench.screenshot('table-artifact');
  });

  test('a Parquet artifact and a log_table JSON open as tables; a hidden table comes back; a workspace Parquet file opens by default', async () => {
    const experiments = viewPane(page, /^Experiments/u);
    // Keep the CSV's (preview) tab open behind the others: a double-click on it, as a user pins a preview.
    await page.locator('.tabs-container .tab', { hasText: 'predictions.csv' }).dblclick();
    await clickRow(treeRow(experiments, 'features.parquet'));
    const parquet = await tableFrame(new RegExp(`^${logged.parquetRows} rows`, 'u'));
    await parquet.locator('.header .sort', { hasText: /^importance/u }).click();
    await parquet.locator('.header .sort', { hasText: /^importance/u }).click();
    await rowAt(parquet, 0).locator('.cell', { hasText: new RegExp(`^${logged.parquetTop}$`, 'u') }).waitFor({ timeout: 30_000 });
    // pandas' None reads as a missing cell.
    assert.ok(await parquet.locator('.body .cell.missing').count() > 0, 'missing values are marked');

    await expandRow(experiments, 'eval');
    await clickRow(treeRow(experiments, 'per_class.json'));
    const json = await tableFrame(/^3 rows/u);
    assert.deepEqual(await json.locator('.header .sort').allTextContents(), ['class', 'precision']);
    await rowAt(json, 2).locator('.cell', { hasText: /^bird$/u }).waitFor({ timeout: 15_000 });

    // 300 columns: only those on screen are drawn; scrolled to the right end, the last column shows.
    await clickRow(treeRow(experiments, 'wide.csv'));
    const wide = await tableFrame(/^50 rows/u);
    await rowAt(wide, 0).locator('.cell', { hasText: /^r0c0$/u }).waitFor({ timeout: 15_000 });
    const drawn = await rowAt(wide, 0).locator('.cell').count();
    assert.ok(drawn < 30, `${drawn} cells drawn in a row of 300 columns`);
    await wide.locator('.grid').evaluate((grid) => {
      (grid as unknown as { scrollLeft: number; scrollWidth: number }).scrollLeft = (grid as unknown as { scrollWidth: number }).scrollWidth;
    });
    await rowAt(wide, 0).locator('.cell', { hasText: /^r0c299$/u }).waitFor({ timeout: 15_000 });
    assert.ok(await rowAt(wide, 0).locator('.cell', { hasText: /^r0c299$/u }).isVisible(), 'the last column is on screen');
    assert.equal(await wide.locator('.header .sort', { hasText: /^c299$/u }).isVisible(), true, 'its header is over it');

    // Back to the CSV's tab: its page was dropped while hidden and starts again from the file's order.
    await page.locator('.tabs-container .tab', { hasText: 'predictions.csv' }).click();
    const again = await tableFrame(new RegExp(`^${en(logged.rows)} rows$`, 'u'));
    await rowAt(again, 0).locator('.cell', { hasText: /^needle-0$/u }).waitFor({ timeout: 30_000 });

    // A Parquet file of the workspace opens in the table editor by default (Quick Open, Enter).
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').fill('local.parquet');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'local.parquet' }).first().waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
    const local = await tableFrame(/^7 rows/u);
    await rowAt(local, 6).locator('.cell', { hasText: /^f6$/u }).waitFor({ timeout: 15_000 });
  });

  test('an artifact a tracking server proxies is downloaded, then opens as a table', async () => {
    mkdirSync(path.join(folder, '.vscode'), { recursive: true });
    writeFileSync(path.join(folder, '.vscode', 'settings.json'), JSON.stringify({ 'runlens.trackingUri': serverUrl }));
    const experiments = viewPane(page, /^Experiments/u);
    await expandRow(experiments, 'remote-tables');
    await expandRow(experiments, 'proxied-run');
    await expandRow(experiments, 'Artifacts');
    await expandRow(experiments, 'proxied');
    // Copies another run of this test may have left (a workbench closed with the table open).
    const before = downloadedCopies('scores.csv');
    await clickRow(treeRow(experiments, 'scores.csv'));
    const frame = await tableFrame(new RegExp(`^${en(proxied.rows)} rows`, 'u'));
    await frame.locator('.grid').focus();
    await page.keyboard.press('Control+End');
    await rowAt(frame, proxied.rows - 1).locator('.cell', { hasText: new RegExp(`^${proxied.lastLabel}$`, 'u') }).waitFor({ timeout: 30_000 });
    // The worker read a downloaded copy, removed when the editor closes.
    const copies = downloadedCopies('scores.csv');
    assert.equal(copies.filter((copy) => !before.includes(copy)).length, 1, 'one downloaded copy while the table is open');
    await workbench.runCommand('View: Close All Editors');
    await waitUntil(page, async () => downloadedCopies('scores.csv').every((copy) => before.includes(copy)), 15_000, 'the downloaded copy is removed');
  });
});
