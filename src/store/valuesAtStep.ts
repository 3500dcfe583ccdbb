// "Metrics at a step" read through any tracking store: for each run and key, the point at step N
// or the nearest earlier step. It rides on get-history-bulk-interval (up to 100 runs per call,
// steps bounded to ≤ N), so a page of runs costs one call per key, not one per run and key.
import { valueAtStep, type ValueAtStep } from '../shared/metricAtStep.ts';
import type { RunMetric } from '../shared/entities.ts';
import { MAX_RUNS_PER_BULK_INTERVAL } from './bulkIntervalQuery.ts';
import type { StoreCallOptions, TrackingStore } from './trackingStore.ts';

/** Points asked per run and call: enough for common grids, small enough to cross threads cheaply. */
export const POINTS_PER_RUN = 100;
/** The lowest step a query starts from (MLflow steps are int64; JS numbers are exact to 2^53). */
const LOWEST_STEP = Number.MIN_SAFE_INTEGER;

/** Run id → metric key → its value at the step (keys with nothing at or before the step are absent). */
export type ValuesAtStep = Map<string, Map<string, ValueAtStep>>;

function byRun(points: readonly RunMetric[]): Map<string, RunMetric[]> {
  const runs = new Map<string, RunMetric[]>();
  for (const point of points) {
    let list = runs.get(point.runId);
    if (!list) runs.set(point.runId, (list = []));
    list.push(point);
  }
  return runs;
}

/**
 * Whether an answer may have skipped points (sampled): a store samples only when more points or
 * steps than asked lie in the range. MLflow's SQL store (and ours) keep each run's last point in
 * range; its FileStore (and ours on mlruns) sample steps across all the call's runs, so a run's last
 * point at or before N may be left out. This does not rely on either.
 */
function maybeSampled(points: readonly RunMetric[], runPoints: number): boolean {
  return runPoints >= POINTS_PER_RUN || new Set(points.map((p) => p.step)).size >= POINTS_PER_RUN;
}

/** Narrows one run's answer: asks only for the steps after the best found so far, until nothing newer comes. */
async function settle(tracking: TrackingStore, runId: string, key: string, step: number, found: ValueAtStep, options: StoreCallOptions): Promise<ValueAtStep> {
  let best = found;
  while (best.step < step) {
    const points = await tracking.getMetricHistoryBulkInterval({ runIds: [runId], metricKey: key, startStep: best.step + 1, endStep: step, maxResults: POINTS_PER_RUN }, options);
    const newer = valueAtStep(points, step);
    if (!newer) break;
    best = newer;
    if (!maybeSampled(points, points.length)) break;
  }
  return best;
}

/**
 * Each run's value of each key at `step` or the nearest earlier step. Calls: one per key and 100
 * runs, plus one or two per run whose answer a sampling server left unsure (a run with more than
 * 100 points at or before N and none exactly at N). Cancelled through `signal`.
 */
export async function readValuesAtStep(tracking: TrackingStore, runIds: readonly string[], keys: readonly string[], step: number, signal?: AbortSignal): Promise<ValuesAtStep> {
  const options: StoreCallOptions = signal ? { signal } : {};
  const result: ValuesAtStep = new Map(runIds.map((id) => [id, new Map()]));
  for (const key of keys) {
    for (let i = 0; i < runIds.length; i += MAX_RUNS_PER_BULK_INTERVAL) {
      signal?.throwIfAborted();
      const chunk = runIds.slice(i, i + MAX_RUNS_PER_BULK_INTERVAL);
      const points = await tracking.getMetricHistoryBulkInterval({ runIds: chunk, metricKey: key, startStep: LOWEST_STEP, endStep: step, maxResults: POINTS_PER_RUN }, options);
      const runs = byRun(points);
      for (const runId of chunk) {
        const own = runs.get(runId) ?? [];
        let value = valueAtStep(own, step);
        // A run with no point in a sampled answer still has none: its first step would be in it.
        if (value && !value.exact && maybeSampled(points, own.length)) value = await settle(tracking, runId, key, step, value, options);
        if (value) result.get(runId)?.set(key, value);
      }
    }
  }
  return result;
}
