// npm run bench:store — our SQLite store beside its peers on this machine, in one run:
//  1. logBatch rate (1000-metric batches, 1M points) vs raw better-sqlite3 prepared inserts into the same table.
//  2. searchRuns over 100k runs (metric + param filter, metric order_by, page of 100) vs MLflow's
//     SqlAlchemyStore: each side in its own fresh process (bench/support/searchRunsTiming.ts and
//     bench/py/search_runs_timing.py, same arguments), cold first ask beside cold first ask, then
//     the same number of warm repeats beside each other.
// Smaller runs: BENCH_POINTS, BENCH_RUNS, BENCH_REPEATS.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/store/sqlite/driver.ts';
import { openSqliteStore } from '../src/store/sqlite/openSqliteStore.ts';
import { fillRuns, SEARCH_FILTER, SEARCH_ORDER_BY } from '../test/support/fillRuns.ts';
import { venvPython, repoRoot } from '../test/support/python.ts';
import { p50, printColdWarm, warmPageCache, type ColdWarm } from './support/coldWarm.ts';

const POINTS = Number(process.env.BENCH_POINTS ?? 1_000_000);
const BATCH = 1000;
const RUNS = Number(process.env.BENCH_RUNS ?? 100_000);
// The same number of timed repeats for both sides (odd, so p50 is one measured ask).
const REPEATS = Number(process.env.BENCH_REPEATS ?? 11);
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

/** One side's search timings from a fresh process (the RunLens twin or MLflow's script), after an untimed read of the file. */
function timedInFreshProcess(command: string, args: string[], file: string): ColdWarm {
  warmPageCache(file);
  const output = execFileSync(command, args, { encoding: 'utf8', env: { ...process.env, PYTHONWARNINGS: 'ignore' }, maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(output.trim().split('\n').pop() as string) as ColdWarm;
}

async function searchLatency(): Promise<void> {
  const file = path.join(dir, 'search.db');
  const stores = openSqliteStore(file);
  const experimentId = await stores.tracking.createExperiment('bench-100k');
  stores.close();
  const start = performance.now();
  fillRuns(file, experimentId, RUNS);
  console.log(`\nsearchRuns over ${RUNS.toLocaleString('en-US')} runs (filled in ${((performance.now() - start) / 1000).toFixed(1)} s)`);
  console.log(`  filter: ${SEARCH_FILTER}; order_by: ${SEARCH_ORDER_BY}; page of 100`);

  const args = [file, experimentId, SEARCH_FILTER, SEARCH_ORDER_BY, '100', String(REPEATS)];
  const ours = timedInFreshProcess(process.execPath, ['--disable-warning=ExperimentalWarning', path.join(repoRoot, 'bench', 'support', 'searchRunsTiming.ts'), ...args], file);
  const mlflow = timedInFreshProcess(venvPython(), [path.join(repoRoot, 'bench', 'py', 'search_runs_timing.py'), ...args], file);
  const pages = [ours.first_run_ids, ours.run_ids, mlflow.first_run_ids, mlflow.run_ids].map((ids) => JSON.stringify(ids));
  const samePage = pages.every((page) => page === pages[0]);

  printColdWarm(ours, mlflow, { construct: 'open the store', first: 'first ask' });
  const warmP50 = p50(ours.warm_ms);
  console.log(`  goals: warm p50 < 50 ms: ${warmP50 < 50 ? 'met' : 'missed'}; warm p50 ratio >= 10x: ${p50(mlflow.warm_ms) / warmP50 >= 10 ? 'met' : 'missed'}`);
  console.log(`  same first page (both sides, cold and warm): ${samePage ? 'yes' : 'NO'}`);
}

console.log(`Legend (bench:store)
  logBatch: one timed pass per side in this process, after the same table set-up; no cold/warm pairing.
  search COLD: each side in a fresh process, timed after its imports: RunLens = node + openSqliteStore (read-only),
    MLflow 3.18 = python + SqlAlchemyStore. Opening the store is timed and shown apart; the FIRST ASK (empty
    caches) is what the cold ratio compares. OS page cache: one untimed read of the whole .db right before
    each side's process, so both start with the file cached.
  search WARM: the ${REPEATS} asks right after the first, in that same process, ${REPEATS} for each side; p50 and min.
    (RunLens's second ask builds its in-memory columns; that ask is one of the ${REPEATS}.)
`);
try {
  await logBatchRate();
  await searchLatency();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
