// Which params matter for a metric: per param, Spearman's rho with the metric (numeric params)
// and its random-forest importance (one-hot columns of a categorical param summed back). Runs
// without a finite value of the metric are left out. Pure: runs in the importance worker and tests.
import { encodeParams, importancePerParam, type ImportanceRun } from '../shared/paramEncoding.ts';
import type { ImportanceResult, ParamImportance } from '../shared/importanceResult.ts';
import { spearman } from '../shared/spearman.ts';
import { forestImportance, TUNED_FOREST, type ForestSettings } from './forestImportance.ts';

/** Every param key the runs logged, in first-seen order. */
export function paramKeysOf(runs: readonly ImportanceRun[]): string[] {
  const keys = new Set<string>();
  for (const run of runs) for (const key of Object.keys(run.params)) keys.add(key);
  return [...keys];
}

/** Rho over the runs that logged the param as a number. */
function paramSpearman(runs: readonly ImportanceRun[], param: string, y: readonly number[]): number | undefined {
  const x = runs.map((run) => (run.params[param] === undefined ? NaN : Number(run.params[param])));
  return spearman(x, y);
}

export function parameterImportance(runs: readonly ImportanceRun[], metric: string, settings: ForestSettings = TUNED_FOREST): ImportanceResult {
  const used = runs.filter((run) => Number.isFinite(run.metrics[metric]));
  const y = used.map((run) => run.metrics[metric]);
  const encoded = encodeParams(used, paramKeysOf(used));
  const columnImportance = forestImportance(encoded.rows, y, settings);
  const perParam = importancePerParam(columnImportance, encoded.columnParam, encoded.params.length);
  const params: ParamImportance[] = encoded.params.map(({ param, kind }, i) => {
    const rho = kind === 'numeric' ? paramSpearman(used, param, y) : undefined;
    return {
      param,
      kind,
      importance: perParam[i],
      ...(rho !== undefined ? { spearman: rho } : {}),
      runsWithParam: used.filter((run) => run.params[param] !== undefined).length,
    };
  });
  params.sort((a, b) => b.importance - a.importance || Math.abs(b.spearman ?? 0) - Math.abs(a.spearman ?? 0) || a.param.localeCompare(b.param));
  return { metric, runsUsed: used.length, runsWithoutMetric: runs.length - used.length, params, constantParams: encoded.constant };
}
