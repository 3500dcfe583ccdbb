// TrackingStore over any MLflow tracking server's REST API (ours or MLflow's own). A query's
// `offset` becomes MLflow's offset page token: mlflow server's SQL and file stores both page by it
// (as ours does), so a runs-table row range stays one request instead of a walk from the start.
import type {
  DatasetInput, Experiment, LoggedModel, LoggedModelStatus, Metric, ModelInput, ModelOutput, Page, Param, Run, RunInfo, RunMetric, Tag,
} from '../../shared/entities.ts';
import { MlflowError } from '../../shared/errors.ts';
import {
  datasetInputToWire, experimentFromWire, loggedModelFromWire, metricFromWire, runFromWire, runInfoFromWire,
} from '../../restApi/convert.ts';
import type { WireExperiment, WireLoggedModel, WireMetric, WireRun, WireRunInfo } from '../../restApi/wireTypes.ts';
import type {
  BulkIntervalQuery, CreateLoggedModelRequest, CreateRunRequest, LogBatchRequest, MetricHistoryQuery, SearchExperimentsQuery,
  SearchLoggedModelsQuery, SearchRunsQuery, StoreCallOptions, TrackingStore, UpdateRunRequest,
} from '../trackingStore.ts';
import { pageTokenAt } from '../search/pageToken.ts';
import type { RestClient } from './restClient.ts';

const tags = (list: Tag[] | undefined) => list?.map((t) => ({ key: t.key, value: t.value }));
const metric = (m: Metric) => ({ key: m.key, value: m.value, timestamp: m.timestamp, step: m.step });

export class RestTrackingStore implements TrackingStore {
  readonly readOnly = false;
  private readonly client: RestClient;

  constructor(client: RestClient) {
    this.client = client;
  }

  async createExperiment(name: string, artifactLocation?: string, tagList?: Tag[]): Promise<string> {
    const res = await this.client.call<{ experiment_id: string }>('createExperiment', { name, artifact_location: artifactLocation, tags: tags(tagList) });
    return String(res.experiment_id);
  }
  async getExperiment(experimentId: string): Promise<Experiment> {
    return experimentFromWire((await this.client.call<{ experiment: WireExperiment }>('getExperiment', { experiment_id: experimentId })).experiment);
  }
  async getExperimentByName(name: string): Promise<Experiment | undefined> {
    try {
      return experimentFromWire((await this.client.call<{ experiment: WireExperiment }>('getExperimentByName', { experiment_name: name })).experiment);
    } catch (error) {
      if (error instanceof MlflowError && error.code === 'RESOURCE_DOES_NOT_EXIST') return undefined;
      throw error;
    }
  }
  async searchExperiments(query: SearchExperimentsQuery): Promise<Page<Experiment>> {
    const res = await this.client.call<{ experiments?: WireExperiment[]; next_page_token?: string }>('searchExperiments', {
      view_type: query.viewType, max_results: query.maxResults ?? 1000, filter: query.filter, order_by: query.orderBy, page_token: query.pageToken,
    });
    return { items: (res.experiments ?? []).map(experimentFromWire), nextPageToken: res.next_page_token || undefined };
  }
  async renameExperiment(experimentId: string, newName: string): Promise<void> {
    await this.client.call('updateExperiment', { experiment_id: experimentId, new_name: newName });
  }
  async deleteExperiment(experimentId: string): Promise<void> {
    await this.client.call('deleteExperiment', { experiment_id: experimentId });
  }
  async restoreExperiment(experimentId: string): Promise<void> {
    await this.client.call('restoreExperiment', { experiment_id: experimentId });
  }
  async setExperimentTag(experimentId: string, tag: Tag): Promise<void> {
    await this.client.call('setExperimentTag', { experiment_id: experimentId, key: tag.key, value: tag.value });
  }
  async deleteExperimentTag(experimentId: string, key: string): Promise<void> {
    await this.client.call('deleteExperimentTag', { experiment_id: experimentId, key });
  }

  async createRun(request: CreateRunRequest): Promise<Run> {
    const res = await this.client.call<{ run: WireRun }>('createRun', {
      experiment_id: request.experimentId, user_id: request.userId, run_name: request.runName, start_time: request.startTime ?? Date.now(), tags: tags(request.tags),
    });
    return runFromWire(res.run);
  }
  async getRun(runId: string, options?: StoreCallOptions): Promise<Run> {
    return runFromWire((await this.client.call<{ run: WireRun }>('getRun', { run_id: runId }, options?.signal)).run);
  }
  async updateRun(runId: string, update: UpdateRunRequest): Promise<RunInfo> {
    const res = await this.client.call<{ run_info: WireRunInfo }>('updateRun', { run_id: runId, run_uuid: runId, status: update.status, end_time: update.endTime, run_name: update.runName });
    return runInfoFromWire(res.run_info);
  }
  async deleteRun(runId: string): Promise<void> {
    await this.client.call('deleteRun', { run_id: runId });
  }
  async restoreRun(runId: string): Promise<void> {
    await this.client.call('restoreRun', { run_id: runId });
  }
  async searchRuns(query: SearchRunsQuery, options?: StoreCallOptions): Promise<Page<Run>> {
    const res = await this.client.call<{ runs?: WireRun[]; next_page_token?: string }>('searchRuns', {
      experiment_ids: query.experimentIds, filter: query.filter, run_view_type: query.runViewType, max_results: query.maxResults, order_by: query.orderBy, page_token: pageTokenAt(query),
    }, options?.signal);
    return { items: (res.runs ?? []).map(runFromWire), nextPageToken: res.next_page_token || undefined };
  }

  async logMetric(runId: string, m: Metric): Promise<void> {
    await this.client.call('logMetric', { run_id: runId, run_uuid: runId, ...metric(m) });
  }
  async logParam(runId: string, param: Param): Promise<void> {
    await this.client.call('logParam', { run_id: runId, run_uuid: runId, key: param.key, value: param.value });
  }
  async setTag(runId: string, tag: Tag): Promise<void> {
    await this.client.call('setTag', { run_id: runId, run_uuid: runId, key: tag.key, value: tag.value });
  }
  async deleteTag(runId: string, key: string): Promise<void> {
    await this.client.call('deleteTag', { run_id: runId, key });
  }
  async logBatch(runId: string, batch: LogBatchRequest): Promise<void> {
    await this.client.call('logBatch', { run_id: runId, metrics: batch.metrics?.map(metric), params: tags(batch.params), tags: tags(batch.tags) });
  }
  async logInputs(runId: string, datasets: DatasetInput[], models: ModelInput[] = []): Promise<void> {
    await this.client.call('logInputs', { run_id: runId, datasets: datasets.map(datasetInputToWire), models: models.map((m) => ({ model_id: m.modelId })) });
  }
  async logOutputs(runId: string, models: ModelOutput[]): Promise<void> {
    await this.client.call('logOutputs', { run_id: runId, models: models.map((m) => ({ model_id: m.modelId, step: m.step })) });
  }

  async getMetricHistory(runId: string, key: string, query: MetricHistoryQuery = {}, options?: StoreCallOptions): Promise<Page<Metric>> {
    const res = await this.client.call<{ metrics?: WireMetric[]; next_page_token?: string }>('getMetricHistory', {
      run_id: runId, run_uuid: runId, metric_key: key, max_results: query.maxResults, page_token: pageTokenAt(query),
    }, options?.signal);
    return { items: (res.metrics ?? []).map(metricFromWire), nextPageToken: res.next_page_token || undefined };
  }
  async getMetricHistoryBulkInterval(query: BulkIntervalQuery, options?: StoreCallOptions): Promise<RunMetric[]> {
    const res = await this.client.call<{ metrics?: WireMetric[] }>('getMetricHistoryBulkInterval', {
      run_ids: query.runIds, metric_key: query.metricKey, start_step: query.startStep, end_step: query.endStep, max_results: query.maxResults,
    }, options?.signal);
    return (res.metrics ?? []).map((m) => ({ ...metricFromWire(m), runId: m.run_id ?? '' }));
  }

  async createLoggedModel(request: CreateLoggedModelRequest): Promise<LoggedModel> {
    const res = await this.client.call<{ model: WireLoggedModel }>('createLoggedModel', {
      experiment_id: request.experimentId, name: request.name, model_type: request.modelType, source_run_id: request.sourceRunId,
      params: tags(request.params), tags: tags(request.tags),
    });
    return loggedModelFromWire(res.model);
  }
  async getLoggedModel(modelId: string): Promise<LoggedModel> {
    return loggedModelFromWire((await this.client.call<{ model: WireLoggedModel }>('getLoggedModel', { model_id: modelId })).model);
  }
  async finalizeLoggedModel(modelId: string, status: LoggedModelStatus): Promise<LoggedModel> {
    return loggedModelFromWire((await this.client.call<{ model: WireLoggedModel }>('finalizeLoggedModel', { model_id: modelId, status })).model);
  }
  async deleteLoggedModel(modelId: string): Promise<void> {
    await this.client.call('deleteLoggedModel', { model_id: modelId });
  }
  async setLoggedModelTags(modelId: string, tagList: Tag[]): Promise<void> {
    await this.client.call('setLoggedModelTags', { model_id: modelId, tags: tags(tagList) });
  }
  async deleteLoggedModelTag(modelId: string, key: string): Promise<void> {
    await this.client.call('deleteLoggedModelTag', { model_id: modelId, tag_key: key });
  }
  async logLoggedModelParams(modelId: string, params: Param[]): Promise<void> {
    await this.client.call('logLoggedModelParams', { model_id: modelId, params: tags(params) });
  }
  async searchLoggedModels(query: SearchLoggedModelsQuery): Promise<Page<LoggedModel>> {
    const res = await this.client.call<{ models?: WireLoggedModel[]; next_page_token?: string }>('searchLoggedModels', {
      experiment_ids: query.experimentIds, filter: query.filter, max_results: query.maxResults, page_token: query.pageToken, order_by: query.orderBy,
    });
    return { items: (res.models ?? []).map(loggedModelFromWire), nextPageToken: res.next_page_token || undefined };
  }

  close(): void {}
}
