// Parameter importance over 10k runs × 20 params (issue 15, goal < 2 s), beside the naive way in
// the same run: ml-random-forest's default forest (50 unlimited trees on every run, OOB on) fitted
// on the calling thread. The naive fit grows about quadratically with the runs (every row is a
// split candidate, each rescanning the node), so it is measured at 250 and 500 runs and its
// 10k time extrapolated from that growth — printed as an extrapolation, not a measurement.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { RandomForestRegression } from 'ml-random-forest';
import { importanceOffThread } from '../src/importance/importanceWorker.ts';
import { encodeParams, type ImportanceRun } from '../src/shared/paramEncoding.ts';
import { paramKeysOf } from '../src/importance/parameterImportance.ts';

const RUNS = 10_000;
const PARAMS = 20;
const CATEGORICAL = 6;
const GOAL_MS = 2000;

/** A sweep where p3 and the categorical c0 drive the metric and everything else is noise. */
function sweep(count: number): ImportanceRun[] {
  let state = 20_261_205;
  const random = () => ((state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32);
  const words = ['adam', 'sgd', 'rmsprop', 'adagrad', 'lion'];
  return Array.from({ length: count }, (_, i) => {
    const params: Record<string, string> = {};
    for (let p = 0; p < PARAMS - CATEGORICAL; p++) params[`p${p}`] = String(Math.round(random() * 1000) / 1000);
    for (let c = 0; c < CATEGORICAL; c++) params[`c${c}`] = words[Math.floor(random() * words.length)];
    const metric = 2 * Number(params.p3) + (params.c0 === 'sgd' ? 0.8 : 0) + 0.2 * random();
    return { runId: `run${i}`, name: `run ${i}`, params, metrics: { loss: metric } };
  });
}

function naiveFit(runs: ImportanceRun[]): number {
  const { rows } = encodeParams(runs, paramKeysOf(runs));
  const started = performance.now();
  const forest = new RandomForestRegression({});
  forest.train(rows, runs.map((r) => r.metrics.loss));
  (forest as unknown as { featureImportance(): number[] }).featureImportance();
  return performance.now() - started;
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const runs = sweep(RUNS);

// RunLens: the worker (started, fed in slices, fitted, ended), timed from the call to the answer,
// with the calling thread's longest stall meanwhile.
const stalls = monitorEventLoopDelay({ resolution: 1 });
stalls.enable();
const started = performance.now();
const result = await importanceOffThread(runs, 'loss');
const elapsed = performance.now() - started;
stalls.disable();
const top = result.params.slice(0, 3).map((p) => `${p.param} ${p.importance.toFixed(2)}`).join(', ');

const small = naiveFit(sweep(250));
const medium = naiveFit(sweep(500));
const growth = Math.log2(medium / small);
const extrapolated = medium * (RUNS / 500) ** growth;

console.log(`Parameter importance, ${RUNS} runs × ${PARAMS} params (${CATEGORICAL} categorical), goal < ${s(GOAL_MS)}`);
console.log(`  RunLens (worker thread, tuned forest):     ${s(elapsed)}  ${elapsed < GOAL_MS ? 'goal met' : 'goal missed'}; calling thread's longest stall ${(stalls.max / 1e6).toFixed(1)} ms; top: ${top}`);
console.log(`  naive (library defaults, calling thread):  250 runs ${s(small)}, 500 runs ${s(medium)} (measured); growth ×${(2 ** growth).toFixed(1)} per doubling`);
console.log(`                                             ${RUNS} runs ≈ ${s(extrapolated)} (extrapolated, not run), the calling thread blocked throughout`);
console.log(`  ratio at ${RUNS} runs: naive ≈ ${(extrapolated / elapsed).toFixed(0)}× RunLens`);
