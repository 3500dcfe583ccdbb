// "Metrics at a step" as Compare Runs and the runs table show them: a run's metrics replaced by
// their values at step N, and the marker a cell carries when the value is from an earlier step
// ("≤", titled "step 40 (no value at 50)") or the run logged the key only later ("—"). Pure.
import type { ComparedRun, StepRange } from './compareProtocol.ts';
import type { Run } from './entities.ts';
import type { ValueAtStep } from './metricAtStep.ts';

/** The marker before an earlier step's value. */
export const EARLIER_MARK = '≤';
/** A run that logged the key only after the chosen step. */
export const NOT_YET_MARK = '—';

/**
 * The run with `metrics` at `step`: each of `keys` the run logged gets its value at the step (or
 * the nearest earlier); a key first logged after the step is listed in `atStep.later` instead.
 * Metrics not in `keys` are left out, so no cell mixes latest and at-step values.
 */
export function withValuesAtStep(run: ComparedRun, step: number, keys: readonly string[], values: ReadonlyMap<string, ValueAtStep> | undefined): ComparedRun {
  const metrics: Record<string, number> = {};
  const loggedAt: Record<string, number> = {};
  const later: string[] = [];
  for (const key of keys) {
    if (!Object.hasOwn(run.metrics, key)) continue;
    const found = values?.get(key);
    if (found) {
      metrics[key] = found.value;
      loggedAt[key] = found.step;
    } else later.push(key);
  }
  return { ...run, metrics, atStep: { step, loggedAt, later } };
}

export interface AtStepNote {
  /** Shown before the value ("≤") or instead of it ("—"). */
  mark: string;
  title: string;
}

/** What a metric cell adds at a chosen step: nothing for a value logged at the step itself. */
export function atStepNote(run: ComparedRun, key: string): AtStepNote | undefined {
  const at = run.atStep;
  if (!at) return undefined;
  const logged = at.loggedAt[key];
  if (logged !== undefined) return logged === at.step ? undefined : { mark: EARLIER_MARK, title: `step ${logged} (no value at ${at.step})` };
  if (at.later.includes(key)) return { mark: NOT_YET_MARK, title: `first logged after step ${at.step}` };
  return undefined;
}

/** A metric cell's text and title at a chosen step (or as is, without one). */
export function atStepCellText(run: ComparedRun, key: string, formatted: string): { text: string; title?: string } {
  const note = atStepNote(run, key);
  if (!note) return { text: formatted };
  return note.mark === NOT_YET_MARK ? { text: NOT_YET_MARK, title: note.title } : { text: `${note.mark} ${formatted}`, title: note.title };
}

/**
 * The steps a slider offers: from the lowest to the highest step of the runs' latest metrics
 * (a latest value is at a run's last step, so this spans every run's end; 0 is always in range).
 */
export function stepRange(runs: readonly Run[]): StepRange | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (const run of runs) {
    for (const metric of run.data.metrics) {
      min = Math.min(min, metric.step);
      max = Math.max(max, metric.step);
    }
  }
  return max >= min ? { min: Math.min(0, min), max } : undefined;
}

/** The metric keys among columns such as `metrics.loss` (the runs table's ids). */
export function metricKeysOf(columns: readonly string[]): string[] {
  return columns.filter((c) => c.startsWith('metrics.')).map((c) => c.slice('metrics.'.length));
}
