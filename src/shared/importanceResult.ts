// What parameter importance (issue 15, item 3) answers for one metric: shared by the worker that
// computes it, the host and the page that draws it.
import type { ParamKind } from './paramEncoding.ts';

export interface ParamImportance {
  param: string;
  kind: ParamKind;
  /** Random-forest importance (mean decrease in squared error); the params' values sum to 1. */
  importance: number;
  /** Spearman's rho against the metric over the runs that logged the param; numeric params only. */
  spearman?: number;
  /** How many of the used runs logged this param. */
  runsWithParam: number;
}

export interface ImportanceResult {
  metric: string;
  /** Runs that logged the metric (finite value), the ones the forest was fitted on. */
  runsUsed: number;
  /** Runs left out because they have no finite value of the metric. */
  runsWithoutMetric: number;
  /** Most important first. */
  params: ParamImportance[];
  /** Params with one value across the used runs: they can explain nothing. */
  constantParams: string[];
}
