// Image panel first paint (issue 15): 10 runs × 20 steps of 256×256 images written by the real
// mlflow, drawn by the built page in headless Chromium fed by the real host code (ImagesSource
// over the local artifact repository). Lazy (the panel's way): the layout goes first, the page
// asks for what it shows, thumbnails first — timed from the host's first message to every visible
// cell showing its image (goal < 1 s). Naive: every image read at full size and sent before the
// first paint, timed from the start of the reads to the same moment. Same data, same run.
// Run `npm run build` first.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { Run } from '../src/shared/entities.ts';
import type { ImagesHostMessage, ImagesLayout } from '../src/shared/imagesProtocol.ts';
import { openStore, type OpenedStore } from '../src/store/openStore.ts';
import { readImage } from '../src/vscode/images/imageBytes.ts';
import { ImagesSource } from '../src/vscode/images/imagesSource.ts';
import { repoRoot, runPythonJson } from '../test/support/python.ts';
import { launchChromium } from '../test/ui/support/chartsPage.ts';
import { bridge, deliver, visibleImagesShown, writeImagesHarness } from './support/imagesPage.ts';

const RUNS = 10;
const STEPS = 20;
const SIZE = 256;
const REPEATS = 5;
const GOAL_MS = 1000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const ms = (value: number) => `${value.toFixed(0)} ms`;
const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

/** A fresh page wired to `source`; counts the bytes of image messages it was sent. */
async function openPage(browser: Awaited<ReturnType<typeof launchChromium>>, url: string, source: ImagesSource): Promise<{ page: Page; sent: () => number; post: (m: ImagesHostMessage) => Promise<void> }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  let bytes = 0;
  const post = async (message: ImagesHostMessage) => {
    if (message.type === 'image') bytes += message.dataUri?.length ?? 0;
    await deliver(page, message).catch(() => undefined);
  };
  let ready: () => void = () => undefined;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  await bridge(page, (message) => {
    if (message.type === 'ready') ready();
    else source.request(message.wanted, (answer) => void post(answer));
  });
  await page.goto(url);
  await isReady;
  return { page, sent: () => bytes, post };
}

/** The panel's way: layout first, then the cells in view ask for their thumbnails. */
async function lazyFirstPaint(browser: Awaited<ReturnType<typeof launchChromium>>, url: string, store: OpenedStore, runs: Run[]): Promise<{ layoutMs: number; paintMs: number; cells: number; bytes: number }> {
  const source = new ImagesSource((root) => store.artifacts(root));
  const { page, sent, post } = await openPage(browser, url, source);
  const walkStart = performance.now();
  const layout = await source.layout(runs);
  const layoutMs = performance.now() - walkStart;
  const start = performance.now();
  await post({ type: 'layout', ...layout });
  const cells = await visibleImagesShown(page);
  const paintMs = performance.now() - start;
  await page.close();
  return { layoutMs, paintMs, cells, bytes: sent() };
}

/** The naive way: every image of every run read at full size and sent, then the layout (no thumbnails to ask for). */
async function naiveFirstPaint(browser: Awaited<ReturnType<typeof launchChromium>>, url: string, store: OpenedStore, runs: Run[]): Promise<{ paintMs: number; cells: number; bytes: number }> {
  const source = new ImagesSource((root) => store.artifacts(root));
  const { page, sent, post } = await openPage(browser, url, source);
  const start = performance.now();
  const layout: ImagesLayout = await source.layout(runs);
  const full = { ...layout, grid: { ...layout.grid, stepKeys: layout.grid.stepKeys.map((k) => ({ ...k, cells: k.cells.map((list) => list.map((c) => ({ step: c.step, path: c.path, size: c.size }))) })) } };
  const reads = runs.flatMap((run, index) => {
    const repository = store.artifacts(run.info.artifactUri);
    const paths = [...full.grid.stepKeys.flatMap((k) => k.cells[index].map((c) => c.path)), ...full.grid.plainRows.flatMap((r) => (r.cells[index] ? [r.path] : []))];
    return paths.map((file) => ({ runId: run.info.runId, repository, file }));
  });
  await Promise.all(reads.map(async ({ runId, repository, file }) => {
    const image = await readImage(repository, file, undefined);
    if ('dataUri' in image) await post({ type: 'image', runId, path: file, dataUri: image.dataUri });
  }));
  await post({ type: 'layout', ...full });
  const cells = await visibleImagesShown(page);
  const paintMs = performance.now() - start;
  await page.close();
  return { paintMs, cells, bytes: sent() };
}

const folder = mkdtempSync(path.join(os.tmpdir(), 'runlens-bench-images-'));
let store: OpenedStore | undefined;
const browser = await launchChromium();
try {
  const { runs: ids } = await runPythonJson<{ runs: Record<string, string> }>(path.join(repoRoot, 'test', 'ui', 'py', 'log_image_steps.py'), [folder, String(RUNS), String(STEPS), String(SIZE)], {}, folder);
  store = await openStore(path.join(folder, 'mlflow.db'), folder);
  const opened = store;
  const runs = await Promise.all(Object.values(ids).map((id) => opened.tracking.getRun(id)));
  const url = writeImagesHarness(folder);
  // One unmeasured pass of each warms Chromium, the page bundle and the file cache alike.
  await lazyFirstPaint(browser, url, store, runs);
  await naiveFirstPaint(browser, url, store, runs);
  const lazy: Awaited<ReturnType<typeof lazyFirstPaint>>[] = [];
  const naive: Awaited<ReturnType<typeof naiveFirstPaint>>[] = [];
  for (let i = 0; i < REPEATS; i++) {
    lazy.push(await lazyFirstPaint(browser, url, store, runs));
    naive.push(await naiveFirstPaint(browser, url, store, runs));
  }
  const lazyPaint = median(lazy.map((r) => r.paintMs));
  const naivePaint = median(naive.map((r) => r.paintMs));
  console.log(`Image panel, ${RUNS} runs × ${STEPS} steps of ${SIZE}×${SIZE} PNGs (+ mlflow's thumbnails, 2 keys, 1 plain image each), median of ${REPEATS}:`);
  console.log(`  host layout (walk every run's artifacts, no bytes):               ${ms(median(lazy.map((r) => r.layoutMs)))}`);
  console.log(`  first paint, lazy thumbnails (layout message → visible cells shown): ${ms(lazyPaint)}  [${lazy[0].cells} cells in view, ${mb(median(lazy.map((r) => r.bytes)))} sent]  goal < ${GOAL_MS} ms: ${lazyPaint < GOAL_MS ? 'met' : 'missed'}`);
  console.log(`  lazy, walk included (command → visible cells shown):                ${ms(median(lazy.map((r) => r.layoutMs + r.paintMs)))}`);
  console.log(`  first paint, naive (walk + every image at full size, then paint):   ${ms(naivePaint)}  [${naive[0].cells} cells in view, ${mb(median(naive.map((r) => r.bytes)))} sent]`);
  console.log(`  naive / lazy: ${(naivePaint / lazyPaint).toFixed(1)}x`);
} finally {
  await browser.close();
  store?.close();
  rmSync(folder, { recursive: true, force: true });
}
