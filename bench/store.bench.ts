// npm run bench:store — our SQLite store beside its peers on this machine, in one run:
//  1. logBatch rate (1000-metric batches, 1M points) vs raw better-sqlite3 prepared inserts into the same table.
//  2. searchRuns over 100k runs (metric + param filter, metric order_by, page of 100) vs MLflow's SqlAlchemyStore.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/store/sqlite/driver.ts';
import { openSqliteStore } from '../src/store/sqlite/openSqliteStore.ts';
import { fillRuns, SEARCH_FILTER, SEARCH_ORDER_BY } from '../test/support/fillRuns.ts';
import { venvPython, repoRoot } from '../test/support/python.ts';

const POINTS = Number(process.env.BENCH_POINTS ?? 1_000_000);
const BATCH = 1000;
const RUNS = Number(process.env.BENCH_RUNS ?? 100_000);
const dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-bench-'));

function perSecond(count: number, ms: number): string {
  return `${Math.round((count / ms) * 1000).toLocaleString('en-US')}/s`;
}

async function logBatchRate(): Promise<void> {
  // Raw: the fastest a prepared INSERT into MLflow's metrics table goes, one transaction per 1000 rows.
  const rawStores = openSqliteStore(path.join(dir, 'raw.db'));
  const rawRun = await rawStores.tracking.createRun({ experimentId: '0' });
  rawStores.close();
  const raw = openDatabase(path.join(dir, 'raw.db'));
  const insert = raw.prepare('INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES (?, ?, ?, ?, ?, 0)');
  const insertBatch = raw.transaction((base: number) => {
    for (let i = 0; i < BATCH; i++) insert.run(`m${i % 10}`, Math.random(), base + i, rawRun.info.runId, base + i);
  });
  let start = performance.now();
  for (let base = 0; base < POINTS; base += BATCH) insertBatch(base);
  const rawMs = performance.now() - start;
  raw.close();

  const stores = openSqliteStore(path.join(dir, 'ours.db'));
  const run = await stores.tracking.createRun({ experimentId: '0' });
  start = performance.now();
  for (let base = 0; base < POINTS; base += BATCH) {
    const metrics = Array.from({ length: BATCH }, (_, i) => ({ key: `m${i % 10}`, value: Math.random(), timestamp: base + i, step: base + i }));
    await stores.tracking.logBatch(run.info.runId, { metrics });
  }
  const oursMs = performance.now() - start;
  stores.close();

  console.log(`logBatch, ${POINTS.toLocaleString('en-US')} points in ${BATCH}-metric batches`);
  console.log(`  raw better-sqlite3 insert: ${perSecond(POINTS, rawMs)} (${rawMs.toFixed(0)} ms)`);
  console.log(`  RunLens logBatch:          ${perSecond(POINTS, oursMs)} (${oursMs.toFixed(0)} ms)`);
  console.log(`  ratio ours/raw: ${((rawMs / oursMs) * 100).toFixed(1)} % (goal >= 60 %)`);
}

async function searchLatency(): Promise<void> {
  const file = path.join(dir, 'search.db');
  const stores = openSqliteStore(file);
  const experimentId = await stores.tracking.createExperiment('bench-100k');
  stores.close();
  const start = performance.now();
  fillRuns(file, experimentId, RUNS);
  console.log(`\nsearchRuns over ${RUNS.toLocaleString('en-US')} runs (filled in ${((performance.now() - start) / 1000).toFixed(1)} s)`);

  const filter = SEARCH_FILTER;
  const orderBy = SEARCH_ORDER_BY;
  const repeats = 15;
  const ours = openSqliteStore(file, { readonly: true });
  const query = { experimentIds: [experimentId], filter, orderBy: [orderBy], maxResults: 100 };
  // The first ask is answered by SQL; repeats (paging, re-sorting) come from the in-memory columns.
  let t = performance.now();
  await ours.tracking.searchRuns(query);
  const firstMs = performance.now() - t;
  const timings: number[] = [];
  let firstPage: string[] = [];
  for (let i = 0; i < repeats; i++) {
    t = performance.now();
    const page = await ours.tracking.searchRuns(query);
    timings.push(performance.now() - t);
    firstPage = page.items.map((r) => r.info.runId);
  }
  ours.close();
  timings.sort((a, b) => a - b);
  const oursP50 = timings[Math.floor(timings.length / 2)];

  // MLflow's store takes seconds per query here, so it gets fewer repeats.
  const output = execFileSync(venvPython(), [path.join(repoRoot, 'bench', 'py', 'search_runs_timing.py'), file, experimentId, filter, orderBy, '100', '3'], {
    encoding: 'utf8', env: { ...process.env, PYTHONWARNINGS: 'ignore' }, maxBuffer: 64 * 1024 * 1024,
  });
  const python = JSON.parse(output.trim().split('\n').pop() as string) as { p50_ms: number; run_ids: string[] };
  const samePage = JSON.stringify(python.run_ids) === JSON.stringify(firstPage);

  console.log(`  filter: ${filter}; order_by: ${orderBy}; page of 100; p50 of ${repeats} for RunLens, of 3 for MLflow`);
  console.log(`  RunLens SqliteTrackingStore:   ${oursP50.toFixed(1)} ms p50 (goal < 50 ms); first ask (SQL, then the cache is built on the second): ${firstMs.toFixed(1)} ms`);
  console.log(`  MLflow SqlAlchemyStore (3.18): ${python.p50_ms.toFixed(1)} ms`);
  console.log(`  ratio: ${(python.p50_ms / oursP50).toFixed(1)}x faster (goal >= 10x); same first page: ${samePage ? 'yes' : 'NO'}`);
}

try {
  await logBatchRate();
  await searchLatency();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
