// UI test in the real workbench (code-server + Chromium): two configs × three seeds of a loss
// curve logged by the real mlflow (one seed ragged, one still running). Grouped by the config
// param, the loss chart draws one mean line and band per config — values checked against numpy,
// the band's fill read back from the canvas pixels in the group's colour — switching min–max to
// ±1 std narrows it, live points of the running seed extend its group, and the choice survives a
// webview reload. Screenshot: test-results/chart-bands.png.
import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Frame, Locator, Page } from 'playwright-core';
import { repoRoot, runPythonJson } from '../support/python.ts';
import { backgroundRgb, pixelOf, pixelsOfColor, scalesOf } from './support/chartPixels.ts';
import { openWorkbench, type Workbench } from './support/workbench.ts';
import { clickRow, treeRow, viewPane, waitUntil, webviewFrame } from './support/workbenchDom.ts';

const LOSS_CHART = 'canvas[aria-label="Line chart of loss"]';
const SCRIPT = path.join(repoRoot, 'test', 'ui', 'py', 'log_seed_groups.py');
/** The band's fill alpha as the page paints it (groupBands.ts), to predict the blended colour. */
const FILL_ALPHA = 0.22;

interface NumpyBand { mean: number; std: number; min: number; max: number; count: number }
interface Fixture { runIds: Record<string, string>; bands: Record<'wide' | 'deep', Record<string, NumpyBand>> }
interface DrawnAggregate { step: number; mean: number; lower: number; upper: number; count: number }
interface DrawnBand { label: string; key: string; runs: number; kind: string; colorIndex: number; steps: number; binWidth: number; first: DrawnAggregate; last: DrawnAggregate }

let folder: string;
let workbench: Workbench;
let page: Page;
let fixture: Fixture;

const close = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) < 1e-5, `${what}: drawn ${actual}, numpy ${expected}`);

async function bandsOf(canvas: Locator): Promise<DrawnBand[] | undefined> {
  const text = await canvas.getAttribute('data-bands');
  return text ? (JSON.parse(text) as DrawnBand[]) : undefined;
}

async function waitForBands(canvas: Locator, what: string, holds: (bands: DrawnBand[]) => boolean): Promise<DrawnBand[]> {
  let bands: DrawnBand[] | undefined;
  await waitUntil(page, async () => {
    bands = await bandsOf(canvas);
    return bands !== undefined && holds(bands);
  }, 30_000, what);
  return bands as DrawnBand[];
}

function assertAgainstNumpy(drawn: DrawnAggregate, expected: NumpyBand, kind: 'minmax' | 'std', what: string): void {
  assert.equal(drawn.count, expected.count, `${what}: runs at step ${drawn.step}`);
  close(drawn.mean, expected.mean, `${what} mean`);
  close(drawn.lower, kind === 'minmax' ? expected.min : expected.mean - expected.std, `${what} lower`);
  close(drawn.upper, kind === 'minmax' ? expected.max : expected.mean + expected.std, `${what} upper`);
}

/** The editor background blended with the group's colour at the fill's alpha: what a band's inside looks like. */
async function fillColor(frame: Frame, swatch: Locator): Promise<number[]> {
  const color = await backgroundRgb(swatch);
  const background = await backgroundRgb(frame.locator('body'));
  return background.map((b, i) => Math.round(b + (color[i] - b) * FILL_ALPHA));
}

/** Fill-coloured pixels in a 2 px wide column at `step`, from `lower` to `upper`, and that span in pixels. */
async function fillInColumn(canvas: Locator, fill: number[], step: number, lower: number, upper: number): Promise<{ hits: number; span: number }> {
  const scales = await scalesOf(canvas);
  const top = pixelOf(scales, step, upper);
  const bottom = pixelOf(scales, step, lower);
  const span = bottom.y - top.y;
  const hits = await pixelsOfColor(canvas, { x: top.x, y: (top.y + bottom.y) / 2 }, fill, { x: 1, y: span / 2 + 6 }, 14);
  return { hits, span };
}

describe('aggregated curves in the metric charts, in the workbench', { timeout: 600_000 }, () => {
  before(async () => {
    folder = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'runlens-ui-bands-')));
    fixture = await runPythonJson<Fixture>(SCRIPT, [folder, 'create']);
    workbench = await openWorkbench({ folder, extensionDevelopmentPath: repoRoot });
    page = workbench.page;
    await workbench.showRunLens();
  });

  after(async () => {
    await workbench?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  test('grouped by config: one band per group, as numpy computes it; std narrows it; live points extend it', async () => {
    const experiment = treeRow(viewPane(page, 'Experiments'), 'seed-groups');
    await experiment.waitFor({ timeout: 60_000 });
    await clickRow(experiment);
    await workbench.runCommand('RunLens: Show Metric Charts');
    const frame = await webviewFrame(page, `${LOSS_CHART}[data-scales]`, 60_000);
    const canvas = frame.locator(LOSS_CHART);
    await waitUntil(page, async () => (await canvas.getAttribute('data-series')) === '6', 30_000, 'the chart holds the six runs');
    assert.equal(await bandsOf(canvas), undefined, 'ungrouped charts draw no band');
    assert.equal(await frame.locator('.legend .run').count(), 6);
    assert.equal(await frame.locator('select[aria-label="Band"]').isDisabled(), true);

    // Group by the config param.
    const groupBy = frame.locator('select[aria-label="Group runs by"]');
    const choices = await groupBy.locator('option').allTextContents();
    assert.deepEqual(choices.slice(0, 3), ['None', 'Param: config', 'Param: seed']);
    assert.ok(choices.includes('Tag: mlflow.runName'), `tags are offered too: ${choices.join(', ')}`);
    await groupBy.focus();
    await groupBy.selectOption('param:config');
    let bands = await waitForBands(canvas, 'the chart draws one band per config', (b) => b.length === 2);
    assert.deepEqual(bands.map((b) => [b.label, b.runs, b.kind, b.binWidth, b.steps]), [
      ['config=deep (3 runs)', 3, 'minmax', 0, 30],
      ['config=wide (3 runs)', 3, 'minmax', 0, 30],
    ]);
    assert.deepEqual(await frame.locator('.legend .run .name').allTextContents(), ['config=deep (3 runs)', 'config=wide (3 runs)']);
    for (const band of bands) {
      const config = band.label.startsWith('config=deep') ? 'deep' : 'wide';
      assertAgainstNumpy(band.first, fixture.bands[config]['0'], 'minmax', `${config} at step 0`);
      assertAgainstNumpy(band.last, fixture.bands[config]['29'], 'minmax', `${config} at step 29`);
    }
    // deep's third seed logs even steps only: its group's last step holds two runs.
    assert.equal(bands[0].last.count, 2);

    // Each band's inside is painted in its group's colour (over the background) from min to max.
    await workbench.runCommand('Notifications: Clear All Notifications').catch(() => undefined);
    const swatches = frame.locator('.legend .run .swatch');
    const fills = [await fillColor(frame, swatches.nth(0)), await fillColor(frame, swatches.nth(1))];
    assert.notDeepEqual(fills[0], fills[1], 'the groups have colours of their own');
    const minmaxColumns = [];
    for (const [i, config] of (['deep', 'wide'] as const).entries()) {
      const at = fixture.bands[config]['18'];
      const column = await fillInColumn(canvas, fills[i], 18, at.min, at.max);
      assert.ok(column.span > 8, `${config}: the min–max band is ${column.span} px tall`);
      assert.ok(column.hits >= column.span, `${config}: ${column.hits} fill pixels in a ${column.span} px tall band`);
      // The other group's fill is absent there: bands are drawn per group.
      assert.equal((await fillInColumn(canvas, fills[1 - i], 18, at.min, at.max)).hits, 0, `${config}: the other group's fill inside its band`);
      minmaxColumns.push(column);
    }
    await workbench.screenshot('chart-bands');

    // ±1 std: the values follow numpy's population std, and the painted band narrows.
    await frame.locator('select[aria-label="Band"]').selectOption('std');
    bands = await waitForBands(canvas, 'the bands switch to ±1 std', (b) => b.length === 2 && b.every((band) => band.kind === 'std'));
    for (const band of bands) {
      const config = band.label.startsWith('config=deep') ? 'deep' : 'wide';
      assertAgainstNumpy(band.first, fixture.bands[config]['0'], 'std', `${config} at step 0`);
      assertAgainstNumpy(band.last, fixture.bands[config]['29'], 'std', `${config} at step 29`);
    }
    for (const [i, config] of (['deep', 'wide'] as const).entries()) {
      const at = fixture.bands[config]['18'];
      const column = await fillInColumn(canvas, fills[i], 18, at.mean - at.std, at.mean + at.std);
      assert.ok(column.span < minmaxColumns[i].span, `${config}: the std band (${column.span} px) is narrower than the min–max one (${minmaxColumns[i].span} px)`);
      assert.ok(column.hits >= column.span * 0.8 && column.hits < minmaxColumns[i].hits, `${config}: ${column.hits} fill pixels for a ${column.span} px band (min–max: ${minmaxColumns[i].hits})`);
    }

    // The running wide seed logs five more steps: the wide band grows to step 34, held by that run alone.
    const logged = await runPythonJson<{ values: Record<string, number> }>(SCRIPT, [folder, 'extend', fixture.runIds['wide-seed0'], '30', '34']);
    bands = await waitForBands(canvas, 'the live points extend the wide band', (b) => b.length === 2 && b[1].last.step === 34);
    assert.deepEqual([bands[1].last.count, bands[1].steps], [1, 35]);
    close(bands[1].last.mean, logged.values['34'], 'wide at step 34 (one run)');
    close(bands[1].last.upper, bands[1].last.lower, 'a one-run band at step 34 has no width');

    // The choice is view state: a reloaded page comes back grouped, with the same band.
    await workbench.runCommand('Developer: Reload Webviews');
    let reloaded: Frame | undefined;
    await waitUntil(page, async () => {
      for (const candidate of page.frames()) {
        if (candidate === frame || candidate.isDetached()) continue;
        const text = await candidate.locator(`${LOSS_CHART}[data-bands]`).getAttribute('data-bands', { timeout: 500 }).catch(() => null);
        if (text && (JSON.parse(text) as DrawnBand[]).every((band) => band.kind === 'std')) reloaded = candidate;
      }
      return reloaded !== undefined;
    }, 60_000, 'the reloaded charts page draws the std bands again');
    const restored = reloaded as Frame;
    assert.equal(await restored.locator('select[aria-label="Group runs by"]').inputValue(), 'param:config');
    assert.equal(await restored.locator('select[aria-label="Band"]').inputValue(), 'std');

    // Back to None: a line per run again.
    const canvas2 = restored.locator(LOSS_CHART);
    await restored.locator('select[aria-label="Group runs by"]').selectOption('');
    await waitUntil(page, async () => (await bandsOf(canvas2)) === undefined, 15_000, 'ungrouping removes the bands');
    assert.equal(await canvas2.getAttribute('data-series'), '6');
    assert.equal(await restored.locator('.legend .run').count(), 6);
  });
});
