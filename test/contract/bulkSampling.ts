// The points get-history-bulk-interval must return, computed from the full history by MLflow's
// documented rules: SQL stores sample rows in even buckets; MLflow's FileStore samples distinct steps.
import type { Metric } from '../../src/shared/entities.ts';

export interface SampleRequest {
  histories: Metric[][];
  maxResults: number;
  startStep?: number;
  endStep?: number;
}

const byStepTimeValue = (a: Metric, b: Metric) => a.step - b.step || a.timestamp - b.timestamp || a.value - b.value;

/** Python's round(): halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** Up to `max` evenly spaced indices of `total`, always keeping the first and the last. */
function evenlySpaced(total: number, max: number): number[] {
  if (total <= 0) return [];
  if (total <= max) return Array.from({ length: total }, (_, i) => i);
  if (max === 1) return [total - 1];
  const step = (total - 1) / (max - 1);
  return [...new Set(Array.from({ length: max }, (_, i) => roundHalfEven(i * step)))].sort((a, b) => a - b);
}

/**
 * SQL stores: the run's rows in range, ordered by (step, timestamp, value), cut into maxResults
 * buckets as even as possible (the first buckets one row longer); the first row of each bucket is
 * kept, and the run's last row replaces the final pick when it is not already it.
 */
function sampleRows(points: Metric[], maxResults: number): Metric[] {
  const rows = [...points].sort(byStepTimeValue);
  const n = rows.length;
  if (n <= maxResults) return rows;
  const size = Math.floor(n / maxResults);
  const longer = n % maxResults;
  const picked = Array.from({ length: maxResults }, (_, i) => rows[i * size + Math.min(i, longer)]);
  picked[picked.length - 1] = rows[n - 1];
  return picked;
}

/**
 * MLflow's FileStore: sample the distinct steps of all runs in range (the range defaults to
 * 0..last step), always keeping the last one and each run's min and max step; then per run keep
 * its points on those steps, thinned evenly to max(maxResults, number of steps).
 */
function sampleSteps(request: SampleRequest): Metric[][] {
  const { histories, maxResults } = request;
  const allSteps = [...new Set(histories.flatMap((h) => h.map((p) => p.step)))].sort((a, b) => a - b);
  let { startStep, endStep } = request;
  if (startStep === undefined || endStep === undefined) {
    startStep = 0;
    endStep = allSteps.length > 0 ? allSteps[allSteps.length - 1] : 0;
  }
  const lo = startStep;
  const hi = endStep;
  const bounds = histories.filter((h) => h.length > 0).flatMap((h) => {
    const steps = h.map((p) => p.step);
    return [Math.min(...steps), Math.max(...steps)];
  }).filter((s) => s >= lo && s <= hi);
  const inRange = allSteps.filter((s) => s >= lo && s <= hi);
  const sampled = new Set<number>();
  if (inRange.length <= maxResults) {
    inRange.forEach((s) => sampled.add(s));
  } else {
    const interval = inRange.length / maxResults;
    for (let i = 0; i < maxResults; i++) sampled.add(inRange[Math.floor(i * interval)]);
    sampled.add(inRange[inRange.length - 1]);
  }
  bounds.forEach((s) => sampled.add(s));
  const perRun = Math.max(maxResults, sampled.size);
  return histories.map((h) => {
    const kept = h.filter((p) => sampled.has(p.step)).sort((a, b) => a.step - b.step || a.timestamp - b.timestamp);
    return evenlySpaced(kept.length, perRun).map((i) => kept[i]);
  });
}

/** The expected answer per run, in the request's run order. */
export function expectedBulkSample(rule: 'rows' | 'steps', request: SampleRequest): Metric[][] {
  if (rule === 'steps') return sampleSteps(request);
  const { startStep, endStep } = request;
  return request.histories.map((h) => {
    const inRange = startStep === undefined || endStep === undefined ? h : h.filter((p) => p.step >= startStep && p.step <= endStep);
    return sampleRows(inRange, request.maxResults);
  });
}
