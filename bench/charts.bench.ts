// Metric charts at scale: host shaping of 1M points to the pixel budget (goal < 100 ms), first
// paint of 20 runs × 100k points in headless Chromium (goal < 500 ms) and the size of one chart
// message (goal < 200 KB), each beside the same data drawn unshaped by Chart.js (decimation off)
// in the same run. Run `npm run build` first (npm run bench:charts does).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { bucketBudget, packSeries, type ChartRun, type ChartsHostMessage, type PackedSeries } from '../src/shared/chartsProtocol.ts';
import { assignRunColors, MetricColumns, shapeSeries, sortedSeries, type XAxis } from '../src/shared/seriesShaping.ts';
import { repoRoot } from '../test/support/python.ts';
import { launchChromium, posted, writeChartsHarness, type PageGlobals } from '../test/ui/support/chartsPage.ts';

const BIG = 1_000_000;
const RUNS = 20;
const PER_RUN = 100_000;
const REPEATS = 7;

/** A training-like loss curve with noise and rare spikes, as the store would hold it. */
function history(points: number, seed: number): MetricColumns {
  const columns = new MetricColumns(points);
  let state = seed * 7919 + 1;
  const random = () => ((state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
  for (let i = 0; i < points; i++) {
    const spike = random() < 1e-4 ? 5 : 0;
    columns.push(i, 1_768_467_600_000 + i * 250, 2 * Math.exp(-i / (points / 5)) + 0.1 * random() + spike + seed * 0.01);
  }
  return columns;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function shapeFor(columns: MetricColumns, runId: string, axis: XAxis, buckets: number): PackedSeries {
  const shaped = shapeSeries(sortedSeries(columns, axis, columns.timestamps[0]), { buckets });
  return packSeries(runId, 'loss', shaped, axis !== 'step');
}

function payloadBytes(message: Extract<ChartsHostMessage, { type: 'series' }>): number {
  const binary = message.series.reduce((n, s) => n + s.data.byteLength, 0);
  const json = JSON.stringify({ ...message, series: message.series.map((s) => ({ ...s, data: null })) }).length;
  return binary + json;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const verdict = (ok: boolean) => (ok ? 'goal met' : 'goal missed');

function writeRawHarness(folder: string): string {
  const chartJs = pathToFileURL(path.join(repoRoot, 'node_modules', 'chart.js', 'dist', 'chart.umd.min.js')).href;
  const html = `<!DOCTYPE html><html><head><meta charset="UTF-8"></head><body style="margin:0">
<div style="position:relative;width:1240px;height:280px"><canvas id="c"></canvas></div><script src="${chartJs}"></script></body></html>`;
  const file = path.join(folder, 'raw.html');
  writeFileSync(file, html);
  return pathToFileURL(file).href;
}

/** Delivers a series message (buffers as base64, decoded before the clock starts); ms until drawn and a frame passed. */
async function paintShaped(page: Page, message: Extract<ChartsHostMessage, { type: 'series' }>): Promise<number> {
  const wire = { ...message, series: message.series.map((s) => ({ ...s, data: Buffer.from(s.data).toString('base64') })) };
  return page.evaluate(async (m) => {
    const { document, MessageEvent, requestAnimationFrame } = globalThis as unknown as PageGlobals;
    const dispatch = (event: unknown) => (globalThis as unknown as PageGlobals).dispatchEvent(event);
    const series = m.series.map((s) => ({ ...s, data: Uint8Array.from(atob(s.data), (c) => c.charCodeAt(0)).buffer }));
    const before = Number(document.body.dataset.rendered ?? 0);
    const start = performance.now();
    dispatch(new MessageEvent('message', { data: { ...m, series } }));
    if (Number(document.body.dataset.rendered ?? 0) <= before) throw new Error('the page did not render the series');
    await new Promise((resolve) => requestAnimationFrame(resolve));
    return performance.now() - start;
  }, wire);
}

/** Chart.js drawing `runs` × `points` unshaped points (decimation off), ms until drawn and a frame passed. */
async function paintRaw(page: Page, runs: number, points: number): Promise<number> {
  return page.evaluate(async ({ runs, points }) => {
    const { Chart, document, requestAnimationFrame } = globalThis as unknown as PageGlobals;
    const datasets = Array.from({ length: runs }, (_, r) => ({
      data: Array.from({ length: points }, (_, i) => ({ x: i, y: 2 * Math.exp(-i / (points / 5)) + 0.1 * Math.random() + r * 0.01 })),
      borderWidth: 1.5, pointRadius: 0, borderColor: `hsl(${(r * 47) % 360} 70% 55%)`,
    }));
    const canvas = document.getElementById('c');
    const start = performance.now();
    const chart = new Chart(canvas, {
      type: 'line', data: { datasets },
      options: { animation: false, responsive: true, maintainAspectRatio: false, parsing: false, normalized: true, plugins: { decimation: { enabled: false }, legend: { display: false } }, scales: { x: { type: 'linear' } } },
    });
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const elapsed = performance.now() - start;
    chart.destroy();
    return elapsed;
  }, { runs, points });
}

const folder = mkdtempSync(path.join(os.tmpdir(), 'runlens-bench-charts-'));
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(writeChartsHarness(folder));
  await posted(page, 'ready');
  const runIds = Array.from({ length: RUNS }, (_, i) => `run${String(i).padStart(2, '0')}${'0'.repeat(26)}`);
  const colors = assignRunColors(runIds);
  const runs: ChartRun[] = runIds.map((runId, i) => ({ runId, name: `run-${i}`, experimentName: 'bench', status: 'FINISHED', colorIndex: colors.get(runId) ?? 0 }));
  await page.evaluate((m) => {
    const { MessageEvent } = globalThis as unknown as PageGlobals;
    (globalThis as unknown as PageGlobals).dispatchEvent(new MessageEvent('message', { data: m }));
  }, { type: 'init', runs, keys: ['loss'], remote: false } satisfies ChartsHostMessage);
  const request = await posted(page, 'requestRange');
  if (request.type !== 'requestRange') throw new Error('no range request');
  const width = request.pixelWidth;

  // 1. One run, 1M points: host shaping (x column, sort check, buckets, packing) to the chart's budget.
  const big = history(BIG, 1);
  const bigBuckets = bucketBudget(width, 1, false);
  const shapeTimes: number[] = [];
  let bigPacked: PackedSeries | undefined;
  for (let i = 0; i < REPEATS; i++) {
    const start = performance.now();
    bigPacked = shapeFor(big, runIds[0], 'step', bigBuckets);
    shapeTimes.push(performance.now() - start);
  }
  const shape1M = median(shapeTimes);
  const bigMessage = { type: 'series', requestId: request.requestId, key: 'loss', xAxis: 'step', series: [bigPacked as PackedSeries] } satisfies ChartsHostMessage;
  const paint1M = await paintShaped(page, bigMessage);

  // 2. 20 runs × 100k points: host shaping of all 20, then the page's first paint.
  const histories = runIds.map((_, i) => history(PER_RUN, i + 2));
  const buckets = bucketBudget(width, RUNS, false);
  const shape20Times: number[] = [];
  let series: PackedSeries[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const start = performance.now();
    series = histories.map((columns, r) => shapeFor(columns, runIds[r], 'step', buckets));
    shape20Times.push(performance.now() - start);
  }
  const shape20 = median(shape20Times);
  const message = { type: 'series', requestId: request.requestId, key: 'loss', xAxis: 'step', series } satisfies ChartsHostMessage;
  const paints: number[] = [];
  for (let i = 0; i < 3; i++) paints.push(await paintShaped(page, message));
  const paint20 = paints[0];
  const payload = payloadBytes(message);
  const rawPayload = JSON.stringify(Array.from({ length: PER_RUN }, (_, i) => ({ step: histories[0].steps[i], timestamp: histories[0].timestamps[i], value: histories[0].values[i] }))).length * RUNS;

  // The unshaped peers: Chart.js drawing every point, decimation off, in the same browser.
  const raw = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await raw.goto(writeRawHarness(folder));
  const raw1M = await paintRaw(raw, 1, BIG);
  const raw20 = await paintRaw(raw, RUNS, PER_RUN);

  console.log(`Metric charts: chart ${width} px wide → ${bigBuckets} buckets for one run, ${buckets} per run for ${RUNS} runs (payload cap)`);
  console.log(`  host shaping of 1M points:             ${ms(shape1M)} p50 of ${REPEATS} (goal < 100 ms): ${verdict(shape1M < 100)}; page paint ${ms(paint1M)}`);
  console.log(`    unshaped: Chart.js drawing 1M points: ${ms(raw1M)} (${(raw1M / (shape1M + paint1M)).toFixed(0)}x slower than shape + paint)`);
  console.log(`  first paint of ${RUNS} runs × 100k points:  ${ms(paint20)} in the page (goal < 500 ms): ${verdict(paint20 < 500)}; host shaping ${ms(shape20)} p50; total ${ms(paint20 + shape20)}; repaints ${paints.slice(1).map(ms).join(', ')}`);
  console.log(`    unshaped: Chart.js drawing 2M points: ${ms(raw20)} (${(raw20 / (paint20 + shape20)).toFixed(0)}x slower than shape + paint)`);
  console.log(`  chart message for ${RUNS} runs:             ${kb(payload)} (goal < 200 KB): ${verdict(payload < 200 * 1024)}`);
  console.log(`    unshaped: the same points as JSON:     ${kb(rawPayload)} (${(rawPayload / payload).toFixed(0)}x larger)`);
} finally {
  await browser.close();
  rmSync(folder, { recursive: true, force: true });
}
