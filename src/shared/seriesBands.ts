// The band of a group of charted series, from the series the page holds (shaped by the host).
// A series whose every point is its own bucket is exact: the band is stepBand's, per step. A
// decimated series keeps only each bucket's last point, at steps that differ from run to run, so
// its group is aligned on common step bins instead (each run's last value in a bin counts) and the
// band says how wide its bins are: zooming in re-shapes the range and makes it exact again.
import { stepBand, type BandKind, type StepBand } from './stepBands.ts';

/** One run's drawn series: x on the chart's axis, the step and value of each point. */
export interface BandSeries {
  x: ArrayLike<number>;
  step: ArrayLike<number>;
  values: ArrayLike<number>;
  /** 0 when every point is its own bucket (the host's shaping did not decimate). */
  bucketWidth: number;
}

export interface SeriesBand extends StepBand {
  /** Where to draw each aggregate: the mean x of the runs' points at that step (or bin). */
  x: number[];
  /** 0: aligned per step; otherwise the width in steps of the bins the runs were aligned on. */
  binWidth: number;
}

function stepRange(series: readonly BandSeries[]): { lo: number; hi: number } {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) {
    for (let i = 0; i < s.step.length; i++) {
      lo = Math.min(lo, s.step[i]);
      hi = Math.max(hi, s.step[i]);
    }
  }
  return { lo, hi };
}

/**
 * Mean and band of `series` aligned by step. Decimated input is aligned on as many equal step bins
 * as the sparsest decimated series has buckets; `steps` then holds each bin's first step.
 */
export function seriesBand(series: readonly BandSeries[], kind: BandKind): SeriesBand {
  const decimated = series.filter((s) => s.bucketWidth > 0 && s.step.length > 0);
  let binWidth = 0;
  let key = (step: number) => step;
  if (decimated.length > 0) {
    const { lo, hi } = stepRange(series);
    const bins = Math.max(1, Math.min(...decimated.map((s) => s.step.length)));
    const width = (hi - lo) / bins;
    if (width > 0) {
      binWidth = width;
      key = (step) => lo + Math.min(bins - 1, Math.floor((step - lo) / width)) * width;
    }
  }
  const keyed = series.map((s) => {
    const steps = new Array<number>(s.step.length);
    for (let i = 0; i < s.step.length; i++) steps[i] = key(s.step[i]);
    return steps;
  });
  const band = stepBand(series.map((s, i) => ({ steps: keyed[i], values: s.values })), kind);
  // x only where the value counts (stepBand leaves non-finite values out), so both share their steps.
  const xs = stepBand(series.map((s, i) => ({
    steps: keyed[i].filter((_, j) => Number.isFinite(s.values[j])),
    values: Array.from(s.x).filter((_, j) => Number.isFinite(s.values[j])),
  })), 'minmax');
  const xAt = new Map(xs.steps.map((step, i) => [step, xs.mean[i]]));
  return { ...band, x: band.steps.map((step) => xAt.get(step) as number), binWidth };
}
