// UI test of the built Metric Charts page in headless Chromium (no VS Code: the page gets host
// messages through a stand-in webview API, answered with the host's own shaping code).
// A single spike in 1,000,000 points must be painted in the run's colour at full range and at
// every zoom level; a metric each run logged once is drawn as bars; the footer follows live
// points and zoom; an experiment's charts say "N of M runs" and let the user change N.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { bucketBudget, packSeries, type ChartRun, type ChartsPageMessage, type PackedSeries } from '../../src/shared/chartsProtocol.ts';
import { MetricColumns, shapeSeries, sortedSeries, type SortedSeries } from '../../src/shared/seriesShaping.ts';
import { assertSpikeDrawn, backgroundRgb, dragAcross } from './support/chartPixels.ts';
import { deliver, launchChromium, posted, postedCount, writeChartsHarness, type PageGlobals } from './support/chartsPage.ts';

type RangeRequest = Extract<ChartsPageMessage, { type: 'requestRange' }>;

const T0 = 1_768_467_600_000;
let folder: string;
let browser: Browser;

function run(index: number, name: string): ChartRun {
  return { runId: `${String(index).repeat(32)}`.slice(0, 32), name, experimentName: 'sweep', status: 'FINISHED', colorIndex: index };
}

async function openPage(runs: ChartRun[], keys: string[]): Promise<{ page: Page; request: RangeRequest }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(writeChartsHarness(folder));
  await posted(page, 'ready');
  await deliver(page, { type: 'init', runs, keys, remote: false });
  return { page, request: await posted(page, 'requestRange') };
}

/** Answers a range request as the host does: each series shaped to the chart's pixel budget. */
async function answer(page: Page, request: RangeRequest, series: Map<string, SortedSeries>): Promise<PackedSeries[]> {
  const buckets = bucketBudget(request.pixelWidth, series.size, false);
  const packed = [...series].map(([runId, sorted]) => packSeries(runId, request.keys[0], shapeSeries(sorted, { buckets, min: request.min, max: request.max }), false));
  const before = await page.evaluate(() => Number((globalThis as unknown as PageGlobals).document.body.dataset.rendered ?? 0));
  await deliver(page, { type: 'series', requestId: request.requestId, key: request.keys[0], xAxis: 'step', ...(request.min === undefined ? {} : { range: { min: request.min, max: request.max ?? request.min } }), series: packed });
  await page.waitForFunction((n) => Number((globalThis as unknown as PageGlobals).document.body.dataset.rendered ?? 0) > n, before);
  return packed;
}

function sorted(points: { step: number; value: number }[]): SortedSeries {
  return sortedSeries(MetricColumns.from(points.map((p) => ({ ...p, timestamp: T0 + p.step }))), 'step', T0);
}

const lineCanvas = (page: Page) => page.locator('.chart-card canvas').first();
const runColor = (page: Page, index: number) => backgroundRgb(page.locator('.legend .swatch').nth(index));

/** Drags across the first chart from step `from` to step `to`; returns the page's new request. */
async function dragZoom(page: Page, from: number, to: number): Promise<RangeRequest> {
  const before = await postedCount(page, 'requestRange');
  await dragAcross(page, lineCanvas(page), from, to);
  return posted(page, 'requestRange', before);
}

function footer(page: Page): Promise<string> {
  return page.locator('.chart-card .chart-note').first().innerText();
}

describe('Metric Charts page in Chromium', { timeout: 180_000 }, () => {
  before(async () => {
    folder = mkdtempSync(path.join(os.tmpdir(), 'runlens-ui-charts-'));
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  test("the page draws, zooms and shows its legend under the webviews' CSP (no 'unsafe-inline') without a violation", async () => {
    const { page, request } = await openPage([run(1, 'a'), run(2, 'b')], ['loss']);
    try {
      const points = Array.from({ length: 500 }, (_, step) => ({ step, value: Math.sin(step / 20) }));
      await answer(page, request, new Map([[run(1, 'a').runId, sorted(points)], [run(2, 'b').runId, sorted(points.map((p) => ({ ...p, value: p.value + 1 })))]]));
      await dragZoom(page, 100, 300);
      assert.notDeepEqual(await runColor(page, 0), await runColor(page, 1), 'legend swatches are coloured through the CSSOM');
      assert.deepEqual(await page.evaluate(() => (globalThis as unknown as PageGlobals).__cspViolations), []);
      // The policy is live: a style attribute written as markup is refused and recorded.
      await page.evaluate(() => {
        const doc = (globalThis as unknown as { document: { body: { insertAdjacentHTML(where: string, html: string): void } } }).document;
        doc.body.insertAdjacentHTML('beforeend', '<div style="color: red">x</div>');
      });
      await page.waitForFunction(() => (globalThis as unknown as PageGlobals).__cspViolations.length > 0, undefined, { timeout: 5_000 });
      assert.match((await page.evaluate(() => (globalThis as unknown as PageGlobals).__cspViolations))[0], /^style-src/u);
    } finally {
      await page.close();
    }
  });

  test('one spike in 1,000,000 points shows in the run colour at full range and zoomed', async () => {
    const POINTS = 1_000_000;
    const SPIKE_STEP = 731_230;
    const columns = new MetricColumns(POINTS);
    // A smooth, slightly noisy loss; the spike is the only point above 1.3.
    const base = (i: number) => 0.2 + Math.exp(-i / 200_000) + 0.02 * Math.sin(i * 0.7);
    for (let i = 0; i < POINTS; i++) columns.push(i, T0 + i, base(i) + (i === SPIKE_STEP ? 1.5 : 0));
    const spikeValue = Math.fround(base(SPIKE_STEP) + 1.5);
    const loss = new Map([[run(0, 'long-run').runId, sortedSeries(columns, 'step', T0)]]);
    const { page, request } = await openPage([run(0, 'long-run')], ['loss']);
    try {
      const color = await runColor(page, 0);
      const zooms: [number, number, number][] = [[0, 0, 0], [SPIKE_STEP - 50_000, SPIKE_STEP + 50_000, 100_000], [SPIKE_STEP - 1_200, SPIKE_STEP + 1_200, 2_400], [SPIKE_STEP - 45, SPIKE_STEP + 45, 90]];
      let pending = request;
      for (const [from, to, expected] of zooms) {
        if (expected > 0) pending = await dragZoom(page, from, to);
        const [packed] = await answer(page, pending, loss);
        if (expected > 0) assert.ok(Math.abs(packed.points - expected) < expected * 0.15, `zoomed to ${packed.points} points, wanted about ${expected}`);
        else assert.equal(packed.points, POINTS);
        await assertSpikeDrawn(lineCanvas(page), { step: SPIKE_STEP, value: spikeValue, below: base(SPIKE_STEP) }, color, `${packed.points} points in view, ${packed.count} buckets`);
      }
    } finally {
      await page.close();
    }
  });

  test('a metric each run logged once is a bar per run, lines once a run logs more', async () => {
    const runs = [run(0, 'sweep-a'), run(1, 'sweep-b'), run(2, 'sweep-c')];
    const accuracy = new Map(runs.map((r, i) => [r.runId, sorted([{ step: 0, value: 0.8 + 0.05 * i }])]));
    const { page, request } = await openPage(runs, ['test_accuracy']);
    try {
      await answer(page, request, accuracy);
      const card = page.locator('.chart-card').first();
      assert.equal(await card.getAttribute('data-kind'), 'bar');
      const bars = card.locator('canvas[data-bars]');
      assert.equal(await bars.getAttribute('data-bars'), '3');
      assert.deepEqual(JSON.parse((await bars.getAttribute('data-labels')) ?? '[]'), ['sweep-a', 'sweep-b', 'sweep-c']);
      assert.equal(await footer(page), '3 runs, at most one value each');
      // Each bar is painted in its run's colour.
      const box = await bars.boundingBox();
      assert.ok(box && box.width > 100);
      for (let i = 0; i < runs.length; i++) {
        const rgb = await runColor(page, i);
        const found = await bars.evaluate((canvas, rgb) => {
          const c = canvas as unknown as { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
          const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
          for (let p = 0; p < data.length; p += 4) if (Math.abs(data[p] - rgb[0]) <= 8 && Math.abs(data[p + 1] - rgb[1]) <= 8 && Math.abs(data[p + 2] - rgb[2]) <= 8) return true;
          return false;
        }, rgb);
        assert.ok(found, `no bar in the colour of ${runs[i].name}`);
      }

      // sweep-a turns out to be a live run logging every step: its chart becomes lines.
      await deliver(page, { type: 'append', xAxis: 'step', series: [{ runId: runs[0].runId, key: 'test_accuracy', points: Array.from({ length: 15 }, (_, i) => ({ x: i + 1, step: i + 1, value: 0.8 + i / 100 })) }] });
      await page.waitForFunction(() => (globalThis as unknown as { document: { querySelector(s: string): { dataset: { kind?: string } } } }).document.querySelector('.chart-card').dataset.kind === 'line');
      assert.equal(await footer(page), '18 points');
    } finally {
      await page.close();
    }
  });

  test('the footer counts the points drawn, through live appends and zoom', async () => {
    const live = run(3, 'live-run');
    const points = Array.from({ length: 1 }, (_, i) => ({ step: i, value: 1 }));
    const series = new Map([[live.runId, sorted(points)], [run(4, 'other').runId, sorted(Array.from({ length: 99 }, (_, i) => ({ step: i, value: 2 - i / 100 })))]]);
    const { page, request } = await openPage([live, run(4, 'other')], ['loss']);
    try {
      await answer(page, request, series);
      assert.equal(await footer(page), '100 points');
      await deliver(page, { type: 'append', xAxis: 'step', series: [{ runId: live.runId, key: 'loss', points: Array.from({ length: 15 }, (_, i) => ({ x: i + 1, step: i + 1, value: 1 / (i + 2) })) }] });
      await page.waitForFunction(() => /^115 points/u.test((globalThis as unknown as { document: { querySelector(s: string): { textContent: string } } }).document.querySelector('.chart-card .chart-note').textContent));
      const zoomed = await dragZoom(page, 10, 30);
      const packed = await answer(page, zoomed, series);
      const inRange = packed.reduce((n, s) => n + s.points, 0);
      assert.ok(inRange < 100, `${inRange} points in the zoomed range`);
      assert.equal(await footer(page), `${inRange} points`);
    } finally {
      await page.close();
    }
  });

  test("an experiment's charts say how many of its runs they show, and the count can be changed", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      await page.goto(writeChartsHarness(folder));
      await posted(page, 'ready');
      const runs = Array.from({ length: 10 }, (_, i) => run(i % 10, `sweep-${i}`));
      const source = { experimentIds: ['1'], filter: 'metrics.acc > 0.5', orderBy: 'metrics.acc DESC', showDeleted: false, limit: 10 };
      await deliver(page, { type: 'init', runs, keys: ['acc'], remote: false, selection: { source, shown: 10, total: 300 } });
      const bar = page.locator('.selection');
      assert.equal((await bar.textContent())?.replace(/\s+/gu, ' '), 'Runs 10 shown of 300 runs · filter: metrics.acc > 0.5 · sorted by metrics.acc DESC');
      const count = page.getByLabel('Runs to chart');
      assert.equal(await count.inputValue(), '10');
      // Keyboard: type a new count and commit it.
      await count.fill('25');
      await count.press('Enter');
      assert.deepEqual(await posted(page, 'setRunLimit'), { type: 'setRunLimit', limit: 25 });
      // Out of range: nothing is asked, the page says why.
      await count.fill('1000');
      await count.press('Enter');
      await page.locator('.status', { hasText: 'Chart between 1 and 100 runs.' }).waitFor({ timeout: 5_000 });
      assert.equal(await postedCount(page, 'setRunLimit'), 1);
    } finally {
      await page.close();
    }
  });
});
