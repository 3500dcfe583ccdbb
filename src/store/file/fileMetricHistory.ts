// Metric history of mlruns runs: the whole file (optionally paged) and MLflow's bulk-interval
// sampling (AbstractStore.get_metric_history_bulk_interval, which the FileStore inherits).
import type { Metric, Page, RunMetric } from '../../shared/entities.ts';
import { MlflowError } from '../../shared/errors.ts';
import { queryOffset } from '../search/pageToken.ts';
import type { BulkIntervalQuery, MetricHistoryQuery } from '../trackingStore.ts';
import { validateKey } from '../validation.ts';
import type { FileRunReader } from './fileRunReader.ts';
import { paginate } from './paging.ts';
import { validateBulkIntervalQuery } from '../bulkIntervalQuery.ts';


/** Python's round(): halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff < 0.5) return floor;
  if (diff > 0.5) return floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** At most `maxResults` evenly spaced indices into `total` items, always the first and the last. */
export function evenlySpacedIndices(total: number, maxResults: number): number[] {
  if (total <= 0) return [];
  if (total <= maxResults) return Array.from({ length: total }, (_, i) => i);
  if (maxResults === 1) return [total - 1];
  const step = (total - 1) / (maxResults - 1);
  const indices = new Set<number>();
  for (let i = 0; i < maxResults; i++) indices.add(roundHalfEven(i * step));
  return [...indices].sort((a, b) => a - b);
}

function bisectLeft(sorted: number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function bisectRight(sorted: number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x < sorted[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The steps to return across all runs: every existing step in range when few, else `maxResults`
 * evenly strided ones plus the range's last; each run's own min and max step are always kept.
 */
export function sampleSteps(stepsPerRun: number[][], maxResults: number, startStep?: number, endStep?: number): number[] {
  const boundaries = new Set<number>();
  for (const steps of stepsPerRun) {
    if (steps.length === 0) continue;
    // A loop, not Math.min(...steps): histories can be longer than the argument limit.
    let min = steps[0];
    let max = steps[0];
    for (const step of steps) {
      if (step < min) min = step;
      if (step > max) max = step;
    }
    boundaries.add(min);
    boundaries.add(max);
  }
  const allSteps = [...new Set(stepsPerRun.flat())].sort((a, b) => a - b);
  const start = startStep ?? 0;
  const end = endStep ?? (allSteps.length > 0 ? allSteps[allSteps.length - 1] : 0);
  const sampled = new Set<number>([...boundaries].filter((step) => start <= step && step <= end));
  const startIdx = bisectLeft(allSteps, start);
  const endIdx = bisectRight(allSteps, end);
  if (endIdx - startIdx <= maxResults) {
    for (const step of allSteps.slice(startIdx, endIdx)) sampled.add(step);
  } else {
    const interval = (endIdx - startIdx) / maxResults;
    for (let i = 0; i < maxResults; i++) {
      const idx = startIdx + Math.floor(i * interval);
      if (idx < endIdx) sampled.add(allSteps[idx]);
    }
    sampled.add(allSteps[endIdx - 1]);
  }
  return [...sampled].sort((a, b) => a - b);
}


export class FileMetricHistory {
  private readonly runs: FileRunReader;

  constructor(runs: FileRunReader) {
    this.runs = runs;
  }

  /** All points in the order they were logged; paged only when maxResults is given (as MLflow). */
  async history(runId: string, key: string, query: MetricHistoryQuery = {}): Promise<Page<Metric>> {
    validateKey(key, 'metric_key', 'Metric');
    const { info, dir } = await this.runs.getInfo(runId);
    const points = await this.runs.metricHistory(dir, key, info.experimentId);
    const max = query.maxResults;
    if (max === undefined) return { items: points.slice(queryOffset(query)) };
    if (!Number.isInteger(max) || max <= 0) {
      throw MlflowError.invalidParameter(`Invalid value ${max} for parameter 'max_results' supplied: it must be a positive integer.`);
    }
    return paginate(points, query, max);
  }

  async bulkInterval(query: BulkIntervalQuery): Promise<RunMetric[]> {
    const maxResults = validateBulkIntervalQuery(query);
    validateKey(query.metricKey, 'metric_key', 'Metric');
    const histories = await Promise.all(query.runIds.map(async (runId) => {
      const { info, dir } = await this.runs.getInfo(runId);
      return this.runs.metricHistory(dir, query.metricKey, info.experimentId);
    }));
    const steps = sampleSteps(histories.map((points) => points.map((p) => p.step)), maxResults, query.startStep, query.endStep);
    const wanted = new Set(steps);
    const perRun = Math.max(maxResults, steps.length);
    return histories.flatMap((points, i) => {
      // A stable sort on (step, timestamp) keeps logging order among equal points, as Python's sorted().
      const inSteps = points.filter((p) => wanted.has(p.step)).sort((a, b) => a.step - b.step || a.timestamp - b.timestamp);
      return evenlySpacedIndices(inSteps.length, perRun).map((index) => ({ ...inSteps[index], runId: query.runIds[i] }));
    });
  }
}
