// Aggregated curves (issue 15, item 4): several runs of one group — five seeds of one config —
// drawn as one mean line with a band, aligned by step. Pure: the charts page and tests share it.

/** One run's history of one metric, in logging order (a step may repeat; the last value wins). */
export interface StepSeries {
  steps: ArrayLike<number>;
  values: ArrayLike<number>;
  length?: number;
}

/** `minmax`: the band spans the runs' lowest and highest value; `std`: mean ± one standard deviation. */
export type BandKind = 'minmax' | 'std';

/** Per step (ascending): the mean over the runs that logged it, the band's edges and how many runs it holds. */
export interface StepBand {
  steps: number[];
  mean: number[];
  lower: number[];
  upper: number[];
  count: number[];
}

/**
 * Aligns the runs by step and aggregates each step over the runs that logged a finite value there;
 * a run that skipped a step (ragged logging) does not pull that step's mean. The standard deviation
 * is the population one (a band, not an estimate), 0 for a single run.
 */
export function stepBand(series: readonly StepSeries[], kind: BandKind): StepBand {
  const perStep = new Map<number, number[]>();
  for (const run of series) {
    const last = new Map<number, number>();
    const length = run.length ?? Math.min(run.steps.length, run.values.length);
    for (let i = 0; i < length; i++) last.set(run.steps[i], run.values[i]);
    for (const [step, value] of last) {
      if (!Number.isFinite(value) || !Number.isFinite(step)) continue;
      const values = perStep.get(step);
      if (values) values.push(value);
      else perStep.set(step, [value]);
    }
  }
  const band: StepBand = { steps: [], mean: [], lower: [], upper: [], count: [] };
  for (const step of [...perStep.keys()].sort((a, b) => a - b)) {
    const values = perStep.get(step) as number[];
    const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
    let lower: number;
    let upper: number;
    if (kind === 'minmax') {
      lower = Math.min(...values);
      upper = Math.max(...values);
    } else {
      const std = Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length);
      lower = mean - std;
      upper = mean + std;
    }
    band.steps.push(step);
    band.mean.push(mean);
    band.lower.push(lower);
    band.upper.push(upper);
    band.count.push(values.length);
  }
  return band;
}
