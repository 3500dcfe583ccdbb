// The tracking server's root page in real Chromium: mlflow's printed "View run … at
// <server>/#/experiments/<id>/runs/<id>" link becomes a link back into the editor. The nonce'd
// script must run under the page's CSP, and a crafted fragment must not inject anything.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTrackingServer, type RunningServer } from '../../src/server/trackingServer.ts';
import { openSqliteStore, type SqliteStores } from '../../src/store/sqlite/openSqliteStore.ts';
import { assertChromiumInstalled, chromiumPath } from './support/workbench.ts';

describe('tracking server root page in Chromium', () => {
  let dir: string;
  let stores: SqliteStores;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  before(async () => {
    assertChromiumInstalled();
    dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-page-ui-'));
    stores = openSqliteStore(path.join(dir, 'mlflow.db'));
    server = await startTrackingServer({ tracking: stores.tracking, registry: stores.registry, port: 0, version: 'test', openInEditorUri: 'vscode://runlens.runlens' });
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
    page = await browser.newPage();
    // A CSP violation (the script or style blocked) shows up as a console error.
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    stores?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const link = async () => ({
    href: await page.locator('#open-link').getAttribute('href'),
    text: await page.locator('#open-link').textContent(),
  });

  test("a run link from mlflow's output points at the run in the editor", async () => {
    const runId = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
    await page.goto(`${server.url}/#/experiments/9/runs/${runId}`);
    assert.deepEqual(await link(), { href: `vscode://runlens.runlens/run?id=${runId}&experiment=9`, text: `Open run ${runId} in the editor` });
    await page.goto('about:blank');
    await page.goto(`${server.url}/#/experiments/9`);
    assert.deepEqual(await link(), { href: 'vscode://runlens.runlens/experiment?id=9', text: 'Open experiment 9 in the editor' });
    assert.deepEqual(problems, [], 'the page ran without CSP violations or errors');
  });

  test('a crafted fragment injects nothing', async () => {
    await page.goto('about:blank');
    await page.goto(`${server.url}/#/experiments/1/runs/x%22%3E%3Cimg%20src=x%20onerror=alert(1)%3E`);
    const { href, text } = await link();
    assert.equal(href, 'vscode://runlens.runlens/run?id=x&experiment=1', 'only the id characters are taken');
    assert.equal(text, 'Open run x in the editor');
    assert.equal(await page.locator('img').count(), 0);
    await page.goto('about:blank');
    await page.goto(`${server.url}/#/<script>alert(1)</script>`);
    assert.deepEqual(await link(), { href: 'vscode://runlens.runlens', text: 'Open RunLens in the editor' });
    assert.deepEqual(problems, []);
  });
});
