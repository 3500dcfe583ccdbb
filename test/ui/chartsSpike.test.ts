// UI test in the real workbench (code-server + Chromium): a run mlflow logged with 100,000 loss
// steps and one +1.5 spike at step 73,123 (as in issue 11). Its charts, opened from the
// Experiments view, paint the spike in the run's colour at full range and zoomed to ~2,400 and
// ~90 points. Screenshot: test-results/metric-charts-spike.png.
import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Frame, Locator, Page } from 'playwright-core';
import { repoRoot, runPythonJson } from '../support/python.ts';
import { assertSpikeDrawn, backgroundRgb, dragAcross } from './support/chartPixels.ts';
import { openWorkbench, type Workbench } from './support/workbench.ts';
import { treeRow, viewPane, waitUntil } from './support/workbenchDom.ts';

const STEPS = 100_000;
const SPIKE_STEP = 73_123;
const LOSS_CHART = 'canvas[aria-label="Line chart of loss"]';

let folder: string;
let workbench: Workbench;
let page: Page;
let logged: { runId: string; spikeValue: number; baseValue: number };

function experimentsRow(label: string): Locator {
  return treeRow(viewPane(page, 'Experiments'), label);
}

async function chartsFrame(): Promise<Frame> {
  let found: Frame | undefined;
  await waitUntil(page, async () => {
    for (const frame of page.frames()) {
      if (await frame.locator(`${LOSS_CHART}[data-scales]`).count().catch(() => 0)) found = frame;
    }
    return found !== undefined;
  }, 60_000, 'the charts webview draws the loss chart');
  return found as Frame;
}

describe('a spike in a long history, in the workbench', { timeout: 600_000 }, () => {
  before(async () => {
    folder = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'runlens-ui-spike-')));
    logged = await runPythonJson(path.join(repoRoot, 'test', 'ui', 'py', 'log_long_history.py'), [`sqlite:///${path.join(folder, 'mlflow.db')}`, String(STEPS), String(SPIKE_STEP)]);
    workbench = await openWorkbench({ folder, extensionDevelopmentPath: repoRoot });
    page = workbench.page;
    await workbench.showRunLens();
  });

  after(async () => {
    await workbench?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  test('the spike is painted in the run colour at full range and zoomed in', async () => {
    const experiment = experimentsRow('long-history');
    await experiment.waitFor({ timeout: 60_000 });
    await waitUntil(page, async () => {
      if ((await experiment.getAttribute('aria-expanded')) !== 'true') await experiment.click();
      return experimentsRow('long-run').isVisible();
    }, 45_000, 'the experiment shows its run');
    await experimentsRow('long-run').click();
    await page.mouse.move(1100, 700);
    await workbench.runCommand('RunLens: Show Metric Charts');
    const frame = await chartsFrame();
    const canvas = frame.locator(LOSS_CHART);
    await waitUntil(page, async () => (await canvas.getAttribute('data-points')) === String(STEPS), 60_000, 'the chart holds every point');
    const color = await backgroundRgb(frame.locator('.legend .swatch').first());
    const spike = { step: SPIKE_STEP, value: logged.spikeValue, below: logged.baseValue };
    await assertSpikeDrawn(canvas, spike, color, 'full range');
    await workbench.runCommand('Notifications: Clear All Notifications').catch(() => undefined);
    await workbench.screenshot('metric-charts-spike');

    for (const [halfWidth, expected] of [[1_200, 2_400], [45, 90]]) {
      const before = await canvas.getAttribute('data-scales');
      await dragAcross(page, canvas, SPIKE_STEP - halfWidth, SPIKE_STEP + halfWidth);
      // The zoomed range comes back from the extension re-shaped: the point count drops to the range's.
      await waitUntil(page, async () => {
        const points = Number(await canvas.getAttribute('data-points'));
        return (await canvas.getAttribute('data-scales')) !== before && Math.abs(points - expected) < expected * 0.2;
      }, 30_000, `the chart is zoomed to about ${expected} points`);
      await assertSpikeDrawn(canvas, spike, color, `zoomed to ${await canvas.getAttribute('data-points')} points`);
    }
    assert.ok(Number(await canvas.getAttribute('data-points')) < 120);
  });
});
