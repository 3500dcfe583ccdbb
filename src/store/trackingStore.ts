import type {
  DatasetInput, Experiment, LoggedModel, LoggedModelStatus, Metric, ModelInput, ModelOutput, Page,
  Param, Run, RunInfo, RunMetric, RunStatus, Tag, ViewType,
} from '../shared/entities.ts';

export interface SearchExperimentsQuery {
  viewType?: ViewType;
  maxResults?: number;
  filter?: string;
  orderBy?: string[];
  pageToken?: string;
}

export interface CreateRunRequest {
  experimentId: string;
  userId?: string;
  runName?: string;
  startTime?: number;
  tags?: Tag[];
}

export interface UpdateRunRequest {
  status?: RunStatus;
  endTime?: number;
  runName?: string;
}

export interface SearchRunsQuery {
  experimentIds: string[];
  filter?: string;
  runViewType?: ViewType;
  maxResults?: number;
  orderBy?: string[];
  pageToken?: string;
  /**
   * Start at this position of the results instead of a page token (random access: the runs table
   * asks for any row range). Not part of MLflow's API; each store maps it to its own paging.
   */
  offset?: number;
}

export interface LogBatchRequest {
  metrics?: Metric[];
  params?: Param[];
  tags?: Tag[];
}

export interface MetricHistoryQuery {
  maxResults?: number;
  pageToken?: string;
  /** Skip this many points (in the store's order) instead of a page token: charts fetch only what is new. */
  offset?: number;
}

export interface BulkIntervalQuery {
  runIds: string[];
  metricKey: string;
  startStep?: number;
  endStep?: number;
  maxResults?: number;
}

export interface CreateLoggedModelRequest {
  experimentId: string;
  name?: string;
  modelType?: string;
  sourceRunId?: string;
  params?: Param[];
  tags?: Tag[];
}

export interface SearchLoggedModelsQuery {
  experimentIds: string[];
  filter?: string;
  maxResults?: number;
  pageToken?: string;
  /** mlflow's order_by objects: an attribute (`name`, `creation_timestamp`, …) or `metrics.<key>`. */
  orderBy?: LoggedModelOrderBy[];
}

export interface LoggedModelOrderBy {
  field_name: string;
  ascending?: boolean;
  dataset_name?: string;
  dataset_digest?: string;
}

/** A metric's history as columns in store order: what charts need, without an object per point. */
export interface MetricHistoryColumns {
  steps: Float64Array;
  timestamps: Float64Array;
  values: Float64Array;
}

/** What any store call may carry: a signal that cancels it (in the store worker too, mid-query). */
export interface StoreCallOptions {
  signal?: AbortSignal;
}

/** MLflow's tracking store: what a sqlite, mlruns or remote backend must answer. */
export interface TrackingStore {
  readonly readOnly: boolean;

  createExperiment(name: string, artifactLocation?: string, tags?: Tag[], options?: StoreCallOptions): Promise<string>;
  getExperiment(experimentId: string, options?: StoreCallOptions): Promise<Experiment>;
  getExperimentByName(name: string, options?: StoreCallOptions): Promise<Experiment | undefined>;
  searchExperiments(query: SearchExperimentsQuery, options?: StoreCallOptions): Promise<Page<Experiment>>;
  renameExperiment(experimentId: string, newName: string, options?: StoreCallOptions): Promise<void>;
  deleteExperiment(experimentId: string, options?: StoreCallOptions): Promise<void>;
  restoreExperiment(experimentId: string, options?: StoreCallOptions): Promise<void>;
  setExperimentTag(experimentId: string, tag: Tag, options?: StoreCallOptions): Promise<void>;
  deleteExperimentTag(experimentId: string, key: string, options?: StoreCallOptions): Promise<void>;

  createRun(request: CreateRunRequest, options?: StoreCallOptions): Promise<Run>;
  getRun(runId: string, options?: StoreCallOptions): Promise<Run>;
  updateRun(runId: string, update: UpdateRunRequest, options?: StoreCallOptions): Promise<RunInfo>;
  deleteRun(runId: string, options?: StoreCallOptions): Promise<void>;
  restoreRun(runId: string, options?: StoreCallOptions): Promise<void>;
  searchRuns(query: SearchRunsQuery, options?: StoreCallOptions): Promise<Page<Run>>;

  logMetric(runId: string, metric: Metric, options?: StoreCallOptions): Promise<void>;
  logParam(runId: string, param: Param, options?: StoreCallOptions): Promise<void>;
  setTag(runId: string, tag: Tag, options?: StoreCallOptions): Promise<void>;
  deleteTag(runId: string, key: string, options?: StoreCallOptions): Promise<void>;
  logBatch(runId: string, batch: LogBatchRequest, options?: StoreCallOptions): Promise<void>;
  logInputs(runId: string, datasets: DatasetInput[], models?: ModelInput[], options?: StoreCallOptions): Promise<void>;
  logOutputs(runId: string, models: ModelOutput[], options?: StoreCallOptions): Promise<void>;

  getMetricHistory(runId: string, key: string, query?: MetricHistoryQuery, options?: StoreCallOptions): Promise<Page<Metric>>;
  /**
   * Local stores: the history of `key` from its `offset`-th point as columns, so a chart of a
   * million points crosses threads as three buffers rather than a million objects.
   */
  getMetricHistoryColumns?(runId: string, key: string, offset?: number, options?: StoreCallOptions): Promise<MetricHistoryColumns>;
  getMetricHistoryBulkInterval(query: BulkIntervalQuery, options?: StoreCallOptions): Promise<RunMetric[]>;

  createLoggedModel(request: CreateLoggedModelRequest, options?: StoreCallOptions): Promise<LoggedModel>;
  getLoggedModel(modelId: string, options?: StoreCallOptions): Promise<LoggedModel>;
  finalizeLoggedModel(modelId: string, status: LoggedModelStatus, options?: StoreCallOptions): Promise<LoggedModel>;
  deleteLoggedModel(modelId: string, options?: StoreCallOptions): Promise<void>;
  setLoggedModelTags(modelId: string, tags: Tag[], options?: StoreCallOptions): Promise<void>;
  deleteLoggedModelTag(modelId: string, key: string, options?: StoreCallOptions): Promise<void>;
  logLoggedModelParams(modelId: string, params: Param[], options?: StoreCallOptions): Promise<void>;
  searchLoggedModels(query: SearchLoggedModelsQuery, options?: StoreCallOptions): Promise<Page<LoggedModel>>;

  close(): void;
}
