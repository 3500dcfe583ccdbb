// Metric charts at scale: host shaping of 1M points to the pixel budget (goal < 100 ms), first
// paint of 20 runs × 100k points in headless Chromium (goal < 500 ms) and the size of one chart
// message (goal < 200 KB). Beside RunLens, on the same data and the same canvas size, each on its
// own fresh page: Chart.js drawing every point (decimation off) and Chart.js with its own
// decimation plugin on ('lttb' with one sample per pixel, and 'min-max'), the peer at its best.
// Run `npm run build` first (npm run bench:charts does). Smaller runs: BENCH_CHART_BIG,
// BENCH_CHART_RUNS, BENCH_CHART_PER_RUN.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { bucketBudget, packSeries, type ChartRun, type ChartsHostMessage, type PackedSeries } from '../src/shared/chartsProtocol.ts';
import { assignRunColors, MetricColumns, shapeSeries, sortedSeries, type XAxis } from '../src/shared/seriesShaping.ts';
import { repoRoot } from '../test/support/python.ts';
import { launchChromium, posted, writeChartsHarness, type PageGlobals } from '../test/ui/support/chartsPage.ts';
import { ratio } from './support/coldWarm.ts';

const BIG = Number(process.env.BENCH_CHART_BIG ?? 1_000_000);
const RUNS = Number(process.env.BENCH_CHART_RUNS ?? 20);
const PER_RUN = Number(process.env.BENCH_CHART_PER_RUN ?? 100_000);
const REPEATS = 7;
const CHART_JS_VERSION = (JSON.parse(readFileSync(path.join(repoRoot, 'node_modules', 'chart.js', 'package.json'), 'utf8')) as { version: string }).version;

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

/** A page with only Chart.js (the build RunLens bundles) and one canvas of the given CSS size. */
function writePeerHarness(folder: string, box: { width: number; height: number }): string {
  const chartJs = pathToFileURL(path.join(repoRoot, 'node_modules', 'chart.js', 'dist', 'chart.umd.min.js')).href;
  const html = `<!DOCTYPE html><html><head><meta charset="UTF-8"></head><body style="margin:0">
<div style="position:relative;width:${box.width}px;height:${box.height}px"><canvas id="c"></canvas></div><script src="${chartJs}"></script></body></html>`;
  const file = path.join(folder, 'peer.html');
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

/** How a Chart.js peer draws: every point, or its decimation plugin with one algorithm. */
type PeerMode = 'unshaped' | 'lttb' | 'min-max';
const PEERS: { mode: PeerMode; label: string }[] = [
  { mode: 'unshaped', label: 'Chart.js, decimation off' },
  { mode: 'lttb', label: 'Chart.js decimation lttb' },
  { mode: 'min-max', label: 'Chart.js decimation min-max' },
];

/** Hands the runs' y values to the peer page as Float64Arrays (decoded there before any clock starts). */
async function loadPeerData(page: Page, name: string, runs: MetricColumns[]): Promise<void> {
  const wire = runs.map((columns) => Buffer.from(columns.values.buffer, columns.values.byteOffset, columns.length * 8).toString('base64'));
  await page.evaluate(({ name, wire }) => {
    const bytes = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)).buffer;
    (globalThis as unknown as Record<string, unknown>)[name] = wire.map((b64) => new Float64Array(bytes(b64)));
  }, { name, wire });
}

/**
 * The peer's first paint of the data loaded as `name`, as RunLens's page paints: the chart already
 * exists (made empty, untimed) and data arrives. {x: step, y} objects are built before the clock
 * (parsing: false takes them as they are); timed: setting them, chart.update(), a frame passing.
 * Returns the ms and how many points the first dataset drew (fewer than it holds when decimation worked).
 */
async function paintPeer(page: Page, name: string, mode: PeerMode, samples: number): Promise<{ ms: number; drawn: number }> {
  return page.evaluate(async ({ name, mode, samples }) => {
    const { Chart, document, requestAnimationFrame } = globalThis as unknown as PageGlobals;
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    const decimation = mode === 'unshaped' ? { enabled: false } : { enabled: true, algorithm: mode, samples };
    const chart = new Chart(document.getElementById('c'), {
      type: 'line', data: { datasets: [] },
      options: { animation: false, responsive: true, maintainAspectRatio: false, parsing: false, normalized: true, spanGaps: true, indexAxis: 'x', plugins: { decimation, legend: { display: false } }, scales: { x: { type: 'linear' }, y: { type: 'linear' } } },
    }) as unknown as { destroy(): void; update(): void; data: { datasets: { data: unknown[] }[] } };
    await frame();
    const runs = (globalThis as unknown as Record<string, Float64Array[]>)[name];
    const datasets = runs.map((values, r) => ({
      data: Array.from(values, (y, i) => ({ x: i, y })), // history() logs step i at index i
      borderWidth: 1.5, pointRadius: 0, borderColor: `hsl(${(r * 47) % 360} 70% 55%)`,
    }));
    const start = performance.now();
    chart.data.datasets = datasets;
    chart.update();
    await frame();
    const ms = performance.now() - start;
    // The decimation plugin swaps each dataset's data for its decimated points.
    const drawn = chart.data.datasets[0].data.length;
    chart.destroy();
    return { ms, drawn };
  }, { name, mode, samples });
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
  const big = history(BIG, 1);
  const histories = runIds.map((_, i) => history(PER_RUN, i + 2));

  // 1. One run, 1M points: host shaping (x column, sort check, buckets, packing) to the chart's budget.
  const bigBuckets = bucketBudget(width, 1, false);
  const shapeTimes: number[] = [];
  let bigPacked: PackedSeries | undefined;
  for (let i = 0; i < REPEATS; i++) {
    const start = performance.now();
    bigPacked = shapeFor(big, runIds[0], 'step', bigBuckets);
    shapeTimes.push(performance.now() - start);
  }
  const bigMessage = { type: 'series', requestId: request.requestId, key: 'loss', xAxis: 'step', series: [bigPacked as PackedSeries] } satisfies ChartsHostMessage;
  const paint1M = await paintShaped(page, bigMessage);
  // The canvas box RunLens drew in; every peer page gets one of the same CSS size.
  const box = await page.evaluate(() => {
    const holder = (globalThis as unknown as PageGlobals).document.querySelector('.chart-canvas') as { clientWidth: number; clientHeight: number };
    return { width: holder.clientWidth, height: holder.clientHeight };
  });

  // 2. 20 runs × 100k points: host shaping of all 20, then the page's first paint.
  const buckets = bucketBudget(width, RUNS, false);
  const shape20Times: number[] = [];
  let series: PackedSeries[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const start = performance.now();
    series = histories.map((columns, r) => shapeFor(columns, runIds[r], 'step', buckets));
    shape20Times.push(performance.now() - start);
  }
  const message = { type: 'series', requestId: request.requestId, key: 'loss', xAxis: 'step', series } satisfies ChartsHostMessage;
  const paints: number[] = [];
  for (let i = 0; i < 3; i++) paints.push(await paintShaped(page, message));
  const paint20 = paints[0];
  const payload = payloadBytes(message);
  const rawPayload = JSON.stringify(Array.from({ length: PER_RUN }, (_, i) => ({ step: histories[0].steps[i], timestamp: histories[0].timestamps[i], value: histories[0].values[i] }))).length * RUNS;
  await page.close();

  // The peers: Chart.js alone, each mode on its own fresh page, 1M first then the 20 runs, as RunLens.
  const peers: { label: string; one: { ms: number; drawn: number }; many: { ms: number; drawn: number } }[] = [];
  for (const { mode, label } of PEERS) {
    const peer = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await peer.goto(writePeerHarness(folder, box));
    await loadPeerData(peer, 'big', [big]);
    await loadPeerData(peer, 'many', histories);
    const one = await paintPeer(peer, 'big', mode, width);
    const many = await paintPeer(peer, 'many', mode, width);
    peers.push({ label, one, many });
    await peer.close();
  }

  const oursCold1M = shapeTimes[0] + paint1M;
  const oursCold20 = shape20Times[0] + paint20;
  const row = (label: string, ms: number, drawn: string, ours?: number) =>
    `    ${label.padEnd(28)} ${ms.toFixed(1).padStart(9)} ms  ${drawn.padEnd(34)}${ours === undefined ? '' : ratio(ours, ms)}`;
  const perRun = (n: number) => `${n.toLocaleString('en-US')} points per run drawn`;

  console.log(`Legend (bench:charts)
  Contenders, each on its own fresh page in one headless Chromium, same data (one generator), same canvas
  (${box.width}×${box.height} CSS px, RunLens's chart box), same Chart.js ${CHART_JS_VERSION}:
    RunLens                     host shaping to ${width} px (buckets of first/last/min/max) + the Metric Charts page drawing them
    Chart.js, decimation off    every point
    Chart.js decimation lttb    its own plugin: algorithm 'lttb', samples ${width} (one per pixel); parsing: false,
                                normalized, linear x, {x, y} data: the peer at its best
    Chart.js decimation min-max its own plugin: algorithm 'min-max' (peaks kept, up to 4 points per pixel)
  COLD = first paint: the first time each page draws that data (one run of ${BIG.toLocaleString('en-US')} first, then ${RUNS} runs)
    into a chart it already made, ms from handing the data over until drawn and a frame passed. RunLens's cold
    adds its first host shaping of that data; the ratios compare that sum with each peer's first paint.
    Not timed for anyone: base64 decoding, building Chart.js's {x, y} objects.
  WARM = RunLens host shaping p50 of ${REPEATS} and its repaints: shown, not paired (the peers have no host side).
`);
  console.log(`Metric charts: chart ${width} px wide → ${bigBuckets} buckets for one run, ${buckets} per run for ${RUNS} runs (payload cap)`);
  console.log(`  one run × ${BIG.toLocaleString('en-US')} points, first paint (COLD):`);
  console.log(row('RunLens shaping + paint', oursCold1M, `${(bigPacked?.count ?? 0).toLocaleString('en-US')} buckets drawn`) + `(shaping ${ms(shapeTimes[0])} + page paint ${ms(paint1M)})`);
  for (const peer of peers) console.log(row(peer.label, peer.one.ms, perRun(peer.one.drawn), oursCold1M));
  console.log(`    WARM: host shaping p50 of ${REPEATS}: ${ms(median(shapeTimes))} (goal < 100 ms): ${verdict(median(shapeTimes) < 100)}`);
  console.log(`  ${RUNS} runs × ${PER_RUN.toLocaleString('en-US')} points, first paint (COLD):`);
  console.log(row('RunLens shaping + paint', oursCold20, `${(series[0]?.count ?? 0).toLocaleString('en-US')} buckets per run drawn`) + `(shaping ${ms(shape20Times[0])} + page paint ${ms(paint20)})`);
  for (const peer of peers) console.log(row(peer.label, peer.many.ms, perRun(peer.many.drawn), oursCold20));
  console.log(`    page paint (goal < 500 ms): ${verdict(paint20 < 500)}`);
  console.log(`    WARM: host shaping p50 of ${REPEATS}: ${ms(median(shape20Times))}; repaints ${paints.slice(1).map(ms).join(', ')}`);
  console.log(`  chart message for ${RUNS} runs:             ${kb(payload)} (goal < 200 KB): ${verdict(payload < 200 * 1024)}`);
  console.log(`    unshaped: the same points as JSON:     ${kb(rawPayload)} (${(rawPayload / payload).toFixed(0)}x larger)`);
} finally {
  await browser.close();
  rmSync(folder, { recursive: true, force: true });
}
