// Messages between the Metric Charts panel (src/vscode/charts) and its page (src/webview/charts).
// Shaped series travel as one ArrayBuffer of float32 columns each: VS Code transfers ArrayBuffers
// to webviews as binary, so 20 runs of a chart fit in one small message.
import { isFiniteNumber, isNumber, isOneOf, isString, isStringArray, messageGuard, optional, type Guard } from './messageGuards.ts';
import type { BandKind } from './stepBands.ts';
import { X_AXES, type LivePoint, type ShapedSeries, type XAxis } from './seriesShaping.ts';

/** A run as the charts show it (its name is text, never HTML). */
export interface ChartRun {
  runId: string;
  name: string;
  experimentName: string;
  status: string;
  /** Slot in RUN_PALETTE. */
  colorIndex: number;
  /** What the page can group runs by (aggregated curves). */
  params?: Record<string, string>;
  tags?: Record<string, string>;
}

/** One (run, metric) series shaped for one x-axis and range. */
export interface PackedSeries {
  runId: string;
  key: string;
  /** Buckets in `data`. */
  count: number;
  /** Raw points inside the shaped range. */
  points: number;
  origin: number;
  bucketWidth: number;
  /** x and step columns hold offsets from these, so float32 keeps them exact near the data. */
  xBase: number;
  stepBase: number;
  /** The step column is left out when x is the step. */
  hasSteps: boolean;
  /** Points came from the server's step sampling (remote stores), not the full history. */
  sampled: boolean;
  /** float32 columns, `count` long each: x − xBase, last, min, max[, step − stepBase]. */
  data: ArrayBuffer;
}

/**
 * The runs of an experiment (or several) as the Experiments view lists them, its filter and order,
 * of which the charts show the first `limit`.
 */
export interface ExperimentRunSource {
  experimentIds: string[];
  filter?: string;
  orderBy?: string;
  showDeleted: boolean;
  limit: number;
}

/** What the page says about an experiment's charted runs: "10 of 300 runs". */
export interface RunSelection {
  source: ExperimentRunSource;
  shown: number;
  total: number;
}

/** Runs an experiment's charts start with, and the most the page lets one ask for. */
export const DEFAULT_EXPERIMENT_RUN_LIMIT = 10;
export const MAX_CHARTED_RUNS = 100;

export interface XRange {
  min: number;
  max: number;
}

export type ChartsHostMessage =
  | { type: 'init'; runs: ChartRun[]; keys: string[]; remote: boolean; selection?: RunSelection }
  | { type: 'runs'; runs: ChartRun[] }
  /** The series of one metric key, answering a requestRange (requestId) or a reload. */
  | { type: 'series'; requestId: number; key: string; xAxis: XAxis; range?: XRange; series: PackedSeries[] }
  /** Points logged since the last message, per series, on the page's current x-axis. */
  | { type: 'append'; xAxis: XAxis; series: { runId: string; key: string; points: LivePoint[] }[] }
  | { type: 'error'; message: string };

export type ChartsPageMessage =
  | { type: 'ready' }
  /** Shape `keys` for a chart `pixelWidth` CSS pixels wide, over [min, max] or everything. */
  | { type: 'requestRange'; requestId: number; keys: string[]; xAxis: XAxis; min?: number; max?: number; pixelWidth: number }
  /** Chart the first `limit` runs of the experiment source instead. */
  | { type: 'setRunLimit'; limit: number }
  | { type: 'exportPng'; name: string; dataUrl: string }
  | { type: 'exportCsv'; keys: string[] };

/** What the page keeps across reloads (vscode.setState): the run ids and UI choices, never data. */
export interface ChartsPageState {
  runIds: string[];
  /** Set when the charts follow an experiment's listing; the run ids are then its first runs. */
  source?: ExperimentRunSource;
  xAxis: XAxis;
  /** EMA weight in [0, 0.99]. */
  smoothing: number;
  logY: boolean;
  /** All metric keys on one chart instead of one chart per key. */
  combine: boolean;
  hiddenRuns: string[];
  /** `param:<name>` or `tag:<name>`: one mean line and band per group of runs; absent: a line per run. */
  groupBy?: string;
  band: BandKind;
}

export const DEFAULT_PAGE_STATE: Omit<ChartsPageState, 'runIds'> = { xAxis: 'step', smoothing: 0, logY: false, combine: false, hiddenRuns: [], band: 'minmax' };

/** Bytes a chart message may carry: buckets per series shrink when many runs share a chart. */
export const MAX_SERIES_MESSAGE_BYTES = 190_000;

export function bytesPerBucket(hasSteps: boolean): number {
  return (hasSteps ? 5 : 4) * Float32Array.BYTES_PER_ELEMENT;
}

/** Buckets per series for a chart of `seriesCount` series `pixelWidth` pixels wide. */
export function bucketBudget(pixelWidth: number, seriesCount: number, hasSteps: boolean): number {
  const byPayload = Math.floor(MAX_SERIES_MESSAGE_BYTES / (Math.max(1, seriesCount) * bytesPerBucket(hasSteps)));
  return Math.max(16, Math.min(Math.round(pixelWidth), byPayload));
}

export function packSeries(runId: string, key: string, shaped: ShapedSeries, hasSteps: boolean, sampled = false): PackedSeries {
  const count = shaped.x.length;
  const xBase = count > 0 ? shaped.x[0] : 0;
  const stepBase = count > 0 ? shaped.step[0] : 0;
  const columns = hasSteps ? 5 : 4;
  const data = new ArrayBuffer(count * columns * Float32Array.BYTES_PER_ELEMENT);
  const view = new Float32Array(data);
  for (let i = 0; i < count; i++) {
    view[i] = shaped.x[i] - xBase;
    view[count + i] = shaped.last[i];
    view[2 * count + i] = shaped.min[i];
    view[3 * count + i] = shaped.max[i];
    if (hasSteps) view[4 * count + i] = shaped.step[i] - stepBase;
  }
  return { runId, key, count, points: shaped.points, origin: shaped.origin, bucketWidth: shaped.bucketWidth, xBase, stepBase, hasSteps, sampled, data };
}

/** The buckets back as a ShapedSeries (first is not sent: it equals last for drawing). */
export function unpackSeries(packed: PackedSeries): ShapedSeries {
  const { count, xBase, stepBase } = packed;
  const view = new Float32Array(packed.data, 0, count * (packed.hasSteps ? 5 : 4));
  const x = new Array<number>(count);
  const step = new Array<number>(count);
  const last = new Array<number>(count);
  const min = new Array<number>(count);
  const max = new Array<number>(count);
  for (let i = 0; i < count; i++) {
    x[i] = view[i] + xBase;
    step[i] = packed.hasSteps ? Math.round(view[4 * count + i] + stepBase) : x[i];
    last[i] = view[count + i];
    min[i] = view[2 * count + i];
    max[i] = view[3 * count + i];
  }
  return { x, step, first: last.slice(), last, min, max, points: packed.points, origin: packed.origin, bucketWidth: packed.bucketWidth };
}

/** What the host accepts from the charts page. */
export const isChartsPageMessage: Guard<ChartsPageMessage> = messageGuard<ChartsPageMessage>({
  ready: {},
  requestRange: { requestId: isFiniteNumber, keys: isStringArray, xAxis: isOneOf(X_AXES), min: optional(isFiniteNumber), max: optional(isFiniteNumber), pixelWidth: isFiniteNumber },
  // Any number: the host answers an out-of-range count with its own message.
  setRunLimit: { limit: isNumber },
  exportPng: { name: isString, dataUrl: isString },
  exportCsv: { keys: isStringArray },
});
