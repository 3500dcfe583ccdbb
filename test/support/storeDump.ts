// Our stores read back into the same canonical JSON shape as test/conformance/py/dump_store.py,
// so a conformance test can compare what RunLens reads with what the real mlflow client reads.
import type { LoggedModel, Metric, ModelVersion, Page, Run, Tag } from '../../src/shared/entities.ts';
import type { ModelRegistryStore } from '../../src/store/modelRegistryStore.ts';
import type { TrackingStore } from '../../src/store/trackingStore.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** NaN and the infinities spelled as strings, as the Python dump does. */
function num(value: number): Json {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return value;
}

/** Code-point order, as Python's sorted() compares strings. */
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const opt = (value: string | number | undefined): Json => value ?? null;
const byKey = (tags: Tag[]): Json => [...tags].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((t) => ({ key: t.key, value: t.value }));

async function allPages<T>(search: (token?: string) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const page = await search(token);
    items.push(...page.items);
    token = page.nextPageToken;
  } while (token);
  return items;
}

function metric(m: Metric, withKey = true): { [key: string]: Json } {
  const entry: { [key: string]: Json } = { value: num(m.value), timestamp: m.timestamp, step: m.step };
  if (withKey) entry.key = m.key;
  return entry;
}

function pointOrder(a: { [key: string]: Json }, b: { [key: string]: Json }): number {
  return (a.step as number) - (b.step as number) || (a.timestamp as number) - (b.timestamp as number) || cmp(String(a.value), String(b.value));
}

async function dumpRun(tracking: TrackingStore, run: Run): Promise<Json> {
  const history: { [key: string]: Json } = {};
  for (const key of run.data.metrics.map((m) => m.key).sort()) {
    const points = await allPages((pageToken) => tracking.getMetricHistory(run.info.runId, key, { pageToken, maxResults: pageToken === undefined ? undefined : 10_000 }));
    history[key] = points.map((p) => metric(p, false)).sort(pointOrder);
  }
  const info = run.info;
  return {
    info: {
      run_id: info.runId, run_name: info.runName, experiment_id: info.experimentId, user_id: info.userId, status: info.status,
      start_time: opt(info.startTime), end_time: opt(info.endTime), artifact_uri: info.artifactUri, lifecycle_stage: info.lifecycleStage,
    },
    data: {
      metrics: [...run.data.metrics].sort((a, b) => (a.key < b.key ? -1 : 1)).map((m) => metric(m)),
      params: byKey(run.data.params),
      tags: byKey(run.data.tags),
    },
    inputs: {
      dataset_inputs: run.inputs.datasetInputs.map((d) => ({
        name: d.dataset.name, digest: d.dataset.digest, source_type: d.dataset.sourceType, source: d.dataset.source,
        schema: opt(d.dataset.schema), profile: opt(d.dataset.profile), tags: byKey(d.tags),
      })).sort((a, b) => cmp(`${a.name}\u0000${a.digest}`, `${b.name}\u0000${b.digest}`)),
      model_inputs: run.inputs.modelInputs.map((m) => ({ model_id: m.modelId })).sort((a, b) => cmp(a.model_id, b.model_id)),
    },
    outputs: {
      model_outputs: run.outputs.modelOutputs.map((m) => ({ model_id: m.modelId, step: m.step })).sort((a, b) => cmp(a.model_id, b.model_id) || a.step - b.step),
    },
    metric_history: history,
  };
}

const LOGGED_MODEL_STATUS: Record<string, string> = {
  LOGGED_MODEL_STATUS_UNSPECIFIED: 'UNSPECIFIED', LOGGED_MODEL_PENDING: 'PENDING', LOGGED_MODEL_READY: 'READY', LOGGED_MODEL_UPLOAD_FAILED: 'FAILED',
};

function dumpLoggedModel(model: LoggedModel): Json {
  return {
    model_id: model.modelId, experiment_id: model.experimentId, name: model.name, artifact_location: model.artifactUri,
    creation_timestamp: model.creationTimestampMs, last_updated_timestamp: model.lastUpdatedTimestampMs,
    model_type: opt(model.modelType), source_run_id: opt(model.sourceRunId), status: LOGGED_MODEL_STATUS[model.status],
    status_message: opt(model.statusMessage), tags: byKey(model.tags), params: byKey(model.params),
    metrics: [...model.metrics]
      .sort((a, b) => cmp(a.key, b.key) || a.step - b.step || a.timestamp - b.timestamp || cmp(a.datasetName ?? '', b.datasetName ?? ''))
      .map((m) => ({ ...metric(m), model_id: model.modelId, run_id: opt(m.runId), dataset_name: opt(m.datasetName), dataset_digest: opt(m.datasetDigest) })),
  };
}

export function dumpModelVersion(v: ModelVersion): { [key: string]: Json } {
  return {
    name: v.name, version: v.version, creation_timestamp: opt(v.creationTimestamp), last_updated_timestamp: opt(v.lastUpdatedTimestamp),
    user_id: opt(v.userId), current_stage: v.currentStage, description: opt(v.description), source: opt(v.source), run_id: opt(v.runId),
    run_link: opt(v.runLink), status: v.status, status_message: opt(v.statusMessage), tags: byKey(v.tags), aliases: [...v.aliases].sort(), model_id: opt(v.modelId),
  };
}

const versionOrder = (a: { [key: string]: Json }, b: { [key: string]: Json }) =>
  cmp(String(a.name), String(b.name)) || Number(a.version) - Number(b.version);

/** Everything our stores read back, shaped like dump_store.py's output with --no-artifacts. */
export async function dumpStores(tracking: TrackingStore, registry: ModelRegistryStore): Promise<Json> {
  const experiments = await allPages((pageToken) => tracking.searchExperiments({ viewType: 'ALL', maxResults: 1000, pageToken }));
  const dumpedExperiments: Json[] = [];
  for (const e of experiments) {
    const runs = await allPages((pageToken) => tracking.searchRuns({ experimentIds: [e.experimentId], runViewType: 'ALL', maxResults: 1000, pageToken }));
    const dumpedRuns: Json[] = [];
    for (const run of runs) dumpedRuns.push(await dumpRun(tracking, run));
    dumpedExperiments.push({
      experiment_id: e.experimentId, name: e.name, artifact_location: e.artifactLocation, lifecycle_stage: e.lifecycleStage,
      creation_time: opt(e.creationTime), last_update_time: opt(e.lastUpdateTime), tags: byKey(e.tags), runs: dumpedRuns,
    });
  }
  const experimentIds = experiments.map((e) => e.experimentId);
  const loggedModels = experimentIds.length === 0 ? [] : await allPages((pageToken) => tracking.searchLoggedModels({ experimentIds, maxResults: 100, pageToken }));
  const registeredModels = await allPages((pageToken) => registry.searchRegisteredModels({ maxResults: 100, pageToken }));
  const versions = await allPages((pageToken) => registry.searchModelVersions({ maxResults: 1000, pageToken }));
  return {
    experiments: dumpedExperiments,
    logged_models: loggedModels.map(dumpLoggedModel),
    registered_models: registeredModels.map((m) => ({
      name: m.name, creation_timestamp: opt(m.creationTimestamp), last_updated_timestamp: opt(m.lastUpdatedTimestamp), description: opt(m.description),
      tags: byKey(m.tags), aliases: [...m.aliases].sort((a, b) => cmp(a.alias, b.alias)).map((a) => ({ alias: a.alias, version: a.version })),
      latest_versions: m.latestVersions.map(dumpModelVersion).sort(versionOrder),
    })),
    model_versions: versions.map(dumpModelVersion).sort(versionOrder),
  };
}

/**
 * A Python dump read over REST compared with one read from the file: protobuf omits unset and
 * empty strings alike, so the REST client reads '' where the SQL store reads None.
 */
export function unsetAsNull(value: unknown): unknown {
  if (value === '') return null;
  if (Array.isArray(value)) return value.map(unsetAsNull);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unsetAsNull(v)]));
  return value;
}
