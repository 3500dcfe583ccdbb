// UI test: the runs table over an experiment of 100k runs scrolls to its last row in the real
// workbench, and shows the rows on screen at a chosen step. Screenshot: test-results/runs-table.png.
import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Frame } from 'playwright-core';
import { openSqliteStore } from '../../src/store/sqlite/openSqliteStore.ts';
import { fillRuns } from '../support/fillRuns.ts';
import { repoRoot } from '../support/python.ts';
import { openWorkbench, type Workbench } from './support/workbench.ts';
import { waitUntil } from './support/workbenchDom.ts';

const RUNS = 100_000;
let folder: string;
let workbench: Workbench;

async function tableFrame(): Promise<Frame> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    for (const frame of workbench.page.frames()) {
      if (await frame.locator('.scroller .spacer').count().catch(() => 0)) return frame;
    }
    await workbench.page.waitForTimeout(250);
  }
  throw new Error('the runs table page never appeared');
}

describe('runs table over 100k runs', { timeout: 300_000 }, () => {
  before(async () => {
    folder = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'runlens-ui-table-')));
    const file = path.join(folder, 'mlflow.db');
    const stores = openSqliteStore(file);
    const experimentId = await stores.tracking.createExperiment('sweep-100k');
    stores.close();
    fillRuns(file, experimentId, RUNS);
    workbench = await openWorkbench({ folder, extensionDevelopmentPath: repoRoot });
    await workbench.showRunLens();
  });

  after(async () => {
    await workbench?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  test('opens, counts 100,000 runs and scrolls to the last one', async () => {
    const { page } = workbench;
    await workbench.runCommand('RunLens: Open Runs Table');
    await page.locator('.quick-input-widget .monaco-list-row:visible', { hasText: 'sweep-100k' }).waitFor({ timeout: 30_000 });
    await page.keyboard.type('sweep-100k');
    await page.keyboard.press('Enter');
    const frame = await tableFrame();
    await frame.locator('.status', { hasText: `${RUNS.toLocaleString('en-US')} runs` }).waitFor({ timeout: 60_000 });
    const scroller = frame.locator('.scroller');
    // Only the visible rows exist in the page, however many runs there are.
    const rendered = await frame.locator('.spacer .row').count();
    assert.ok(rendered > 0 && rendered < 200, `${rendered} rows in the DOM`);
    await scroller.evaluate((el) => {
      (el as unknown as { scrollTop: number; scrollHeight: number }).scrollTop = (el as unknown as { scrollHeight: number }).scrollHeight;
    });
    const last = frame.locator(`.spacer .row[data-index="${RUNS - 1}"]`);
    await last.waitFor({ timeout: 30_000 });
    // fillRuns names runs bench-run-<i>, oldest last: the last row is the oldest run, loaded from the host.
    await frame.locator(`.spacer .row[data-index="${RUNS - 1}"] .cell`, { hasText: `bench-run-${RUNS - 1}` }).waitFor({ timeout: 30_000 });
    await workbench.runCommand('Notifications: Clear All Notifications').catch(() => undefined);
    await workbench.screenshot('runs-table');

    // At a step, only the rows on screen are read again: fillRuns logs every metric at step 0, so at
    // step 0 the last row reads as before (unmarked), and at step -1 every metric cell is "—".
    const lastCells = frame.locator(`.spacer .row[data-index="${RUNS - 1}"] .cell.metrics`);
    const latest = await lastCells.allTextContents();
    assert.ok(latest.length > 0 && latest.every((text) => /^\d/u.test(text)), `latest values: ${latest.join(', ')}`);
    const chooseStep = async (step: string) => {
      await frame.locator('#step-input').fill(step);
      await frame.locator('#step-input').press('Enter');
      await frame.locator('.row.header .cell', { hasText: `@${step}` }).first().waitFor({ timeout: 15_000 });
    };
    await chooseStep('0');
    await waitUntil(page, async () => JSON.stringify(await lastCells.allTextContents()) === JSON.stringify(latest), 30_000, 'the last row shows its values at step 0');
    await chooseStep('-1');
    await waitUntil(page, async () => (await lastCells.allTextContents()).every((text) => text === '—'), 30_000, 'the last row shows "—" before step 0');
    assert.equal(await frame.locator('.status').textContent(), `${RUNS.toLocaleString('en-US')} runs`);
  });
});
