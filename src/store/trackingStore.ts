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
}

/** MLflow's tracking store: what a sqlite, mlruns or remote backend must answer. */
export interface TrackingStore {
  readonly readOnly: boolean;

  createExperiment(name: string, artifactLocation?: string, tags?: Tag[]): Promise<string>;
  getExperiment(experimentId: string): Promise<Experiment>;
  getExperimentByName(name: string): Promise<Experiment | undefined>;
  searchExperiments(query: SearchExperimentsQuery): Promise<Page<Experiment>>;
  renameExperiment(experimentId: string, newName: string): Promise<void>;
  deleteExperiment(experimentId: string): Promise<void>;
  restoreExperiment(experimentId: string): Promise<void>;
  setExperimentTag(experimentId: string, tag: Tag): Promise<void>;
  deleteExperimentTag(experimentId: string, key: string): Promise<void>;

  createRun(request: CreateRunRequest): Promise<Run>;
  getRun(runId: string): Promise<Run>;
  updateRun(runId: string, update: UpdateRunRequest): Promise<RunInfo>;
  deleteRun(runId: string): Promise<void>;
  restoreRun(runId: string): Promise<void>;
  searchRuns(query: SearchRunsQuery): Promise<Page<Run>>;

  logMetric(runId: string, metric: Metric): Promise<void>;
  logParam(runId: string, param: Param): Promise<void>;
  setTag(runId: string, tag: Tag): Promise<void>;
  deleteTag(runId: string, key: string): Promise<void>;
  logBatch(runId: string, batch: LogBatchRequest): Promise<void>;
  logInputs(runId: string, datasets: DatasetInput[], models?: ModelInput[]): Promise<void>;
  logOutputs(runId: string, models: ModelOutput[]): Promise<void>;

  getMetricHistory(runId: string, key: string, query?: MetricHistoryQuery): Promise<Page<Metric>>;
  getMetricHistoryBulkInterval(query: BulkIntervalQuery): Promise<RunMetric[]>;

  createLoggedModel(request: CreateLoggedModelRequest): Promise<LoggedModel>;
  getLoggedModel(modelId: string): Promise<LoggedModel>;
  finalizeLoggedModel(modelId: string, status: LoggedModelStatus): Promise<LoggedModel>;
  deleteLoggedModel(modelId: string): Promise<void>;
  setLoggedModelTags(modelId: string, tags: Tag[]): Promise<void>;
  deleteLoggedModelTag(modelId: string, key: string): Promise<void>;
  logLoggedModelParams(modelId: string, params: Param[]): Promise<void>;
  searchLoggedModels(query: SearchLoggedModelsQuery): Promise<Page<LoggedModel>>;

  close(): void;
}
