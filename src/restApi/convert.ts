// Entities ⇄ wire shapes, used by the server (entity → wire) and the REST client (wire → entity).
import type {
  DatasetInput, Experiment, LifecycleStage, LoggedModel, LoggedModelStatus, Metric, ModelVersion, ModelVersionStatus,
  RegisteredModel, Run, RunInfo, RunMetric, RunStatus, Tag,
} from '../shared/entities.ts';
import type {
  WireDatasetInput, WireExperiment, WireLoggedModel, WireMetric, WireModelVersion, WireRegisteredModel, WireRun, WireRunInfo, WireTag,
} from './wireTypes.ts';

/** Drops undefined fields and empty lists, as protobuf JSON omits unset and empty repeated fields. */
export function omitEmpty<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) continue;
    out[key] = v;
  }
  return out as T;
}

const tags = (list: Tag[] | undefined): WireTag[] | undefined => list?.map((t) => ({ key: t.key, value: t.value }));
const fromTags = (list: WireTag[] | undefined): Tag[] => (list ?? []).map((t) => ({ key: t.key, value: t.value ?? '' }));
const num = (v: number | string | undefined): number | undefined => (v === undefined || v === null ? undefined : Number(v));

export function experimentToWire(e: Experiment): WireExperiment {
  return omitEmpty({
    experiment_id: e.experimentId, name: e.name, artifact_location: e.artifactLocation, lifecycle_stage: e.lifecycleStage,
    last_update_time: e.lastUpdateTime, creation_time: e.creationTime, tags: tags(e.tags),
  });
}

export function experimentFromWire(w: WireExperiment): Experiment {
  return {
    experimentId: String(w.experiment_id), name: w.name, artifactLocation: w.artifact_location ?? '',
    lifecycleStage: (w.lifecycle_stage ?? 'active') as LifecycleStage, creationTime: num(w.creation_time), lastUpdateTime: num(w.last_update_time),
    tags: fromTags(w.tags),
  };
}

export function metricToWire(m: Metric | RunMetric): WireMetric {
  const wire: WireMetric = { key: m.key, value: m.value, timestamp: m.timestamp, step: m.step };
  if ('runId' in m && m.runId) wire.run_id = m.runId;
  return wire;
}

export function metricFromWire(w: WireMetric): Metric {
  return { key: w.key, value: Number(w.value), timestamp: Number(w.timestamp ?? 0), step: Number(w.step ?? 0) };
}

export function runInfoToWire(i: RunInfo): WireRunInfo {
  return omitEmpty({
    run_uuid: i.runId, experiment_id: i.experimentId, run_name: i.runName, user_id: i.userId, status: i.status,
    start_time: i.startTime, end_time: i.endTime, artifact_uri: i.artifactUri, lifecycle_stage: i.lifecycleStage, run_id: i.runId,
  });
}

export function runInfoFromWire(w: WireRunInfo): RunInfo {
  return {
    runId: w.run_id ?? w.run_uuid, runName: w.run_name ?? '', experimentId: String(w.experiment_id), userId: w.user_id ?? '',
    status: (w.status ?? 'RUNNING') as RunStatus, startTime: num(w.start_time), endTime: num(w.end_time),
    artifactUri: w.artifact_uri ?? '', lifecycleStage: (w.lifecycle_stage ?? 'active') as LifecycleStage,
  };
}

export function datasetInputToWire(d: DatasetInput): WireDatasetInput {
  return omitEmpty({
    tags: tags(d.tags),
    dataset: omitEmpty({ name: d.dataset.name, digest: d.dataset.digest, source_type: d.dataset.sourceType, source: d.dataset.source, schema: d.dataset.schema, profile: d.dataset.profile }),
  });
}

export function datasetInputFromWire(w: WireDatasetInput): DatasetInput {
  const d = w.dataset ?? ({} as WireDatasetInput['dataset']);
  return { tags: fromTags(w.tags), dataset: { name: d.name, digest: d.digest, sourceType: d.source_type, source: d.source, schema: d.schema, profile: d.profile } };
}

export function runToWire(r: Run): WireRun {
  return {
    info: runInfoToWire(r.info),
    data: omitEmpty({ metrics: r.data.metrics.map(metricToWire), params: tags(r.data.params), tags: tags(r.data.tags) }),
    inputs: omitEmpty({ dataset_inputs: r.inputs.datasetInputs.map(datasetInputToWire), model_inputs: r.inputs.modelInputs.map((m) => ({ model_id: m.modelId })) }),
    outputs: omitEmpty({ model_outputs: r.outputs.modelOutputs.map((m) => ({ model_id: m.modelId, step: m.step })) }),
  };
}

export function runFromWire(w: WireRun): Run {
  return {
    info: runInfoFromWire(w.info),
    data: { metrics: (w.data?.metrics ?? []).map(metricFromWire), params: fromTags(w.data?.params), tags: fromTags(w.data?.tags) },
    inputs: {
      datasetInputs: (w.inputs?.dataset_inputs ?? []).map(datasetInputFromWire),
      modelInputs: (w.inputs?.model_inputs ?? []).map((m) => ({ modelId: m.model_id })),
    },
    outputs: { modelOutputs: (w.outputs?.model_outputs ?? []).map((m) => ({ modelId: m.model_id, step: Number(m.step ?? 0) })) },
  };
}

export function modelVersionToWire(v: ModelVersion): WireModelVersion {
  return omitEmpty({
    name: v.name, version: v.version, creation_timestamp: v.creationTimestamp, last_updated_timestamp: v.lastUpdatedTimestamp,
    user_id: v.userId, current_stage: v.currentStage, description: v.description, source: v.source, run_id: v.runId,
    status: v.status, status_message: v.statusMessage, tags: tags(v.tags), run_link: v.runLink, aliases: v.aliases, model_id: v.modelId,
  });
}

export function modelVersionFromWire(w: WireModelVersion): ModelVersion {
  return {
    name: w.name, version: String(w.version), creationTimestamp: num(w.creation_timestamp), lastUpdatedTimestamp: num(w.last_updated_timestamp),
    userId: w.user_id, currentStage: w.current_stage ?? 'None', description: w.description, source: w.source, runId: w.run_id,
    status: (w.status ?? 'READY') as ModelVersionStatus, statusMessage: w.status_message, tags: fromTags(w.tags), runLink: w.run_link,
    aliases: w.aliases ?? [], modelId: w.model_id,
  };
}

export function registeredModelToWire(m: RegisteredModel): WireRegisteredModel {
  return omitEmpty({
    name: m.name, creation_timestamp: m.creationTimestamp, last_updated_timestamp: m.lastUpdatedTimestamp, user_id: m.userId,
    description: m.description, latest_versions: m.latestVersions.map(modelVersionToWire), tags: tags(m.tags),
    aliases: m.aliases.map((a) => ({ alias: a.alias, version: a.version })),
  });
}

export function registeredModelFromWire(w: WireRegisteredModel): RegisteredModel {
  return {
    name: w.name, creationTimestamp: num(w.creation_timestamp), lastUpdatedTimestamp: num(w.last_updated_timestamp), userId: w.user_id,
    description: w.description, latestVersions: (w.latest_versions ?? []).map(modelVersionFromWire), tags: fromTags(w.tags),
    aliases: (w.aliases ?? []).map((a) => ({ alias: a.alias, version: String(a.version) })),
  };
}

export function loggedModelToWire(m: LoggedModel): WireLoggedModel {
  return {
    info: omitEmpty({
      model_id: m.modelId, experiment_id: m.experimentId, name: m.name, creation_timestamp_ms: m.creationTimestampMs,
      last_updated_timestamp_ms: m.lastUpdatedTimestampMs, artifact_uri: m.artifactUri, status: m.status, model_type: m.modelType,
      source_run_id: m.sourceRunId, status_message: m.statusMessage, tags: tags(m.tags),
    }),
    data: omitEmpty({
      params: tags(m.params),
      metrics: m.metrics.map((x) => omitEmpty({ ...metricToWire(x), run_id: x.runId, model_id: m.modelId, dataset_name: x.datasetName, dataset_digest: x.datasetDigest })),
    }),
  };
}

export function loggedModelFromWire(w: WireLoggedModel): LoggedModel {
  const i = w.info;
  return {
    modelId: i.model_id, experimentId: String(i.experiment_id), name: i.name, artifactUri: i.artifact_uri ?? '',
    creationTimestampMs: Number(i.creation_timestamp_ms ?? 0), lastUpdatedTimestampMs: Number(i.last_updated_timestamp_ms ?? 0),
    status: (i.status ?? 'LOGGED_MODEL_STATUS_UNSPECIFIED') as LoggedModelStatus, statusMessage: i.status_message, modelType: i.model_type,
    sourceRunId: i.source_run_id, lifecycleStage: 'active', tags: fromTags(i.tags), params: fromTags(w.data?.params),
    metrics: (w.data?.metrics ?? []).map((x) => ({ ...metricFromWire(x), runId: x.run_id, datasetName: x.dataset_name, datasetDigest: x.dataset_digest })),
  };
}
