// Compare Runs' table: one row per attribute, param, metric and tag across the compared runs,
// which rows differ, the best values per metric and deltas against a baseline run judged by the
// metric's direction, and the axes of the parallel-coordinates chart. Pure.
import type { ComparedRun } from './compareProtocol.ts';

export type CompareSection = 'attributes' | 'params' | 'metrics' | 'tags';

export interface CompareRow {
  section: CompareSection;
  key: string;
  /** One cell per run, in run order; undefined where a run lacks the key. */
  values: (string | number | undefined)[];
  differs: boolean;
  /** Metrics only: indexes of every run holding the best value (all of a tie); empty when fewer than two values differ. */
  best?: number[];
  /** Metrics only, with a baseline: value − baseline per run (undefined where either is missing). */
  deltas?: (number | undefined)[];
  /** Metrics only, with a baseline: whether each delta is an improvement for this metric's direction. */
  deltaVerdicts?: (DeltaVerdict | undefined)[];
  /** Metrics only, with a baseline: the delta as % of |baseline| (undefined when the baseline is 0). */
  deltaPercents?: (number | undefined)[];
}

export type DeltaVerdict = 'better' | 'worse' | 'same';

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

/**
 * Every index holding the best value, so a tie marks all its runs. None when there is nothing
 * to choose between: fewer than two runs logged the metric, or all logged the same value. NaN never wins.
 */
export function bestIndexes(values: readonly (number | undefined)[], lower: boolean): number[] {
  const logged = values.filter((value): value is number => value !== undefined);
  if (logged.length < 2 || !differs(logged)) return [];
  const present = logged.filter((value) => !Number.isNaN(value));
  if (present.length === 0) return [];
  const best = lower ? Math.min(...present) : Math.max(...present);
  return values.flatMap((value, index) => (value === best ? [index] : []));
}

/** A delta judged by the metric's direction: a lower loss is better, a lower accuracy worse. */
export function deltaVerdict(delta: number | undefined, lower: boolean): DeltaVerdict | undefined {
  if (delta === undefined || Number.isNaN(delta)) return undefined;
  if (delta === 0) return 'same';
  return delta < 0 === lower ? 'better' : 'worse';
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
    const lower = lowerIsBetter(key, options.flippedMetrics);
    const row: Omit<CompareRow, 'differs'> = { section: 'metrics', key, values, best: bestIndexes(values, lower) };
    if (baseline >= 0) {
      const base = values[baseline];
      row.deltas = values.map((v) => (v === undefined || base === undefined ? undefined : v - base));
      row.deltaVerdicts = row.deltas.map((d) => deltaVerdict(d, lower));
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
  /** Where the key comes from: a param or the chosen metric (the last axis). */
  source: 'param' | 'metric';
  /** One value per run (NaN where missing); categorical params are indexes into `categories`. */
  values: number[];
  categories?: string[];
  /** A numeric param spanning decades (learning rates, weight decay): drawn on a log axis. */
  log?: boolean;
}

/** Ratio between the largest and smallest value from which a positive param gets a log axis. */
const LOG_AXIS_MIN_RATIO = 100;

/** A log axis reads better when every value is positive and they span at least two decades. */
export function spansDecades(values: readonly number[]): boolean {
  const present = values.filter((value) => !Number.isNaN(value));
  if (present.length < 2 || present.some((value) => !(value > 0) || !Number.isFinite(value))) return false;
  return Math.max(...present) / Math.min(...present) >= LOG_AXIS_MIN_RATIO;
}

/** Axes for the parallel-coordinates chart: the varying params, then the chosen metric. */
export function parallelAxes(runs: readonly ComparedRun[], metricKey: string | undefined): ParallelAxis[] {
  const axes: ParallelAxis[] = varyingParams(runs).map((key) => {
    const raw = runs.map((r) => r.params[key]);
    const numeric = raw.every((v) => v === undefined || (v.trim() !== '' && Number.isFinite(Number(v))));
    if (numeric) {
      const values = raw.map((v) => (v === undefined ? Number.NaN : Number(v)));
      return spansDecades(values) ? { key, source: 'param', values, log: true } : { key, source: 'param', values };
    }
    const categories = [...new Set(raw.filter((v): v is string => v !== undefined))].sort();
    return { key, source: 'param', values: raw.map((v) => (v === undefined ? Number.NaN : categories.indexOf(v))), categories };
  });
  if (metricKey) axes.push({ key: metricKey, source: 'metric', values: runs.map((r) => r.metrics[metricKey] ?? Number.NaN) });
  return axes;
}

/** A run's values on each axis, as its tooltip lists them: params as logged, metrics rounded. */
export function runTooltipLines(runs: readonly ComparedRun[], axes: readonly ParallelAxis[], index: number): string[] {
  const run = runs[index];
  if (!run) return [];
  return axes.map((axis) => {
    const metric = run.metrics[axis.key];
    if (axis.source === 'param') return `${axis.key}: ${run.params[axis.key] ?? '—'}`;
    return `${axis.key}: ${metric === undefined ? '—' : String(Number(metric.toPrecision(6)))}`;
  });
}
