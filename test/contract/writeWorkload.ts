// Writes the contract workload through a writable backend's store API (the same steps
// py/write_workload.py takes with MLflow's own stores). A failing step is recorded and the rest
// still run, so one broken call fails its own test instead of cancelling the whole suite.
import type { ModelRegistryStore } from '../../src/store/modelRegistryStore.ts';
import type { TrackingStore } from '../../src/store/trackingStore.ts';
import { WORKLOAD, type WorkloadSpec } from './workload.ts';

/** Returns one line per step that failed (empty when every write succeeded). */
export async function writeWorkload(tracking: TrackingStore, registry: ModelRegistryStore, spec: WorkloadSpec = WORKLOAD): Promise<string[]> {
  const failures: string[] = [];
  const step = async <T>(what: string, write: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await write();
    } catch (error) {
      const code = (error as { code?: string }).code;
      failures.push(`${what}: ${code ? `${code}: ` : ''}${(error as Error).message}`);
      return undefined;
    }
  };
  const experimentIds = new Map<string, string>();
  for (const experiment of spec.experiments) {
    const id = await step(`createExperiment ${experiment.name}`, () => tracking.createExperiment(experiment.name, undefined, experiment.tags));
    if (id !== undefined) experimentIds.set(experiment.name, id);
  }

  const runs = new Map<string, { runId: string; artifactUri: string }>();
  for (const run of spec.runs) {
    const parentTag = run.parent ? [{ key: 'mlflow.parentRunId', value: runs.get(run.parent)?.runId ?? '' }] : [];
    const created = await step(`createRun ${run.runName}`, () => tracking.createRun({
      experimentId: experimentIds.get(run.experiment) ?? '', userId: run.userId, runName: run.runName, startTime: run.startTime,
      tags: [...run.tags, ...parentTag],
    }));
    if (!created) continue;
    const runId = created.info.runId;
    const datasets = run.datasets;
    runs.set(run.runName, { runId, artifactUri: created.info.artifactUri });
    if (run.params.length > 0 || run.metrics.length > 0) await step(`logBatch ${run.runName}`, () => tracking.logBatch(runId, { params: run.params, metrics: run.metrics }));
    if (datasets) await step(`logInputs ${run.runName}`, () => tracking.logInputs(runId, datasets));
    if (run.status !== 'RUNNING') await step(`updateRun ${run.runName}`, () => tracking.updateRun(runId, { status: run.status, endTime: run.endTime }));
    if (run.deleted) await step(`deleteRun ${run.runName}`, () => tracking.deleteRun(runId));
  }

  for (const model of spec.loggedModels) {
    const created = await step(`createLoggedModel ${model.name}`, () => tracking.createLoggedModel({
      experimentId: experimentIds.get(model.experiment) ?? '', name: model.name, modelType: model.modelType,
      sourceRunId: runs.get(model.sourceRun)?.runId, tags: model.tags, params: model.params,
    }));
    if (created) await step(`finalizeLoggedModel ${model.name}`, () => tracking.finalizeLoggedModel(created.modelId, 'LOGGED_MODEL_READY'));
  }

  for (const model of spec.registry.models) {
    await step(`createRegisteredModel ${model.name}`, () => registry.createRegisteredModel(model.name, model.tags, model.description));
  }
  for (const version of spec.registry.versions) {
    const run = runs.get(version.sourceRun);
    await step(`createModelVersion ${version.model} from ${version.sourceRun}`, () => registry.createModelVersion({
      name: version.model, source: `${run?.artifactUri}/model`, runId: run?.runId, tags: version.tags, description: version.description,
    }));
  }
  for (const t of spec.registry.transitions) {
    await step(`transitionModelVersionStage ${t.model} v${t.version} ${t.stage}`, () => registry.transitionModelVersionStage(t.model, t.version, t.stage, t.archiveExisting));
  }
  for (const a of spec.registry.aliases) {
    await step(`setRegisteredModelAlias ${a.model} ${a.alias}`, () => registry.setRegisteredModelAlias(a.model, a.alias, a.version));
  }

  // Deleted last, so its creation went through the same path as the others.
  for (const experiment of spec.experiments) {
    if (experiment.deleted) await step(`deleteExperiment ${experiment.name}`, () => tracking.deleteExperiment(experimentIds.get(experiment.name) ?? ''));
  }
  return failures;
}
