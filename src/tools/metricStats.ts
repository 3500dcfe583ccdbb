// One metric history folded point by point into what an agent asks of it — extremes, the latest
// point, the best by direction, the shape of its tail — so a million-point history is read a page
// at a time and never held whole.
import type { Metric } from '../shared/entities.ts';

export interface PointAt {
  value: number;
  step: number;
}

export interface Trend {
  /** How many of the newest points (by step) it covers. */
  points: number;
  fromStep: number;
  toStep: number;
  /** Sign of the least-squares slope of value over step. */
  direction: 'rising' | 'falling' | 'flat';
  /** Last minus first of those points, and that as a fraction of |first| (absent when first is 0). */
  change: number;
  relativeChange?: number;
  /** Up to TREND_VALUES of those values, oldest first, evenly picked. */
  values: number[];
}

export interface MetricStats {
  points: number;
  /** Points whose value is NaN: never a min, max or best. */
  nanPoints?: number;
  min?: PointAt;
  max?: PointAt;
  /** MLflow's latest point: the greatest (step, timestamp, value). */
  last?: PointAt;
  best?: PointAt;
  trend?: Trend;
  /** Set when only the first points were read (a call's point budget ran out). */
  partial?: string;
}

export const TREND_VALUES = 10;

type Tail = Pick<Metric, 'step' | 'timestamp' | 'value'>;

/** MLflow's order of "later": step, then timestamp, then value. */
const later = (a: Tail, b: Tail) => a.step - b.step || a.timestamp - b.timestamp || a.value - b.value;

export class MetricFold {
  private points = 0;
  private nan = 0;
  private min?: PointAt;
  private max?: PointAt;
  /** The newest `tailSize` points by MLflow's order, oldest first. */
  private readonly tail: Tail[] = [];
  private readonly tailSize: number;
  private readonly lowerIsBetter: boolean;

  constructor(tailSize: number, lowerIsBetter: boolean) {
    this.tailSize = Math.max(1, tailSize);
    this.lowerIsBetter = lowerIsBetter;
  }

  add(point: Tail): void {
    this.points++;
    if (Number.isNaN(point.value)) this.nan++;
    else {
      if (!this.min || point.value < this.min.value) this.min = { value: point.value, step: point.step };
      if (!this.max || point.value > this.max.value) this.max = { value: point.value, step: point.step };
    }
    // Histories arrive in timestamp order, mostly also in step order: the insert is usually a push.
    if (this.tail.length === this.tailSize && later(point, this.tail[0]) <= 0) return;
    let at = this.tail.length;
    while (at > 0 && later(point, this.tail[at - 1]) < 0) at--;
    this.tail.splice(at, 0, { step: point.step, timestamp: point.timestamp, value: point.value });
    if (this.tail.length > this.tailSize) this.tail.shift();
  }

  result(): MetricStats {
    if (this.points === 0) return { points: 0 };
    const newest = this.tail.at(-1)!;
    return {
      points: this.points,
      ...(this.nan ? { nanPoints: this.nan } : {}),
      ...(this.min ? { min: this.min, max: this.max } : {}),
      last: { value: newest.value, step: newest.step },
      ...(this.min ? { best: this.lowerIsBetter ? this.min : this.max } : {}),
      ...(this.tail.length >= 2 ? { trend: trendOf(this.tail) } : {}),
    };
  }
}

/** Differences need no more digits than a person reads; the points themselves stay exact. */
const rounded = (value: number) => (Number.isFinite(value) ? Number(value.toPrecision(6)) : value);

function slope(points: readonly Tail[]): number {
  const n = points.length;
  const meanX = points.reduce((s, p) => s + p.step, 0) / n;
  const meanY = points.reduce((s, p) => s + p.value, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.step - meanX) * (p.value - meanY);
    den += (p.step - meanX) ** 2;
  }
  // Every point at one step: the slope over their order of arrival instead.
  if (den === 0) return points.at(-1)!.value - points[0].value;
  return num / den;
}

function trendOf(tail: readonly Tail[]): Trend {
  const finite = tail.filter((p) => Number.isFinite(p.value));
  const first = tail[0].value;
  const last = tail.at(-1)!.value;
  const s = finite.length >= 2 ? slope(finite) : 0;
  const pick = tail.length <= TREND_VALUES ? tail : Array.from({ length: TREND_VALUES }, (_, i) => tail[Math.round((i * (tail.length - 1)) / (TREND_VALUES - 1))]);
  const change = last - first;
  return {
    points: tail.length,
    fromStep: tail[0].step,
    toStep: tail.at(-1)!.step,
    direction: !Number.isFinite(s) || s === 0 ? 'flat' : s > 0 ? 'rising' : 'falling',
    change: rounded(change),
    ...(first !== 0 && Number.isFinite(change / first) ? { relativeChange: rounded(change / Math.abs(first)) } : {}),
    values: pick.map((p) => p.value),
  };
}
