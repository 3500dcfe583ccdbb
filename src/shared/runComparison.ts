// Compare Runs' table: one row per attribute, param, metric and tag across the compared runs,
// which rows differ, the best value per metric and deltas against a baseline run. Pure.
import type { ComparedRun } from './compareProtocol.ts';

export type CompareSection = 'attributes' | 'params' | 'metrics' | 'tags';

export interface CompareRow {
  section: CompareSection;
  key: string;
  /** One cell per run, in run order; undefined where a run lacks the key. */
  values: (string | number | undefined)[];
  differs: boolean;
  /** Metrics only: index of the best run (ties: the first), when any run has a value. */
  best?: number;
  /** Metrics only, with a baseline: value − baseline per run (undefined where either is missing). */
  deltas?: (number | undefined)[];
  /** Metrics only, with a baseline: the delta as % of |baseline| (undefined when the baseline is 0). */
  deltaPercents?: (number | undefined)[];
}

export interface CompareOptions {
  onlyDifferences: boolean;
  baselineRunId?: string;
  /** Metric keys whose direction the user flipped from the name-based guess. */
  flippedMetrics?: readonly string[];
}

// Names that mean "lower is better"; everything else is taken as "higher is better".
const LOWER_IS_BETTER = /(loss|error|err\b|_err|mse|mae|rmse|mape|perplexity|ppl|wer|cer|latency|time|duration|regret|distance)/iu;

export function lowerIsBetter(metricKey: string, flipped: readonly string[] = []): boolean {
  return LOWER_IS_BETTER.test(metricKey) !== flipped.includes(metricKey);
}

function sortedKeys(records: Record<string, unknown>[]): string[] {
  return [...new Set(records.flatMap((record) => Object.keys(record)))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function differs(values: readonly unknown[]): boolean {
  return values.some((value) => !Object.is(value, values[0]));
}

function bestIndex(values: readonly (number | undefined)[], lower: boolean): number | undefined {
  let best: number | undefined;
  values.forEach((value, index) => {
    if (value === undefined || Number.isNaN(value)) return;
    const current = best === undefined ? undefined : values[best];
    if (current === undefined || (lower ? value < current : value > current)) best = index;
  });
  return best;
}

function durationSeconds(run: ComparedRun): number | undefined {
  return run.startTime !== undefined && run.endTime !== undefined ? (run.endTime - run.startTime) / 1000 : undefined;
}

export function compareRuns(runs: readonly ComparedRun[], options: CompareOptions): CompareRow[] {
  const rows: CompareRow[] = [];
  const push = (cells: Omit<CompareRow, 'differs'>) => {
    const row = { ...cells, differs: differs(cells.values) };
    if (!options.onlyDifferences || row.differs || runs.length < 2) rows.push(row);
  };
  push({ section: 'attributes', key: 'Experiment', values: runs.map((r) => r.experimentName) });
  push({ section: 'attributes', key: 'Status', values: runs.map((r) => r.status) });
  push({ section: 'attributes', key: 'User', values: runs.map((r) => r.user) });
  push({ section: 'attributes', key: 'Duration (s)', values: runs.map(durationSeconds) });
  for (const key of sortedKeys(runs.map((r) => r.params))) push({ section: 'params', key, values: runs.map((r) => r.params[key]) });
  const baseline = options.baselineRunId === undefined ? -1 : runs.findIndex((r) => r.runId === options.baselineRunId);
  for (const key of sortedKeys(runs.map((r) => r.metrics))) {
    const values = runs.map((r) => r.metrics[key]);
    const row: Omit<CompareRow, 'differs'> = { section: 'metrics', key, values, best: bestIndex(values, lowerIsBetter(key, options.flippedMetrics)) };
    if (baseline >= 0) {
      const base = values[baseline];
      row.deltas = values.map((v) => (v === undefined || base === undefined ? undefined : v - base));
      row.deltaPercents = row.deltas.map((d) => (d === undefined || !base ? undefined : (d / Math.abs(base)) * 100));
    }
    push(row);
  }
  for (const key of sortedKeys(runs.map((r) => r.tags))) push({ section: 'tags', key, values: runs.map((r) => r.tags[key]) });
  return rows;
}

/** Param keys whose values vary across runs: the axes of the parallel-coordinates chart. */
export function varyingParams(runs: readonly ComparedRun[]): string[] {
  return sortedKeys(runs.map((r) => r.params)).filter((key) => differs(runs.map((r) => r.params[key])));
}

export interface ParallelAxis {
  key: string;
  /** One value per run (NaN where missing); categorical params are indexes into `categories`. */
  values: number[];
  categories?: string[];
}

/** Axes for the parallel-coordinates chart: the varying params, then the chosen metric. */
export function parallelAxes(runs: readonly ComparedRun[], metricKey: string | undefined): ParallelAxis[] {
  const axes: ParallelAxis[] = varyingParams(runs).map((key) => {
    const raw = runs.map((r) => r.params[key]);
    const numeric = raw.every((v) => v === undefined || (v.trim() !== '' && Number.isFinite(Number(v))));
    if (numeric) return { key, values: raw.map((v) => (v === undefined ? Number.NaN : Number(v))) };
    const categories = [...new Set(raw.filter((v): v is string => v !== undefined))].sort();
    return { key, values: raw.map((v) => (v === undefined ? Number.NaN : categories.indexOf(v))), categories };
  });
  if (metricKey) axes.push({ key: metricKey, values: runs.map((r) => r.metrics[metricKey] ?? Number.NaN) });
  return axes;
}
