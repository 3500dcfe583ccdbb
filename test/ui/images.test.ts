// UI test in the real workbench (code-server + Chromium) on runs that logged 20 steps of an image
// key with the real mlflow (each step a different picture): Show Images on two selected runs, the
// step slider moves both columns (keyboard), two cells compare side by side, the swipe slider
// changes the pixels shown, the difference overlay draws; then the whole experiment, three runs
// with a run that lacks odd steps (nearest earlier, marked). Screenshots: test-results/image-panel.png
// (the grid) and test-results/image-panel-swipe.png (a swipe between two runs).
import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Frame, Locator, Page } from 'playwright-core';
import { repoRoot, runPythonJson } from '../support/python.ts';
import { openWorkbench, type Workbench } from './support/workbench.ts';
import { clickRow, expandRow, selectRows, treeRow, viewPane, waitUntil, webviewFrame } from './support/workbenchDom.ts';

let folder: string;
let workbench: Workbench;
let page: Page;

function experimentsRow(label: string): Locator {
  return treeRow(viewPane(page, 'Experiments'), label);
}

function cellImage(frame: Frame, run: string, row: string): Locator {
  return frame.locator(`td.cell[data-run="${run}"][data-row="${row}"] img`);
}

async function srcOf(frame: Frame, run: string, row: string): Promise<string> {
  return (await cellImage(frame, run, row).getAttribute('src', { timeout: 15_000 })) ?? '';
}

describe('Show Images on runs that logged images at 20 steps', { timeout: 600_000 }, () => {
  before(async () => {
    folder = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'runlens-ui-images-')));
    await runPythonJson(path.join(repoRoot, 'test', 'ui', 'py', 'log_image_steps.py'), [folder, '3', '20'], {}, folder);
    workbench = await openWorkbench({ folder, extensionDevelopmentPath: repoRoot });
    page = workbench.page;
    await workbench.showRunLens();
    await expandRow(viewPane(page, 'Experiments'), 'vision');
    await experimentsRow('seed-1').waitFor({ timeout: 30_000 });
  });

  after(async () => {
    await workbench?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  test('the slider moves both columns; compare side by side, by swipe and as a difference', async () => {
    await selectRows(viewPane(page, 'Experiments'), ['seed-1', 'seed-2']);
    await workbench.runCommand('RunLens: Show Images');
    const frame = await webviewFrame(page, '#images-table', 60_000);
    assert.deepEqual((await frame.locator('#images-table thead th.run').allTextContents()).sort(), ['seed-1', 'seed-2']);
    // Rows: the two keys, then the plain image every run has.
    assert.deepEqual(await frame.locator('#images-table tbody tr').evaluateAll((rows) => rows.map((r) => (r as unknown as { dataset: { row: string } }).dataset.row)), ['step:attention/map', 'step:samples', 'plain:confusion_matrix.png']);

    const row = 'step:samples';
    const slider = frame.locator('input.step-slider[data-key="samples"]');
    // The panel opens at the last step; both runs' images are there (thumbnails, as data: URIs).
    await waitUntil(page, async () => (await srcOf(frame, 'seed-1', row)).startsWith('data:image/') && (await srcOf(frame, 'seed-2', row)).startsWith('data:image/'), 30_000, 'both columns show an image');
    assert.match(await frame.locator('.step-label').nth(1).textContent() ?? '', /^step 19 \(20 steps\)$/u);
    const last = [await srcOf(frame, 'seed-1', row), await srcOf(frame, 'seed-2', row)];
    assert.ok(last[0].startsWith('data:image/webp;base64,'), 'mlflow\'s thumbnail is shown first');
    assert.notEqual(last[0], last[1], 'the two runs logged different pictures');

    await slider.focus();
    await page.keyboard.press('Home');
    await waitUntil(page, async () => (await frame.locator('.step-label').nth(1).textContent()) === 'step 0 (20 steps)', 10_000, 'Home goes to step 0');
    await waitUntil(page, async () => (await srcOf(frame, 'seed-1', row)) !== last[0] && (await srcOf(frame, 'seed-2', row)) !== last[1], 15_000, 'both columns change to step 0');
    const first = [await srcOf(frame, 'seed-1', row), await srcOf(frame, 'seed-2', row)];
    await page.keyboard.press('ArrowRight');
    await waitUntil(page, async () => (await frame.locator('.step-label').nth(1).textContent()) === 'step 1 (20 steps)', 10_000, '→ goes to step 1');
    await waitUntil(page, async () => (await srcOf(frame, 'seed-1', row)) !== first[0] && (await srcOf(frame, 'seed-2', row)) !== first[1], 15_000, 'both columns change to step 1');
    assert.match(await frame.locator(`td.cell[data-run="seed-1"][data-row="${row}"] .caption`).textContent() ?? '', /^step 1$/u);
    // The attention key has no image at step 1: its own slider is independent, still at its last step.
    assert.match(await frame.locator('.step-label').first().textContent() ?? '', /^step 15 \(4 steps\)$/u);

    // Compare the two runs' step-1 images: full size (PNG), side by side.
    await frame.locator(`td.cell[data-run="seed-1"][data-row="${row}"]`).click();
    await frame.locator(`td.cell[data-run="seed-2"][data-row="${row}"]`).click();
    const compared = frame.locator('#compare figure.compared img');
    await waitUntil(page, async () => (await compared.count()) === 2, 15_000, 'both full-size images are side by side');
    for (const src of await compared.evaluateAll((imgs) => imgs.map((i) => (i as unknown as { src: string }).src))) assert.ok(src.startsWith('data:image/png;base64,'), 'compare shows the full-size file');

    // Swipe: both images stacked; moving the slider changes the pixels shown.
    await frame.locator('#mode-swipe').click();
    const stage = frame.locator('#swipe-stage');
    assert.equal(await stage.locator('img').count(), 2);
    await waitUntil(page, async () => stage.locator('img').evaluateAll((imgs) => imgs.every((i) => (i as unknown as { complete: boolean; naturalWidth: number }).complete && (i as unknown as { naturalWidth: number }).naturalWidth > 0)), 10_000, 'the swipe images are decoded');
    const before = await stage.screenshot();
    const swipe = frame.locator('#swipe-slider');
    await swipe.focus();
    await page.keyboard.press('Home');
    await waitUntil(page, async () => !(await stage.screenshot()).equals(before), 10_000, 'the swipe slider changes what is shown');
    const allSecond = await stage.screenshot();
    await page.keyboard.press('End');
    await waitUntil(page, async () => !(await stage.screenshot()).equals(allSecond), 10_000, 'the other end shows the first image');

    // Difference: the overlay is drawn and counts the pixels where the two discs differ (their hues).
    await frame.locator('#mode-diff').click();
    const canvas = frame.locator('#diff-canvas');
    await waitUntil(page, async () => Number(await canvas.getAttribute('data-differing')) > 0, 10_000, 'the difference is computed');
    assert.match(await frame.locator('#diff-summary').textContent() ?? '', /^\d+ of 2304 pixels differ/u);
    const highlighted = await canvas.evaluate((node) => {
      const c = node as unknown as { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
      const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
      let red = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i] > 80 && data[i] > data[i + 1] * 1.5) red += 1;
      return red;
    });
    assert.equal(highlighted, Number(await canvas.getAttribute('data-differing')), 'every differing pixel, and only those, is highlighted');
  });

  test('an experiment: its three runs, a run without a step shows its nearest earlier one', async () => {
    await clickRow(experimentsRow('vision'));
    await workbench.runCommand('RunLens: Show Images');
    await waitUntil(page, async () => page.locator('.tab', { hasText: /^Images: vision/u }).isVisible(), 30_000, 'the experiment panel opens');
    const frame = await webviewFrame(page, '#images-table:has(th.run:nth-of-type(4))', 60_000);
    // Newest first: seed-3 was started last.
    assert.deepEqual(await frame.locator('#images-table thead th.run').allTextContents(), ['seed-3', 'seed-2', 'seed-1']);
    const row = 'step:samples';
    await frame.locator('input.step-slider[data-key="samples"]').focus();
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    await waitUntil(page, async () => (await frame.locator('.step-label').nth(1).textContent()) === 'step 18 (20 steps)', 10_000, 'step 18');
    await page.keyboard.press('ArrowLeft');
    await waitUntil(page, async () => (await frame.locator('.step-label').nth(1).textContent()) === 'step 17 (20 steps)', 10_000, 'step 17');
    const seed3 = frame.locator(`td.cell[data-run="seed-3"][data-row="${row}"]`);
    assert.equal(await seed3.locator('.caption').textContent(), 'step 16 (nearest earlier)');
    assert.ok((await seed3.getAttribute('class'))?.split(' ').includes('earlier'));
    assert.equal(await frame.locator(`td.cell[data-run="seed-1"][data-row="${row}"] .caption`).textContent(), 'step 17');
    await waitUntil(page, async () => (await cellImage(frame, 'seed-3', row).count()) === 1 && (await cellImage(frame, 'seed-1', 'plain:confusion_matrix.png').count()) === 1, 15_000, 'the images load');
    await workbench.runCommand('Notifications: Clear All Notifications');
    await page.mouse.move(10, 10);
    await workbench.screenshot('image-panel');
    await frame.locator(`td.cell[data-run="seed-1"][data-row="${row}"]`).click();
    await frame.locator(`td.cell[data-run="seed-2"][data-row="${row}"]`).click();
    await frame.locator('#mode-swipe').click();
    await frame.locator('#swipe-stage img').first().waitFor({ timeout: 10_000 });
    await page.mouse.move(10, 10);
    await workbench.screenshot('image-panel-swipe');
  });
});
