// The one route table of MLflow's REST API that both our server and our REST client are driven by.
import type { FieldSpec, Fields } from './fields.ts';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';

export interface Route {
  /** The first method is the one MLflow's client uses; the server accepts all. */
  methods: readonly HttpMethod[];
  /** Full path; `{name}` segments are path parameters. */
  path: string;
  fields: Fields;
}

const req = (type: FieldSpec['type']): FieldSpec => ({ type, required: true });
const opt = (type: FieldSpec['type']): FieldSpec => ({ type });
const V2 = '/api/2.0/mlflow';

const route = (methods: HttpMethod | HttpMethod[], path: string, fields: Fields = {}): Route =>
  ({ methods: Array.isArray(methods) ? methods : [methods], path: path.startsWith('/') ? path : `${V2}/${path}`, fields });

const searchPaging = { max_results: opt('int'), page_token: opt('string'), order_by: opt('string[]'), filter: opt('string') };

export const ROUTES = {
  createExperiment: route('POST', 'experiments/create', { name: req('string'), artifact_location: opt('string'), tags: opt('object[]') }),
  getExperiment: route('GET', 'experiments/get', { experiment_id: req('string') }),
  getExperimentByName: route('GET', 'experiments/get-by-name', { experiment_name: req('string') }),
  searchExperiments: route(['POST', 'GET'], 'experiments/search', { ...searchPaging, view_type: { type: 'string', intlikeOnParseFailure: true } }),
  deleteExperiment: route('POST', 'experiments/delete', { experiment_id: req('string') }),
  restoreExperiment: route('POST', 'experiments/restore', { experiment_id: req('string') }),
  updateExperiment: route('POST', 'experiments/update', { experiment_id: req('string'), new_name: req('string') }),
  setExperimentTag: route('POST', 'experiments/set-experiment-tag', { experiment_id: req('string'), key: req('string'), value: req('string') }),
  deleteExperimentTag: route('POST', 'experiments/delete-experiment-tag', { experiment_id: req('string'), key: req('string') }),

  createRun: route('POST', 'runs/create', { experiment_id: opt('string'), user_id: opt('string'), run_name: opt('string'), start_time: opt('int'), tags: opt('object[]') }),
  updateRun: route('POST', 'runs/update', { run_id: opt('string'), run_uuid: opt('string'), status: opt('string'), end_time: opt('int'), run_name: opt('string') }),
  deleteRun: route('POST', 'runs/delete', { run_id: req('string') }),
  restoreRun: route('POST', 'runs/restore', { run_id: req('string') }),
  getRun: route('GET', 'runs/get', { run_id: opt('string'), run_uuid: opt('string') }),
  searchRuns: route('POST', 'runs/search', { ...searchPaging, experiment_ids: opt('string[]'), run_view_type: opt('string') }),
  logMetric: route('POST', 'runs/log-metric', { run_id: opt('string'), run_uuid: opt('string'), key: req('string'), value: req('number'), timestamp: req('int'), step: opt('int'), model_id: opt('string'), dataset_name: opt('string'), dataset_digest: opt('string') }),
  logParam: route('POST', 'runs/log-parameter', { run_id: opt('string'), run_uuid: opt('string'), key: req('string'), value: req('string') }),
  setTag: route('POST', 'runs/set-tag', { run_id: opt('string'), run_uuid: opt('string'), key: req('string'), value: req('string') }),
  deleteTag: route('POST', 'runs/delete-tag', { run_id: req('string'), key: req('string') }),
  logBatch: route('POST', 'runs/log-batch', { run_id: req('string'), metrics: opt('object[]'), params: opt('object[]'), tags: opt('object[]') }),
  logModel: route('POST', 'runs/log-model', { run_id: req('string'), model_json: req('string') }),
  logInputs: route('POST', 'runs/log-inputs', { run_id: req('string'), datasets: opt('object[]'), models: opt('object[]') }),
  logOutputs: route('POST', 'runs/outputs', { run_id: req('string'), models: req('object[]') }),
  getMetricHistory: route('GET', 'metrics/get-history', { run_id: opt('string'), run_uuid: opt('string'), metric_key: req('string'), page_token: opt('string'), max_results: opt('int') }),
  getMetricHistoryBulkInterval: route('GET', 'metrics/get-history-bulk-interval', { run_ids: req('string[]'), metric_key: req('string'), start_step: opt('int'), end_step: opt('int'), max_results: opt('int') }),
  listArtifacts: route('GET', 'artifacts/list', { run_id: opt('string'), run_uuid: opt('string'), path: opt('string'), page_token: opt('string') }),

  createLoggedModel: route('POST', 'logged-models', { experiment_id: req('string'), name: opt('string'), model_type: opt('string'), source_run_id: opt('string'), params: opt('object[]'), tags: opt('object[]') }),
  getLoggedModel: route('GET', 'logged-models/{model_id}', { model_id: req('string') }),
  finalizeLoggedModel: route('PATCH', 'logged-models/{model_id}', { model_id: req('string'), status: req('string') }),
  deleteLoggedModel: route('DELETE', 'logged-models/{model_id}', { model_id: req('string') }),
  searchLoggedModels: route('POST', 'logged-models/search', { experiment_ids: { type: 'string[]', required: true, stringItems: true }, filter: opt('string'), datasets: opt('object[]'), max_results: opt('int'), order_by: opt('object[]'), page_token: opt('string') }),
  setLoggedModelTags: route('PATCH', 'logged-models/{model_id}/tags', { model_id: req('string'), tags: opt('object[]') }),
  deleteLoggedModelTag: route('DELETE', 'logged-models/{model_id}/tags/{tag_key}', { model_id: req('string'), tag_key: req('string') }),
  logLoggedModelParams: route('POST', 'logged-models/{model_id}/params', { model_id: req('string'), params: opt('object[]') }),
  listLoggedModelArtifacts: route('GET', 'logged-models/{model_id}/artifacts/directories', { model_id: req('string'), artifact_directory_path: opt('string'), page_token: opt('string') }),

  createRegisteredModel: route('POST', 'registered-models/create', { name: req('string'), tags: opt('object[]'), description: opt('string') }),
  renameRegisteredModel: route('POST', 'registered-models/rename', { name: req('string'), new_name: req('string') }),
  updateRegisteredModel: route('PATCH', 'registered-models/update', { name: req('string'), description: opt('string') }),
  deleteRegisteredModel: route('DELETE', 'registered-models/delete', { name: req('string') }),
  getRegisteredModel: route('GET', 'registered-models/get', { name: req('string') }),
  searchRegisteredModels: route('GET', 'registered-models/search', searchPaging),
  getLatestVersions: route(['POST', 'GET'], 'registered-models/get-latest-versions', { name: req('string'), stages: { type: 'string[]', stringItems: true } }),
  setRegisteredModelTag: route('POST', 'registered-models/set-tag', { name: req('string'), key: req('string'), value: req('string') }),
  deleteRegisteredModelTag: route('DELETE', 'registered-models/delete-tag', { name: req('string'), key: req('string') }),
  setRegisteredModelAlias: route('POST', 'registered-models/alias', { name: req('string'), alias: req('string'), version: req('string') }),
  deleteRegisteredModelAlias: route('DELETE', 'registered-models/alias', { name: req('string'), alias: req('string') }),
  getModelVersionByAlias: route('GET', 'registered-models/alias', { name: req('string'), alias: req('string') }),

  createModelVersion: route('POST', 'model-versions/create', { name: req('string'), source: req('string'), run_id: opt('string'), tags: opt('object[]'), run_link: opt('string'), description: opt('string'), model_id: opt('string') }),
  updateModelVersion: route('PATCH', 'model-versions/update', { name: req('string'), version: req('string'), description: opt('string') }),
  transitionModelVersionStage: route('POST', 'model-versions/transition-stage', { name: req('string'), version: req('string'), stage: req('string'), archive_existing_versions: opt('bool') }),
  deleteModelVersion: route('DELETE', 'model-versions/delete', { name: req('string'), version: req('string') }),
  getModelVersion: route('GET', 'model-versions/get', { name: req('string'), version: req('string') }),
  searchModelVersions: route('GET', 'model-versions/search', searchPaging),
  getModelVersionDownloadUri: route('GET', 'model-versions/get-download-uri', { name: req('string'), version: req('string') }),
  setModelVersionTag: route('POST', 'model-versions/set-tag', { name: req('string'), version: req('string'), key: req('string'), value: req('string') }),
  deleteModelVersionTag: route('DELETE', 'model-versions/delete-tag', { name: req('string'), version: req('string'), key: req('string') }),

  serverInfo: route('GET', '/api/3.0/mlflow/server-info'),
} satisfies Record<string, Route>;

export type RouteName = keyof typeof ROUTES;

/** Fills `{param}` segments of a route path, URL-encoding each value. */
export function routeUrl(route: Route, params: Record<string, unknown>): string {
  return route.path.replace(/\{(\w+)\}/gu, (_m, name: string) => encodeURIComponent(String(params[name] ?? '')));
}
