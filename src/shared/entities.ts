// MLflow's tracking and registry entities, camelCase. Timestamps are epoch milliseconds.

export type RunStatus = 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';
export const RUN_STATUSES: readonly RunStatus[] = ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'];
export type LifecycleStage = 'active' | 'deleted';
export type ViewType = 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';

export interface Tag {
  key: string;
  value: string;
}

export interface Experiment {
  experimentId: string;
  name: string;
  artifactLocation: string;
  lifecycleStage: LifecycleStage;
  creationTime?: number;
  lastUpdateTime?: number;
  tags: Tag[];
}

export interface Metric {
  key: string;
  value: number;
  timestamp: number;
  step: number;
}

/** A metric point with the run it belongs to (bulk-interval history). */
export interface RunMetric extends Metric {
  runId: string;
}

export interface Param {
  key: string;
  value: string;
}

export interface RunInfo {
  runId: string;
  runName: string;
  experimentId: string;
  userId: string;
  status: RunStatus;
  startTime?: number;
  endTime?: number;
  artifactUri: string;
  lifecycleStage: LifecycleStage;
}

export interface RunData {
  /** Latest value per key. */
  metrics: Metric[];
  params: Param[];
  tags: Tag[];
}

export interface Dataset {
  name: string;
  digest: string;
  sourceType: string;
  source: string;
  schema?: string;
  profile?: string;
}

export interface DatasetInput {
  tags: Tag[];
  dataset: Dataset;
}

export interface ModelInput {
  modelId: string;
}

export interface ModelOutput {
  modelId: string;
  step: number;
}

export interface Run {
  info: RunInfo;
  data: RunData;
  inputs: { datasetInputs: DatasetInput[]; modelInputs: ModelInput[] };
  outputs: { modelOutputs: ModelOutput[] };
}

export interface Page<T> {
  items: T[];
  nextPageToken?: string;
}

export type ModelVersionStage = 'None' | 'Staging' | 'Production' | 'Archived';
export const MODEL_VERSION_STAGES: readonly ModelVersionStage[] = ['None', 'Staging', 'Production', 'Archived'];
export type ModelVersionStatus = 'PENDING_REGISTRATION' | 'FAILED_REGISTRATION' | 'READY';

export interface ModelVersion {
  name: string;
  version: string;
  creationTimestamp?: number;
  lastUpdatedTimestamp?: number;
  userId?: string;
  currentStage: string;
  description?: string;
  source?: string;
  runId?: string;
  status: ModelVersionStatus;
  statusMessage?: string;
  tags: Tag[];
  runLink?: string;
  aliases: string[];
  modelId?: string;
  storageLocation?: string;
}

export interface RegisteredModelAlias {
  alias: string;
  version: string;
}

export interface RegisteredModel {
  name: string;
  creationTimestamp?: number;
  lastUpdatedTimestamp?: number;
  userId?: string;
  description?: string;
  latestVersions: ModelVersion[];
  tags: Tag[];
  aliases: RegisteredModelAlias[];
}

export type LoggedModelStatus = 'LOGGED_MODEL_STATUS_UNSPECIFIED' | 'LOGGED_MODEL_PENDING' | 'LOGGED_MODEL_READY' | 'LOGGED_MODEL_UPLOAD_FAILED';

export interface LoggedModelMetric extends Metric {
  runId?: string;
  datasetName?: string;
  datasetDigest?: string;
}

export interface LoggedModel {
  modelId: string;
  experimentId: string;
  name: string;
  artifactUri: string;
  creationTimestampMs: number;
  lastUpdatedTimestampMs: number;
  status: LoggedModelStatus;
  statusMessage?: string;
  modelType?: string;
  sourceRunId?: string;
  lifecycleStage: LifecycleStage;
  tags: Tag[];
  params: Param[];
  metrics: LoggedModelMetric[];
}
