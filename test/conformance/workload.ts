// A tracking + registry workload written through our stores, covering what the examples cover.
import type { ModelRegistryStore } from '../../src/store/modelRegistryStore.ts';
import type { TrackingStore } from '../../src/store/trackingStore.ts';

export interface WrittenWorkload {
  experimentId: string;
  parentRunId: string;
  childRunIds: string[];
  epochRunId: string;
  losses: number[];
}

/** Params and metrics, a 4×3 grid of nested runs, per-epoch steps, NaN and inf, tags, registry. */
export async function writeWorkload(tracking: TrackingStore, registry: ModelRegistryStore): Promise<WrittenWorkload> {
  const experimentId = await tracking.createExperiment('runlens-written', undefined, [{ key: 'project', value: 'conformance' }]);
  const parent = await tracking.createRun({ experimentId, runName: 'grid-parent', startTime: 1_700_000_000_000, userId: 'runlens' });
  const childRunIds: string[] = [];
  let t = 1_700_000_001_000;
  for (const c of [0.01, 0.1, 1, 10]) {
    for (const maxIter of [50, 100, 200]) {
      const child = await tracking.createRun({
        experimentId, startTime: t++, userId: 'runlens',
        tags: [{ key: 'mlflow.parentRunId', value: parent.info.runId }],
      });
      await tracking.logBatch(child.info.runId, {
        params: [{ key: 'C', value: String(c) }, { key: 'max_iter', value: String(maxIter) }],
        metrics: [{ key: 'accuracy', value: 0.5 + c / 40 + maxIter / 1000, timestamp: t, step: 0 }],
        tags: [{ key: 'grid', value: 'c-by-iter' }],
      });
      await tracking.updateRun(child.info.runId, { status: 'FINISHED', endTime: t + 10 });
      childRunIds.push(child.info.runId);
    }
  }
  await tracking.updateRun(parent.info.runId, { status: 'FINISHED', endTime: t + 100 });

  const epochs = await tracking.createRun({ experimentId, runName: 'epochs', startTime: t + 200, userId: 'runlens' });
  const losses = Array.from({ length: 30 }, (_, i) => 1 / (i + 1));
  await tracking.logBatch(epochs.info.runId, {
    metrics: [
      ...losses.map((loss, step) => ({ key: 'train/loss', value: loss, timestamp: t + 300 + step, step })),
      { key: 'weird', value: NaN, timestamp: t + 400, step: 0 },
      { key: 'weird', value: Infinity, timestamp: t + 401, step: 1 },
      { key: 'negative_inf', value: -Infinity, timestamp: t + 402, step: 0 },
    ],
    params: [{ key: 'optimizer', value: 'sgd' }, { key: 'long', value: 'x'.repeat(7000) }],
    tags: [{ key: 'mlflow.note.content', value: '# Notes\nwritten by RunLens' }],
  });
  await tracking.logInputs(epochs.info.runId, [{
    tags: [{ key: 'mlflow.data.context', value: 'training' }],
    dataset: { name: 'iris', digest: 'abc123', sourceType: 'local', source: '{"uri": "data/iris.csv"}', schema: '{"mlflow_colspec": []}', profile: '{"num_rows": 150}' },
  }]);
  await tracking.updateRun(epochs.info.runId, { status: 'FAILED', endTime: t + 500 });

  const deleted = await tracking.createRun({ experimentId, runName: 'deleted-run', startTime: t + 600 });
  await tracking.deleteRun(deleted.info.runId);

  await registry.createRegisteredModel('runlens-model', [{ key: 'owner', value: 'ml-team' }], 'A model registered by RunLens');
  const source = `${(await tracking.getRun(childRunIds[0])).info.artifactUri}/model`;
  await registry.createModelVersion({ name: 'runlens-model', source, runId: childRunIds[0], description: 'first' });
  await registry.createModelVersion({ name: 'runlens-model', source, runId: childRunIds[1], tags: [{ key: 'validated', value: 'yes' }] });
  await registry.transitionModelVersionStage('runlens-model', '1', 'Staging', false);
  await registry.transitionModelVersionStage('runlens-model', '2', 'Production', true);
  await registry.setRegisteredModelAlias('runlens-model', 'champion', '2');
  await registry.setModelVersionTag('runlens-model', '1', { key: 'note', value: 'baseline' });

  return { experimentId, parentRunId: parent.info.runId, childRunIds, epochRunId: epochs.info.runId, losses };
}
