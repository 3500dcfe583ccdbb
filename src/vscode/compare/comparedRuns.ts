// Turns store runs into what the Compare Runs page shows. No vscode here.
import type { Run } from '../../shared/entities.ts';
import type { ComparedRun } from '../../shared/compareProtocol.ts';

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
