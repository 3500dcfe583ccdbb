// Metric histories shaped for drawing: bucketed to a pixel budget keeping each bucket's min, max,
// first and last value (spikes survive, unlike step sampling), EMA smoothing, live appends, CSV
// export and stable run colours. Pure: the extension host, the charts page and the bench share it.
import { csvLine } from './csv.ts';

/** What the x-axis measures: MLflow's step, wall-clock time (epoch ms) or seconds since the run started. */
export type XAxis = 'step' | 'wallTime' | 'relativeTime';
export const X_AXES: readonly XAxis[] = ['step', 'wallTime', 'relativeTime'];

/** One metric's history column by column, in logging order; grows as live points arrive. */
export class MetricColumns {
  steps: Float64Array;
  timestamps: Float64Array;
  values: Float64Array;
  length = 0;

  constructor(capacity = 16) {
    this.steps = new Float64Array(capacity);
    this.timestamps = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
  }

  static from(points: readonly { step: number; timestamp: number; value: number }[]): MetricColumns {
    const columns = new MetricColumns(Math.max(16, points.length));
    for (const p of points) columns.push(p.step, p.timestamp, p.value);
    return columns;
  }

  /** Columns adopted as they are (no copy), e.g. a store's metric history columns. */
  static of(steps: Float64Array, timestamps: Float64Array, values: Float64Array): MetricColumns {
    const columns = new MetricColumns(0);
    columns.steps = steps;
    columns.timestamps = timestamps;
    columns.values = values;
    columns.length = steps.length;
    return columns;
  }

  push(step: number, timestamp: number, value: number): void {
    if (this.length === this.steps.length) this.grow(Math.max(16, this.length * 2));
    this.steps[this.length] = step;
    this.timestamps[this.length] = timestamp;
    this.values[this.length] = value;
    this.length++;
  }

  private grow(capacity: number): void {
    const copy = (from: Float64Array) => {
      const to = new Float64Array(capacity);
      to.set(from.subarray(0, this.length));
      return to;
    };
    this.steps = copy(this.steps);
    this.timestamps = copy(this.timestamps);
    this.values = copy(this.values);
  }
}

/** A series ready to bucket: x ascending, with each point's value and step. */
export interface SortedSeries {
  xs: Float64Array;
  ys: Float64Array;
  steps: Float64Array;
}

/** The x of each point on the chosen axis. `runStart` (epoch ms) anchors relative time. */
export function xOf(axis: XAxis, step: number, timestamp: number, runStart: number): number {
  if (axis === 'step') return step;
  if (axis === 'wallTime') return timestamp;
  return (timestamp - runStart) / 1000;
}

/**
 * The columns ordered by x on `axis` (stable: equal x keep logging order). Already ordered
 * columns are returned as views, not copies: later pushes write past them.
 */
export function sortedSeries(columns: MetricColumns, axis: XAxis, runStart: number): SortedSeries {
  const n = columns.length;
  let xs: Float64Array;
  if (axis === 'step') xs = columns.steps.subarray(0, n);
  else {
    xs = new Float64Array(n);
    for (let i = 0; i < n; i++) xs[i] = xOf(axis, columns.steps[i], columns.timestamps[i], runStart);
  }
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) sorted = xs[i - 1] <= xs[i];
  if (sorted) return { xs, ys: columns.values.subarray(0, n), steps: columns.steps.subarray(0, n) };
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => xs[a] - xs[b] || a - b);
  const out = { xs: new Float64Array(n), ys: new Float64Array(n), steps: new Float64Array(n) };
  order.forEach((from, to) => {
    out.xs[to] = xs[from];
    out.ys[to] = columns.values[from];
    out.steps[to] = columns.steps[from];
  });
  return out;
}

/** Buckets of a shaped series, column by column. */
export interface ShapedSeries {
  /** x of the last point of each bucket (where the line is drawn). */
  x: number[];
  /** Step of that last point (for tooltips on time axes). */
  step: number[];
  first: number[];
  last: number[];
  min: number[];
  max: number[];
  /** Raw points the buckets hold. */
  points: number;
  /** Where bucket 0 starts, and each bucket's width in x; 0 when every point is its own bucket. */
  origin: number;
  bucketWidth: number;
}

export interface ShapeOptions {
  /** At most this many buckets inside [min, max] (one neighbour each side may be added). */
  buckets: number;
  min?: number;
  max?: number;
}

function lowerBound(xs: Float64Array, x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound(xs: Float64Array, x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function emptyShaped(): ShapedSeries {
  return { x: [], step: [], first: [], last: [], min: [], max: [], points: 0, origin: 0, bucketWidth: 0 };
}

function pushBucket(out: ShapedSeries, x: number, step: number, value: number): void {
  out.x.push(x);
  out.step.push(step);
  out.first.push(value);
  out.last.push(value);
  out.min.push(value);
  out.max.push(value);
}

/** Adds a point to the last bucket. */
function joinBucket(out: ShapedSeries, x: number, step: number, value: number): void {
  const b = out.x.length - 1;
  out.x[b] = x;
  out.step[b] = step;
  out.last[b] = value;
  if (value < out.min[b]) out.min[b] = value;
  if (value > out.max[b]) out.max[b] = value;
}

/**
 * Buckets the points of [min, max] into at most `buckets` equal x-intervals, each keeping its
 * first, last, min and max value; with no more points than buckets every point stays as is. The
 * nearest point outside each edge is kept too, so a zoomed line runs on past the frame.
 * NaN and ±Infinity cannot be drawn and are left out.
 */
export function shapeSeries(series: SortedSeries, options: ShapeOptions): ShapedSeries {
  const { xs, ys, steps } = series;
  const n = xs.length;
  const out = emptyShaped();
  if (n === 0) return out;
  const min = options.min ?? xs[0];
  const max = options.max ?? xs[n - 1];
  const start = lowerBound(xs, min);
  const end = upperBound(xs, max);
  const buckets = Math.max(1, Math.floor(options.buckets));
  let finiteInRange = 0;
  for (let i = start; i < end; i++) if (Number.isFinite(ys[i])) finiteInRange++;
  const exact = finiteInRange <= buckets;
  const width = exact ? 0 : (max - min) / buckets;
  out.origin = min;
  out.bucketWidth = width;
  out.points = finiteInRange;

  for (let i = start - 1; i >= 0; i--) {
    if (Number.isFinite(ys[i])) {
      pushBucket(out, xs[i], steps[i], ys[i]);
      break;
    }
  }
  let current = -1;
  for (let i = start; i < end; i++) {
    const y = ys[i];
    if (!Number.isFinite(y)) continue;
    if (exact) {
      pushBucket(out, xs[i], steps[i], y);
      continue;
    }
    const bucket = width > 0 ? Math.min(buckets - 1, Math.floor((xs[i] - min) / width)) : 0;
    if (bucket === current) joinBucket(out, xs[i], steps[i], y);
    else {
      pushBucket(out, xs[i], steps[i], y);
      current = bucket;
    }
  }
  for (let i = end; i < n; i++) {
    if (Number.isFinite(ys[i])) {
      pushBucket(out, xs[i], steps[i], ys[i]);
      break;
    }
  }
  return out;
}

/** A point logged after the series was shaped (live updates). */
export interface LivePoint {
  x: number;
  step: number;
  value: number;
}

/**
 * Adds live points to a shaped series in place: a point joins the last bucket while it falls in
 * that bucket's x-interval, else it opens a new one. Returns how many buckets were added.
 */
export function appendPoints(shaped: ShapedSeries, points: readonly LivePoint[]): number {
  const before = shaped.x.length;
  const bucketOf = (x: number) => (shaped.bucketWidth > 0 ? Math.floor((x - shaped.origin) / shaped.bucketWidth) : Number.NaN);
  for (const p of points) {
    if (!Number.isFinite(p.value)) continue;
    shaped.points++;
    const lastX = shaped.x[shaped.x.length - 1];
    if (shaped.x.length > 0 && shaped.bucketWidth > 0 && bucketOf(p.x) === bucketOf(lastX)) joinBucket(shaped, p.x, p.step, p.value);
    else pushBucket(shaped, p.x, p.step, p.value);
  }
  return shaped.x.length - before;
}

/**
 * Exponential moving average with TensorBoard's debiasing (as MLflow's charts smooth): early
 * points are not dragged towards zero. `weight` in [0, 1); non-finite values pass through.
 */
export function emaSmooth(values: ArrayLike<number>, weight: number): number[] {
  const out = new Array<number>(values.length);
  if (!(weight > 0)) {
    for (let i = 0; i < values.length; i++) out[i] = values[i];
    return out;
  }
  let last = 0;
  let accumulated = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (!Number.isFinite(value)) {
      out[i] = value;
      continue;
    }
    last = last * weight + (1 - weight) * value;
    accumulated++;
    out[i] = last / (1 - Math.pow(weight, accumulated));
  }
  return out;
}

/** One row of a metrics CSV export. */
export interface MetricCsvRow {
  runId: string;
  runName: string;
  key: string;
  step: number;
  timestamp: number;
  value: number;
}

export const METRICS_CSV_HEADER = ['run_id', 'run_name', 'metric', 'step', 'timestamp', 'value'] as const;

/** The rows as CSV (RFC 4180 quoting; formula-looking text neutralised), header first, LF endings. */
export function metricsCsv(rows: Iterable<MetricCsvRow>): string {
  const lines = [csvLine(METRICS_CSV_HEADER)];
  for (const row of rows) lines.push(csvLine([row.runId, row.runName, row.key, row.step, row.timestamp, row.value]));
  return `${lines.join('\n')}\n`;
}

/**
 * Run colours: VS Code's six theme chart colours first (they adapt to light, dark and high
 * contrast), then mid-lightness hues that read on both light and dark backgrounds.
 */
export const RUN_PALETTE: readonly { cssVar?: string; color: string }[] = [
  { cssVar: '--vscode-charts-blue', color: '#3794ff' },
  { cssVar: '--vscode-charts-orange', color: '#d18616' },
  { cssVar: '--vscode-charts-green', color: '#89d185' },
  { cssVar: '--vscode-charts-purple', color: '#b180d7' },
  { cssVar: '--vscode-charts-red', color: '#f14c4c' },
  { cssVar: '--vscode-charts-yellow', color: '#cca700' },
  { color: '#1fa5a5' },
  { color: '#e0529c' },
  { color: '#6f8fd8' },
  { color: '#b5833c' },
  { color: '#5fa84a' },
  { color: '#9a78c4' },
];

/** FNV-1a: a cheap, stable hash so a run keeps its colour across panels and sessions. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The palette slot a run prefers. */
export function runColorIndex(runId: string): number {
  return hash(runId) % RUN_PALETTE.length;
}

/**
 * Palette slots for a set of runs: each its preferred slot, the next free one on a clash (runs
 * placed in id order, so the same set always gets the same colours); repeats once all are taken.
 */
export function assignRunColors(runIds: readonly string[]): Map<string, number> {
  const assigned = new Map<string, number>();
  const taken = new Set<number>();
  for (const id of [...new Set(runIds)].sort()) {
    let slot = runColorIndex(id);
    if (taken.size < RUN_PALETTE.length) {
      while (taken.has(slot)) slot = (slot + 1) % RUN_PALETTE.length;
    }
    taken.add(slot);
    assigned.set(id, slot);
  }
  return assigned;
}
