// UI test in the real workbench (code-server + Chromium): the RunLens view, an experiment
// expanded, an artifact PNG opened by a click, Compare Runs on two selected runs, and a model
// registered from a run, seen under Models. Screenshots go to test-results/.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { createFixtureWorkspace, type FixtureWorkspace } from '../vscode/fixture.ts';
import { repoRoot, venvPython } from '../support/python.ts';
import { openWorkbench, type Workbench } from './support/workbench.ts';
import { clickRow, collapseRow, expandRow, selectRows, treeRow, viewPane, waitUntil, webviewFrame } from './support/workbenchDom.ts';

let fixture: FixtureWorkspace;
let workbench: Workbench;
let page: Page;

describe('RunLens in the workbench', { timeout: 600_000 }, () => {
  before(async () => {
    fixture = await createFixtureWorkspace();
    // A slow training script to launch, and the venv's Python (with mlflow) for launches.
    writeFileSync(path.join(fixture.folder, 'train_slowly.py'), 'import time\nimport mlflow\n\nwith mlflow.start_run():\n    for step in range(300):\n        mlflow.log_metric("loss", 1 / (step + 1), step=step)\n        time.sleep(0.2)\n');
    mkdirSync(path.join(fixture.folder, '.vscode'), { recursive: true });
    writeFileSync(path.join(fixture.folder, '.vscode', 'settings.json'), JSON.stringify({ 'runlens.launch.pythonPath': venvPython() }));
    workbench = await openWorkbench({ folder: fixture.folder, extensionDevelopmentPath: repoRoot });
    page = workbench.page;
    await workbench.showRunLens();
  });

  after(async () => {
    await workbench?.close();
    if (fixture) rmSync(fixture.folder, { recursive: true, force: true });
  });

  test('the RunLens view lists the experiments and an expanded experiment its runs', async () => {
    const experiments = viewPane(page, 'Experiments');
    for (const name of fixture.experimentNames) await treeRow(experiments, name).waitFor({ timeout: 30_000 });
    await expandRow(experiments, 'iris-classifier');
    for (const run of ['sweep', 'forest-run', 'logreg-run']) await treeRow(experiments, run).waitFor({ timeout: 15_000 });
    await workbench.runCommand('Notifications: Clear All Notifications').catch(() => undefined);
    await workbench.screenshot('experiments-view');
  });

  test('clicking an artifact PNG opens it in VS Code\'s image preview', async () => {
    const experiments = viewPane(page, 'Experiments');
    await expandRow(experiments, 'forest-run');
    await expandRow(experiments, 'Artifacts');
    await expandRow(experiments, 'plots');
    await clickRow(treeRow(experiments, 'confusion.png'));
    await page.locator('.tabs-container .tab', { hasText: 'confusion.png' }).waitFor({ timeout: 30_000 });
    // The image preview is a webview; its document shows the PNG as an <img>.
    const frame = await webviewFrame(page, 'img');
    const size = await frame.locator('img').first().evaluate((img) => ({ w: (img as { naturalWidth: number }).naturalWidth, h: (img as { naturalHeight: number }).naturalHeight }));
    assert.ok(size.w > 0 && size.h > 0, 'the preview did not decode the PNG');
    await workbench.screenshot('artifact-png');
  });

  test('a run\'s MLflow 3 logged model shows under Models; clicking its MLmodel opens it', async () => {
    const experiments = viewPane(page, 'Experiments');
    await expandRow(experiments, 'Models');
    await expandRow(experiments, 'iris-logged');
    await clickRow(treeRow(experiments, 'MLmodel'));
    await page.locator('.tabs-container .tab', { hasText: 'MLmodel' }).waitFor({ timeout: 30_000 });
    await page.locator('.monaco-editor .view-lines', { hasText: 'sklearn:' }).first().waitFor({ timeout: 15_000 });
    await workbench.screenshot('logged-model');
    // The next tests click runs that the expanded rows would push out of sight.
    await collapseRow(experiments, 'forest-run');
  });

  test('Compare Runs on two selected runs shows the differing param and hides the equal ones', async () => {
    const experiments = viewPane(page, 'Experiments');
    await selectRows(experiments, ['logreg-run', 'forest-run']);
    await workbench.runCommand('RunLens: Compare Runs');
    const frame = await webviewFrame(page, '#compare-table');
    const keys = (await frame.locator('#compare-table td.key').allTextContents()).map((k) => k.replace(/[↑↓]/gu, '').trim());
    assert.ok(keys.includes('model'), `the differing param "model" is missing: ${keys.join(', ')}`);
    assert.ok(!keys.includes('stage'), 'the equal tag "stage" is shown although only differences are asked for');
    // The parallel-coordinates chart: the two varying params (model, seed) and the metric.
    await waitUntil(page, async () => (await frame.locator('#parallel-coordinates').getAttribute('data-axes')) === '3', 10_000, 'the parallel-coordinates chart is drawn');
    await workbench.screenshot('compare-runs');
  });

  test('Show Metric Charts on the selected runs draws one line per run', async () => {
    await workbench.runCommand('RunLens: Show Metric Charts');
    const frame = await webviewFrame(page, 'canvas[data-series]');
    const lossChart = frame.locator('canvas[aria-label="Line chart of loss"]');
    await waitUntil(page, async () => (await lossChart.getAttribute('data-series')) === '2', 30_000, 'the loss chart has two lines');
    assert.equal(await lossChart.getAttribute('data-series'), '2', 'the loss chart should have a line for each of the two runs');
    await workbench.screenshot('metric-charts');
  });

  test('Register Model on a run adds a version that shows under Models', async () => {
    const experiments = viewPane(page, 'Experiments');
    // forest-run alone: with logreg-run (no model) still selected, the menu would offer only what both allow.
    await clickRow(treeRow(experiments, 'forest-run'));
    await treeRow(experiments, 'forest-run').click({ button: 'right' });
    // VS Code's menus act on keyboard focus more reliably than on synthetic clicks.
    const item = page.getByRole('menuitem', { name: /Register Model/u });
    await item.hover();
    await item.focus();
    await page.keyboard.press('Enter');
    // First the run's model (its MLmodel folder or its logged model), then a new name.
    const quickInput = page.locator('.quick-input-widget input');
    await page.locator('.quick-input-widget .monaco-list-row:visible').first().waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
    await quickInput.waitFor({ timeout: 10_000 });
    await page.locator('.quick-input-widget .monaco-list-row:visible', { hasText: 'iris-model' }).waitFor({ timeout: 15_000 });
    await page.keyboard.type('ui-registered-model');
    // Wait for the picker to offer the typed name as a new model before accepting it.
    await page.locator('.quick-input-widget .monaco-list-row:visible', { hasText: 'new registered model' }).waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
    const models = viewPane(page, 'Models');
    await treeRow(models, 'ui-registered-model').waitFor({ timeout: 45_000 });
    await expandRow(models, 'ui-registered-model');
    await treeRow(models, 'Version 1').waitFor({ timeout: 15_000 });
    await workbench.screenshot('register-model');
  });

  test('a run launched with tracking shows its curve growing in its charts', async () => {
    await workbench.runCommand('View: Close All Editors').catch(() => undefined);
    await page.keyboard.press('Control+P');
    const quickInput = page.locator('.quick-input-widget input');
    await quickInput.waitFor({ timeout: 10_000 });
    await quickInput.fill('train_slowly.py');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'train_slowly.py' }).first().waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab', { hasText: 'train_slowly.py' }).waitFor({ timeout: 15_000 });
    await workbench.runCommand('RunLens: Run with Tracking');
    // Experiment: the fixture's iris-classifier; run name: MLflow's generated one.
    await page.locator('.quick-input-widget .monaco-list-row:visible', { hasText: 'iris-classifier' }).waitFor({ timeout: 30_000 });
    await page.keyboard.type('iris-classifier');
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget:visible', { hasText: 'Run name' }).waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    const frame = await webviewFrame(page, 'canvas[aria-label="Line chart of loss"]', 60_000);
    const points = async () => Number(await frame.locator('canvas[aria-label="Line chart of loss"]').getAttribute('data-points'));
    await waitUntil(page, async () => (await points()) >= 3, 60_000, 'the launched run logged 3 points');
    const before = await points();
    await page.waitForTimeout(2500);
    const afterWait = await points();
    assert.ok(afterWait > before, `the live chart did not grow: ${before} → ${afterWait} points`);
    await workbench.screenshot('launch');
    await workbench.runCommand('RunLens: Stop Run');
  });
});
