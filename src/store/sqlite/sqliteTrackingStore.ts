// TrackingStore over MLflow's SQLite schema: a thin facade over one part per entity.
import type {
  DatasetInput, Experiment, LoggedModel, LoggedModelStatus, Metric, ModelInput, ModelOutput, Page, Param,
  Run, RunInfo, RunMetric, Tag,
} from '../../shared/entities.ts';
import type {
  BulkIntervalQuery, CreateLoggedModelRequest, CreateRunRequest, LogBatchRequest, MetricHistoryColumns, MetricHistoryQuery,
  SearchExperimentsQuery, SearchLoggedModelsQuery, SearchRunsQuery, StoreCallOptions, TrackingStore, UpdateRunRequest,
} from '../trackingStore.ts';
import { throwIfCancelled } from '../cancellation.ts';
import { validateRunId } from '../validation.ts';
import { SqliteExperiments } from './experiments.ts';
import { SqliteLoggedModels } from './loggedModels.ts';
import { SqliteMetricHistory } from './metricHistory.ts';
import { SqliteRunInputs } from './runInputs.ts';
import { SqliteRunLogging } from './runLogging.ts';
import { SqliteRuns } from './runs.ts';
import { writeTransaction, type SqliteContext } from './sqliteContext.ts';

export class SqliteTrackingStore implements TrackingStore {
  private readonly ctx: SqliteContext;
  private readonly experiments: SqliteExperiments;
  private readonly runs: SqliteRuns;
  private readonly inputs: SqliteRunInputs;
  private readonly logging: SqliteRunLogging;
  private readonly metricHistory: SqliteMetricHistory;
  private readonly loggedModels: SqliteLoggedModels;

  constructor(ctx: SqliteContext, defaultArtifactRoot: string) {
    this.ctx = ctx;
    this.experiments = new SqliteExperiments(ctx, defaultArtifactRoot);
    this.inputs = new SqliteRunInputs(ctx);
    this.runs = new SqliteRuns(ctx, this.experiments, this.inputs);
    this.logging = new SqliteRunLogging(ctx, this.runs);
    this.metricHistory = new SqliteMetricHistory(ctx);
    this.loggedModels = new SqliteLoggedModels(ctx, this.experiments);
  }

  get readOnly(): boolean {
    return this.ctx.readOnlyReason !== undefined;
  }

  async createExperiment(name: string, artifactLocation?: string, tags?: Tag[]): Promise<string> {
    return this.experiments.create(name, artifactLocation, tags);
  }
  async getExperiment(experimentId: string): Promise<Experiment> {
    return this.experiments.get(experimentId);
  }
  async getExperimentByName(name: string): Promise<Experiment | undefined> {
    return this.experiments.getByName(name);
  }
  async searchExperiments(query: SearchExperimentsQuery): Promise<Page<Experiment>> {
    return this.experiments.search(query);
  }
  async renameExperiment(experimentId: string, newName: string): Promise<void> {
    this.experiments.rename(experimentId, newName);
  }
  async deleteExperiment(experimentId: string): Promise<void> {
    this.experiments.setLifecycle(experimentId, 'deleted');
  }
  async restoreExperiment(experimentId: string): Promise<void> {
    this.experiments.setLifecycle(experimentId, 'active');
  }
  async setExperimentTag(experimentId: string, tag: Tag): Promise<void> {
    this.experiments.setTag(experimentId, tag);
  }
  async deleteExperimentTag(experimentId: string, key: string): Promise<void> {
    this.experiments.deleteTag(experimentId, key);
  }

  async createRun(request: CreateRunRequest): Promise<Run> {
    return this.runs.create(request);
  }
  async getRun(runId: string): Promise<Run> {
    return this.runs.get(runId);
  }
  async updateRun(runId: string, update: UpdateRunRequest): Promise<RunInfo> {
    return this.runs.update(runId, update);
  }
  async deleteRun(runId: string): Promise<void> {
    this.runs.setLifecycle(runId, 'deleted');
  }
  async restoreRun(runId: string): Promise<void> {
    this.runs.setLifecycle(runId, 'active');
  }
  async searchRuns(query: SearchRunsQuery): Promise<Page<Run>> {
    return this.runs.search(query);
  }

  async logMetric(runId: string, metric: Metric): Promise<void> {
    this.logging.logMetric(runId, metric);
  }
  async logParam(runId: string, param: Param): Promise<void> {
    this.logging.logParam(runId, param);
  }
  async setTag(runId: string, tag: Tag): Promise<void> {
    this.logging.setTag(runId, tag);
  }
  async deleteTag(runId: string, key: string): Promise<void> {
    this.logging.deleteTag(runId, key);
  }
  async logBatch(runId: string, batch: LogBatchRequest): Promise<void> {
    validateRunId(runId);
    this.logging.logBatch(runId, batch);
  }
  async logInputs(runId: string, datasets: DatasetInput[], models: ModelInput[] = []): Promise<void> {
    validateRunId(runId);
    this.inputs.validate(datasets);
    writeTransaction(this.ctx, () => {
      const run = this.runs.activeRow(runId);
      this.inputs.writeInputs(run.experiment_id, runId, datasets, models);
    });
  }
  async logOutputs(runId: string, models: ModelOutput[]): Promise<void> {
    writeTransaction(this.ctx, () => {
      this.runs.activeRow(runId);
      this.inputs.writeOutputs(runId, models);
    });
  }

  async getMetricHistory(runId: string, key: string, query?: MetricHistoryQuery, options?: StoreCallOptions): Promise<Page<Metric>> {
    return this.metricHistory.history(runId, key, query, options?.signal);
  }
  async getMetricHistoryColumns(runId: string, key: string, offset?: number, options?: StoreCallOptions): Promise<MetricHistoryColumns> {
    return this.metricHistory.columns(runId, key, offset, options?.signal);
  }
  async getMetricHistoryBulkInterval(query: BulkIntervalQuery, options?: StoreCallOptions): Promise<RunMetric[]> {
    throwIfCancelled(options?.signal);
    return this.metricHistory.bulkInterval(query);
  }

  async createLoggedModel(request: CreateLoggedModelRequest): Promise<LoggedModel> {
    return this.loggedModels.create(request);
  }
  async getLoggedModel(modelId: string): Promise<LoggedModel> {
    return this.loggedModels.get(modelId);
  }
  async finalizeLoggedModel(modelId: string, status: LoggedModelStatus): Promise<LoggedModel> {
    return this.loggedModels.finalize(modelId, status);
  }
  async deleteLoggedModel(modelId: string): Promise<void> {
    this.loggedModels.delete(modelId);
  }
  async setLoggedModelTags(modelId: string, tags: Tag[]): Promise<void> {
    this.loggedModels.setTags(modelId, tags);
  }
  async deleteLoggedModelTag(modelId: string, key: string): Promise<void> {
    this.loggedModels.deleteTag(modelId, key);
  }
  async logLoggedModelParams(modelId: string, params: Param[]): Promise<void> {
    this.loggedModels.logParams(modelId, params);
  }
  async searchLoggedModels(query: SearchLoggedModelsQuery): Promise<Page<LoggedModel>> {
    return this.loggedModels.search(query);
  }

  close(): void {
    if (this.ctx.db.open) this.ctx.db.close();
  }
}
