// Turns store runs into what the Compare Runs page shows. No vscode here.
import type { Run } from '../shared/entities.ts';
import type { ComparedRun } from '../shared/compareProtocol.ts';
import { withValuesAtStep } from '../shared/metricsAtStepCells.ts';
import type { TrackingStore } from '../store/trackingStore.ts';
import { readValuesAtStep } from '../store/valuesAtStep.ts';

export function toComparedRun(run: Run, experimentName: string): ComparedRun {
  const { info, data } = run;
  return {
    runId: info.runId,
    name: info.runName || info.runId,
    experimentName,
    status: info.status,
    startTime: info.startTime,
    endTime: info.endTime,
    user: info.userId,
    params: Object.fromEntries(data.params.map((p) => [p.key, p.value])),
    metrics: Object.fromEntries(data.metrics.map((m) => [m.key, m.value])),
    tags: Object.fromEntries(data.tags.filter((t) => !t.key.startsWith('mlflow.')).map((t) => [t.key, t.value])),
  };
}

/**
 * The runs with their `keys` metrics at `step` (or the nearest earlier step), read through the
 * store: one bulk call per key and 100 runs, cancelled through `signal`.
 */
export async function comparedAtStep(tracking: TrackingStore, runs: readonly ComparedRun[], keys: readonly string[], step: number, signal?: AbortSignal): Promise<ComparedRun[]> {
  const logged = keys.filter((key) => runs.some((run) => Object.hasOwn(run.metrics, key)));
  const values = await readValuesAtStep(tracking, runs.map((run) => run.runId), logged, step, signal);
  return runs.map((run) => withValuesAtStep(run, step, logged, values.get(run.runId)));
}
