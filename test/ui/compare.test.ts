// UI test in the real workbench (code-server + Chromium) on a learning-rate sweep logged by the
// real mlflow: Compare Runs marks every tied best, judges baseline deltas by the metric's
// direction, colours the parallel-coordinates lines by the metric (read back from the canvas
// pixels) on a log lr axis, names the hovered run; the runs table settles after a bad filter.
// Screenshots: test-results/compare-sweep.png, test-results/runs-table-bad-filter.png.
import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Frame, Locator, Page } from 'playwright-core';
import { repoRoot, runPythonJson } from '../support/python.ts';
import { compareCells } from './support/compareTable.ts';
import { openWorkbench, type Workbench } from './support/workbench.ts';
import { clickRow, selectRows, treeRow, viewPane, waitUntil, webviewFrame } from './support/workbenchDom.ts';

let folder: string;
let workbench: Workbench;
let page: Page;

function experimentsRow(label: string): Locator {
  return treeRow(viewPane(page, 'Experiments'), label);
}

interface PixelCounts {
  low: number;
  high: number;
}

/**
 * A canvas's pixels close to the colour scale's low (charts.blue) and high (charts.orange) ends,
 * and one low-end pixel (in CSS pixels) with no high-end pixel within 6 pixels, to hover.
 */
function scaleEndPixels(frame: Frame, selector: string): Promise<PixelCounts & { isolatedLow?: { x: number; y: number } }> {
  return frame.locator(selector).evaluate((node) => {
    const canvas = node as unknown as { width: number; height: number; clientWidth: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
    const doc = globalThis as unknown as { getComputedStyle(el: unknown): { getPropertyValue(name: string): string }; document: { body: unknown } };
    const style = doc.getComputedStyle(doc.document.body);
    const rgb = (name: string) => {
      const hex = style.getPropertyValue(name).trim().slice(1, 7);
      return [0, 2, 4].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
    };
    const [low, high] = [rgb('--vscode-charts-blue'), rgb('--vscode-charts-orange')];
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    const near = (x: number, y: number, c: number[]) => {
      const i = (y * canvas.width + x) * 4;
      return data[i + 3] > 200 && Math.abs(data[i] - c[0]) + Math.abs(data[i + 1] - c[1]) + Math.abs(data[i + 2] - c[2]) < 40;
    };
    const counts = { low: 0, high: 0 };
    for (let y = 0; y < canvas.height; y += 1) {
      for (let x = 0; x < canvas.width; x += 1) {
        if (near(x, y, low)) counts.low += 1;
        if (near(x, y, high)) counts.high += 1;
      }
    }
    const ratio = canvas.width / canvas.clientWidth;
    const reach = Math.ceil(6 * ratio);
    for (let y = reach; y < canvas.height - reach; y += 2) {
      for (let x = reach; x < canvas.width - reach; x += 2) {
        if (!near(x, y, low)) continue;
        let alone = true;
        for (let dy = -reach; alone && dy <= reach; dy += 1) for (let dx = -reach; alone && dx <= reach; dx += 1) if (near(x + dx, y + dy, high)) alone = false;
        if (alone) return { ...counts, isolatedLow: { x: x / ratio, y: y / ratio } };
      }
    }
    return counts;
  });
}

describe('Compare Runs on a learning-rate sweep', { timeout: 600_000 }, () => {
  before(async () => {
    folder = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'runlens-ui-compare-')));
    await runPythonJson<Record<string, string>>(path.join(repoRoot, 'test', 'ui', 'py', 'compare_sweep.py'), [folder], {}, folder);
    workbench = await openWorkbench({ folder, extensionDevelopmentPath: repoRoot });
    page = workbench.page;
    await workbench.showRunLens();
  });

  after(async () => {
    await workbench?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  test('ties, baseline deltas, metric colours, a log lr axis and the hovered run\'s name', async () => {
    await experimentsRow('lr-sweep').waitFor({ timeout: 30_000 });
    await waitUntil(page, async () => {
      if ((await experimentsRow('lr-sweep').getAttribute('aria-expanded')) !== 'true') await clickRow(experimentsRow('lr-sweep'));
      return experimentsRow('lr-1e-4').isVisible();
    }, 45_000, 'the sweep experiment is expanded');
    await selectRows(viewPane(page, 'Experiments'), ['lr-1e-4', 'lr-1e-3', 'lr-1e-2', 'lr-1e-1']);
    await workbench.runCommand('RunLens: Compare Runs');
    const frame = await webviewFrame(page, '#compare-table');

    // Three runs share the best accuracy (1.0): all three are marked, the 0.5 run is not.
    const accuracy = await compareCells(frame, 'accuracy');
    const bestRuns = [];
    for (const [name, cell] of accuracy) if ((await cell.getAttribute('class'))?.split(' ').includes('best')) bestRuns.push(name);
    assert.deepEqual(bestRuns.sort(), ['lr-1e-2', 'lr-1e-3', 'lr-1e-4']);

    // Against lr-1e-4 (val_loss 0.3): 0.2 is better (−, passed colour), 0.5 worse (+, failed colour).
    await frame.locator('#baseline').selectOption({ label: 'lr-1e-4' });
    const valLoss = await compareCells(frame, 'val_loss');
    const lower = valLoss.get('lr-1e-3')?.locator('span.delta');
    const higher = valLoss.get('lr-1e-2')?.locator('span.delta');
    assert.ok(lower && higher);
    assert.equal(await lower.getAttribute('class'), 'delta better');
    assert.match(await lower.textContent() ?? '', /^ \(−0\.1, −33\.3%\)$/u);
    assert.equal(await higher.getAttribute('class'), 'delta worse');
    assert.match(await higher.textContent() ?? '', /^ \(\+0\.2, \+66\.7%\)$/u);
    const colours = await frame.locator('#compare-table').evaluate(() => {
      const doc = globalThis as unknown as { getComputedStyle(el: unknown): { color: string; getPropertyValue(name: string): string }; document: { body: unknown; querySelector(s: string): unknown } };
      const style = doc.getComputedStyle(doc.document.body);
      return {
        better: doc.getComputedStyle(doc.document.querySelector('span.delta.better')).color,
        worse: doc.getComputedStyle(doc.document.querySelector('span.delta.worse')).color,
        passed: style.getPropertyValue('--vscode-testing-iconPassed').trim(),
        failed: style.getPropertyValue('--vscode-testing-iconFailed').trim(),
      };
    });
    const hexOf = (rgb: string) => `#${(rgb.match(/\d+/gu) ?? []).slice(0, 3).map((n) => Number(n).toString(16).padStart(2, '0')).join('')}`;
    assert.equal(hexOf(colours.better), colours.passed.slice(0, 7).toLowerCase());
    assert.equal(hexOf(colours.worse), colours.failed.slice(0, 7).toLowerCase());

    // The chart: lr (log), optimizer, then the metric; lines at both ends of the colour scale.
    const chart = frame.locator('#parallel-coordinates');
    await waitUntil(page, async () => (await chart.getAttribute('data-axes')) === '3', 15_000, 'the parallel-coordinates chart is drawn');
    assert.equal(await chart.getAttribute('data-log-axes'), 'lr');
    assert.equal(await frame.locator('.colour-legend .legend-min').textContent(), '0.5');
    assert.equal(await frame.locator('.colour-legend .legend-max').textContent(), '1');
    const accuracyPixels = await scaleEndPixels(frame, '#parallel-coordinates');
    assert.ok(accuracyPixels.low > 20 && accuracyPixels.high > 20, `lines should span the colour scale: ${JSON.stringify(accuracyPixels)}`);
    // Nothing is drawn in the canvas's top rows: the top tick labels are not cut off.
    const topInk = await chart.evaluate((node) => {
      const canvas = node as unknown as { width: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
      return canvas.getContext('2d').getImageData(0, 0, canvas.width, 3).data.filter((_, i) => i % 4 === 3 && _ > 0).length;
    });
    assert.equal(topInk, 0, 'the chart draws up to its top edge, so its top labels are clipped');
    const barPixels = await scaleEndPixels(frame, '#pcp-colour-bar');
    assert.ok(barPixels.low > 0 && barPixels.high > 0, `the colour bar should show both ends: ${JSON.stringify(barPixels)}`);

    // Hovering the one low-accuracy (blue) line names its run.
    const spot = accuracyPixels.isolatedLow;
    assert.ok(spot, 'no line in the low-end colour to hover');
    const box = await chart.boundingBox();
    assert.ok(box);
    await page.mouse.move(box.x + spot.x, box.y + spot.y);
    await waitUntil(page, async () => (await chart.getAttribute('data-tooltip-run')) === 'lr-1e-1', 10_000, 'the tooltip names lr-1e-1');

    // Colour by val_loss instead: the legend follows the metric and its direction.
    await frame.locator('#pcp-metric').selectOption('val_loss');
    await waitUntil(page, async () => (await frame.locator('.colour-legend .legend-min').textContent()) === '0.2', 10_000, 'the legend shows val_loss');
    assert.equal(await frame.locator('.colour-legend .legend-max').textContent(), '0.9');
    assert.match(await frame.locator('.colour-legend .legend-direction').textContent() ?? '', /lower is better/u);
    await workbench.screenshot('compare-sweep');
  });

  test('the runs table settles its count after an invalid filter and recovers on a valid one', async () => {
    await workbench.runCommand('RunLens: Open Runs Table');
    await page.locator('.quick-input-widget .monaco-list-row:visible', { hasText: 'lr-sweep' }).waitFor({ timeout: 30_000 });
    await page.keyboard.type('lr-sweep');
    await page.keyboard.press('Enter');
    const frame = await webviewFrame(page, '.scroller .spacer', 60_000);
    await frame.locator('.status', { hasText: /^4 runs/u }).waitFor({ timeout: 30_000 });
    const filter = frame.locator('input.filter');
    await filter.fill('metrics.accuracy >');
    await filter.press('Enter');
    await frame.locator('.error', { hasText: 'Invalid filter' }).waitFor({ timeout: 15_000 });
    await waitUntil(page, async () => (await frame.locator('.status').textContent()) === 'No runs shown: the query failed', 10_000, 'the count settles instead of staying at "Counting runs…"');
    assert.equal(await frame.locator('.spacer .row').count(), 0);
    await workbench.screenshot('runs-table-bad-filter');
    await filter.fill('metrics.accuracy > 0.9');
    await filter.press('Enter');
    await frame.locator('.status', { hasText: /^3 runs/u }).waitFor({ timeout: 15_000 });
    assert.equal(await frame.locator('.error').textContent(), '');
  });
});
