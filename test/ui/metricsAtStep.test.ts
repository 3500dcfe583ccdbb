// UI test in the real workbench (code-server + Chromium): "at step N" in Compare Runs and the runs
// table on runs the real mlflow logged on different step grids (every step, every 10 steps with
// step 50 logged twice, one starting late). The expected cells come from mlflow's own
// get_metric_history: the value at N, or "≤" the value at the nearest earlier step with that step
// in the tooltip, or "—" for a run that logged nothing yet; the best loss follows the at-step values.
// Screenshots: test-results/compare-at-step.png, test-results/runs-table-at-step.png.
import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import { repoRoot, runPythonJson } from '../support/python.ts';
import { compareCells } from './support/compareTable.ts';
import { openWorkbench, type Workbench } from './support/workbench.ts';
import { expandRow, selectRows, viewPane, waitUntil, webviewFrame } from './support/workbenchDom.ts';

const LAST_STEP = 100;
const AT = 55;
const RUNS = ['every-step', 'every-10', 'late-start'];

interface Logged {
  ids: Record<string, string>;
  histories: Record<string, Record<string, [number, number, number][]>>;
}

interface ExpectedCell {
  text: string;
  /** The tooltip the cell must carry (none for a value logged at N itself). */
  title?: string;
  value?: number;
}

/** From mlflow's history: the greatest step ≤ N and its latest point, as the cell should read. */
function expectedCell(points: [number, number, number][] | undefined, step: number): ExpectedCell {
  const earlier = (points ?? []).filter(([s]) => s <= step);
  if (earlier.length === 0) return { text: '—', title: `first logged after step ${step}` };
  const at = Math.max(...earlier.map(([s]) => s));
  const [, , value] = earlier.filter(([s]) => s === at).sort((a, b) => b[1] - a[1])[0];
  return at === step ? { text: String(value), value } : { text: `≤ ${value}`, title: `step ${at} (no value at ${step})`, value };
}

/** A run's latest loss as MLflow defines it: at its greatest step, the latest timestamp (history is in timestamp order). */
function latestValue(name: string): number {
  return expectedCell(logged.histories[name].loss, Number.MAX_SAFE_INTEGER).value ?? Number.NaN;
}

let folder: string;
let logged: Logged;
let workbench: Workbench;
let page: Page;

async function chooseStep(frame: Frame, step: string): Promise<void> {
  const box = frame.locator('#step-input');
  await box.fill(step);
  await box.press('Enter');
}

describe('metrics at a step in Compare Runs and the runs table', { timeout: 600_000 }, () => {
  before(async () => {
    folder = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'runlens-ui-at-step-')));
    logged = await runPythonJson<Logged>(path.join(repoRoot, 'test', 'support', 'py', 'log_step_grids.py'), [folder, String(LAST_STEP)], {}, folder);
    workbench = await openWorkbench({ folder, extensionDevelopmentPath: repoRoot });
    page = workbench.page;
    await workbench.showRunLens();
  });

  after(async () => {
    await workbench?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  test('Compare Runs at step 55: values at N or marked earlier ones, best and tooltips follow', async () => {
    await expandRow(viewPane(page, 'Experiments'), 'step-grids');
    await selectRows(viewPane(page, 'Experiments'), RUNS);
    await workbench.runCommand('RunLens: Compare Runs');
    const frame = await webviewFrame(page, '#compare-table');
    await frame.locator('#step-input').waitFor({ timeout: 15_000 });
    await chooseStep(frame, String(AT));
    await frame.locator('h1', { hasText: `at step ${AT}` }).waitFor({ timeout: 30_000 });

    const cells = await compareCells(frame, 'loss');
    const expected = new Map(RUNS.map((name) => [name, expectedCell(logged.histories[name].loss, AT)]));
    // The grids give one of each: a value at 55, "≤" the value logged last at 50, nothing yet.
    assert.deepEqual([...expected.values()].map((e) => e.text[0] === '≤' ? '≤' : e.text === '—' ? '—' : '='), ['=', '≤', '—']);
    for (const [name, want] of expected) {
      const cell = cells.get(name);
      assert.ok(cell, `no loss cell for ${name}`);
      assert.equal((await cell.textContent())?.trim(), want.text, `${name}'s loss at step ${AT}`);
      const title = (await cell.getAttribute('title')) ?? '';
      if (want.title) assert.ok(title.includes(want.title), `${name}'s tooltip "${title}" should say "${want.title}"`);
    }
    // Lower loss is better: the best among the values at step 55, not among the latest values.
    const present = [...expected].filter(([, e]) => e.value !== undefined);
    const bestName = present.sort((a, b) => (a[1].value as number) - (b[1].value as number))[0][0];
    const latestBest = RUNS.map((name) => ({ name, value: latestValue(name) })).sort((a, b) => a.value - b.value)[0].name;
    assert.notEqual(bestName, latestBest, 'the fixture should make the at-step best differ from the latest best');
    for (const [name, cell] of cells) {
      const best = (await cell.getAttribute('class'))?.split(' ').includes('best') ?? false;
      assert.equal(best, name === bestName, `${name} best at step ${AT}`);
    }
    await workbench.runCommand('Notifications: Clear All Notifications').catch(() => undefined);
    await workbench.screenshot('compare-at-step');

    // The step is kept with the page's other view state: a reloaded page comes back at step 55.
    await frame.evaluate(() => {
      (globalThis as unknown as { document: { body: { dataset: Record<string, string> } } }).document.body.dataset.beforeReload = 'yes';
    });
    await workbench.runCommand('Developer: Reload Webviews');
    let restored = frame;
    await waitUntil(page, async () => {
      restored = await webviewFrame(page, '#compare-table', 5_000);
      return (await restored.evaluate(() => (globalThis as unknown as { document: { body: { dataset: Record<string, string> } } }).document.body.dataset.beforeReload)) === undefined;
    }, 60_000, 'the compare page is reloaded');
    await restored.locator('h1', { hasText: `at step ${AT}` }).waitFor({ timeout: 30_000 });
    assert.equal(await restored.locator('#step-input').inputValue(), String(AT));

    // "Latest" goes back to the latest values, unmarked.
    await restored.locator('#step-latest').click();
    await waitUntil(page, async () => !((await restored.locator('h1').textContent()) ?? '').includes('at step'), 15_000, 'the latest values are back');
    const latest = await compareCells(restored, 'loss');
    for (const name of RUNS) {
      const want = String(latestValue(name));
      assert.equal((await latest.get(name)?.textContent())?.trim(), want, `${name}'s latest loss`);
    }
  });

  test('the runs table at step 55: the rows\' values at N, marked, and the sort says it uses latest values', async () => {
    await workbench.runCommand('RunLens: Open Runs Table');
    await page.locator('.quick-input-widget .monaco-list-row:visible', { hasText: 'step-grids' }).waitFor({ timeout: 30_000 });
    await page.keyboard.type('step-grids');
    await page.keyboard.press('Enter');
    const frame = await webviewFrame(page, '.scroller .spacer', 60_000);
    await frame.locator('.status', { hasText: /^3 runs/u }).waitFor({ timeout: 30_000 });
    await chooseStep(frame, String(AT));
    const headers = frame.locator('.row.header .cell');
    await frame.locator('.row.header .cell', { hasText: `loss @${AT}` }).waitFor({ timeout: 15_000 });
    const lossColumn = (await headers.allTextContents()).findIndex((text) => text.startsWith(`loss @${AT}`));
    for (const name of RUNS) {
      const want = expectedCell(logged.histories[name].loss, AT);
      const row = frame.locator('.spacer .row', { has: frame.locator('.cell', { hasText: new RegExp(`^${name}$`, 'u') }) });
      const cell = row.locator('.cell').nth(lossColumn);
      await waitUntil(page, async () => (await cell.textContent()) === want.text, 15_000, `${name}'s loss reads "${want.text}" (it reads "${await cell.textContent().catch(() => '?')}")`);
      if (want.title) assert.equal(await cell.getAttribute('title'), want.title);
    }
    // Sorting by an at-step column: MLflow orders by the latest value, and the table says so.
    await frame.locator('.row.header .cell', { hasText: `loss @${AT}` }).click();
    await frame.locator('.status', { hasText: 'sorted by latest value' }).waitFor({ timeout: 15_000 });
    await workbench.runCommand('Notifications: Clear All Notifications').catch(() => undefined);
    await workbench.screenshot('runs-table-at-step');
  });
});
