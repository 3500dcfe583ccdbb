// REST handlers for experiments, runs and their logging: wire request → store call → wire response.
import type { Metric, ViewType } from '../../shared/entities.ts';
import { boundedQuote } from '../../shared/boundedQuote.ts';
import { MlflowError } from '../../shared/errors.ts';
import { datasetInputFromWire, experimentToWire, metricToWire, runInfoToWire, runToWire } from '../../restApi/convert.ts';
import { coerceNested } from '../../restApi/fields.ts';
import type { WireDatasetInput } from '../../restApi/wireTypes.ts';
import type { RouteName } from '../../restApi/routes.ts';
import { validateArtifactUri } from '../artifacts/confinePath.ts';
import { int, ok, requiredStr, runIdOf, str, tagList, type Handler, type Request } from './handlerContext.ts';

const LOG_MODEL_HISTORY_TAG = 'mlflow.log-model.history';

function viewType(request: Request, field: string): ViewType {
  const value = str(request, field) ?? 'ACTIVE_ONLY';
  if (value !== 'ACTIVE_ONLY' && value !== 'DELETED_ONLY' && value !== 'ALL') {
    throw MlflowError.invalidParameter(`Invalid value '${boundedQuote(value)}' for parameter '${field}': expected ACTIVE_ONLY, DELETED_ONLY or ALL.`);
  }
  return value;
}

/** int64 fields may arrive as JSON strings (protobuf JSON); everything else is left for validation. */
function longish(value: unknown): unknown {
  return typeof value === 'string' && /^-?\d+$/u.test(value) ? Number(value) : value;
}

/**
 * log-batch metrics, numbers read as log-metric reads them. mlflow 3.18 stores a metric whose
 * number it cannot parse ("0x10", "abc", a timestamp of 1.5) as value 0 at timestamp 0 and answers
 * 200; we refuse it instead, so a bad client loses nothing silently.
 */
function metricsOf(request: Request): Metric[] {
  return ((request.metrics as Record<string, unknown>[] | undefined) ?? []).map((m, i) => ({
    key: m.key as string,
    value: coerceNested(`metrics[${i}].value`, m.value, 'number') as number,
    timestamp: coerceNested(`metrics[${i}].timestamp`, m.timestamp, 'int') as number,
    step: (coerceNested(`metrics[${i}].step`, m.step, 'int') ?? 0) as number,
  }));
}

const runChange = (route: string, runId: string) => ({ kind: 'run' as const, route, runId });

export const trackingHandlers: Partial<Record<RouteName, Handler>> = {
  async createExperiment(request, ctx) {
    const artifactLocation = str(request, 'artifact_location') || undefined;
    // A crafted location could make later artifact reads and writes escape the roots (CVE-2024-1483 and kin).
    if (artifactLocation) validateArtifactUri(artifactLocation, ctx.allowedArtifactRoots, { what: 'artifact_location' });
    const experimentId = await ctx.tracking.createExperiment(requiredStr(request, 'name'), artifactLocation, tagList(request, 'tags'));
    return ok({ experiment_id: experimentId }, { kind: 'experiment', route: 'createExperiment', experimentId });
  },
  async getExperiment(request, ctx) {
    return ok({ experiment: experimentToWire(await ctx.tracking.getExperiment(requiredStr(request, 'experiment_id'))) });
  },
  async getExperimentByName(request, ctx) {
    const name = requiredStr(request, 'experiment_name');
    const experiment = await ctx.tracking.getExperimentByName(name);
    if (!experiment) throw MlflowError.notFound(`Could not find experiment with name '${boundedQuote(name)}'`);
    return ok({ experiment: experimentToWire(experiment) });
  },
  async searchExperiments(request, ctx) {
    const page = await ctx.tracking.searchExperiments({
      viewType: viewType(request, 'view_type'), maxResults: int(request, 'max_results'), filter: str(request, 'filter'),
      orderBy: request.order_by as string[] | undefined, pageToken: str(request, 'page_token'),
    });
    return ok({ experiments: page.items.map(experimentToWire), next_page_token: page.nextPageToken });
  },
  async deleteExperiment(request, ctx) {
    const experimentId = requiredStr(request, 'experiment_id');
    await ctx.tracking.deleteExperiment(experimentId);
    return ok({}, { kind: 'experiment', route: 'deleteExperiment', experimentId });
  },
  async restoreExperiment(request, ctx) {
    const experimentId = requiredStr(request, 'experiment_id');
    await ctx.tracking.restoreExperiment(experimentId);
    return ok({}, { kind: 'experiment', route: 'restoreExperiment', experimentId });
  },
  async updateExperiment(request, ctx) {
    const experimentId = requiredStr(request, 'experiment_id');
    await ctx.tracking.renameExperiment(experimentId, requiredStr(request, 'new_name'));
    return ok({}, { kind: 'experiment', route: 'updateExperiment', experimentId });
  },
  async setExperimentTag(request, ctx) {
    const experimentId = requiredStr(request, 'experiment_id');
    await ctx.tracking.setExperimentTag(experimentId, { key: requiredStr(request, 'key'), value: str(request, 'value') ?? '' });
    return ok({}, { kind: 'experiment', route: 'setExperimentTag', experimentId });
  },
  async deleteExperimentTag(request, ctx) {
    const experimentId = requiredStr(request, 'experiment_id');
    await ctx.tracking.deleteExperimentTag(experimentId, requiredStr(request, 'key'));
    return ok({}, { kind: 'experiment', route: 'deleteExperimentTag', experimentId });
  },

  async createRun(request, ctx) {
    const run = await ctx.tracking.createRun({
      experimentId: str(request, 'experiment_id') || '0', userId: str(request, 'user_id'), runName: str(request, 'run_name') || undefined,
      startTime: int(request, 'start_time'), tags: tagList(request, 'tags'),
    });
    return ok({ run: runToWire(run) }, { kind: 'run', route: 'createRun', runId: run.info.runId, experimentId: run.info.experimentId });
  },
  async updateRun(request, ctx) {
    const runId = runIdOf(request);
    const status = str(request, 'status') as Parameters<typeof ctx.tracking.updateRun>[1]['status'];
    const info = await ctx.tracking.updateRun(runId, { status, endTime: int(request, 'end_time'), runName: str(request, 'run_name') || undefined });
    return ok({ run_info: runInfoToWire(info) }, { kind: 'run', route: 'updateRun', runId, experimentId: info.experimentId });
  },
  async deleteRun(request, ctx) {
    const runId = runIdOf(request);
    await ctx.tracking.deleteRun(runId);
    return ok({}, runChange('deleteRun', runId));
  },
  async restoreRun(request, ctx) {
    const runId = runIdOf(request);
    await ctx.tracking.restoreRun(runId);
    return ok({}, runChange('restoreRun', runId));
  },
  async getRun(request, ctx) {
    return ok({ run: runToWire(await ctx.tracking.getRun(runIdOf(request))) });
  },
  async searchRuns(request, ctx) {
    const page = await ctx.tracking.searchRuns({
      experimentIds: (request.experiment_ids as string[] | undefined) ?? [], filter: str(request, 'filter'),
      runViewType: viewType(request, 'run_view_type'), maxResults: int(request, 'max_results'),
      orderBy: request.order_by as string[] | undefined, pageToken: str(request, 'page_token'),
    });
    return ok({ runs: page.items.map(runToWire), next_page_token: page.nextPageToken });
  },
  async logMetric(request, ctx) {
    const runId = runIdOf(request);
    await ctx.tracking.logMetric(runId, {
      key: requiredStr(request, 'key'), value: request.value as number, timestamp: request.timestamp as number, step: int(request, 'step') ?? 0,
    });
    return ok({}, { kind: 'metrics', route: 'logMetric', runId });
  },
  async logParam(request, ctx) {
    const runId = runIdOf(request);
    await ctx.tracking.logParam(runId, { key: requiredStr(request, 'key'), value: request.value as string });
    return ok({}, runChange('logParam', runId));
  },
  async setTag(request, ctx) {
    const runId = runIdOf(request);
    await ctx.tracking.setTag(runId, { key: requiredStr(request, 'key'), value: request.value as string });
    return ok({}, runChange('setTag', runId));
  },
  async deleteTag(request, ctx) {
    const runId = runIdOf(request);
    await ctx.tracking.deleteTag(runId, requiredStr(request, 'key'));
    return ok({}, runChange('deleteTag', runId));
  },
  async logBatch(request, ctx) {
    const runId = runIdOf(request);
    const metrics = metricsOf(request);
    await ctx.tracking.logBatch(runId, { metrics, params: tagList(request, 'params'), tags: tagList(request, 'tags') });
    return ok({}, { kind: metrics.length > 0 ? 'metrics' : 'run', route: 'logBatch', runId });
  },
  async logModel(request, ctx) {
    const runId = runIdOf(request);
    let model: unknown;
    try {
      model = JSON.parse(requiredStr(request, 'model_json'));
    } catch {
      throw MlflowError.invalidParameter("Invalid value for parameter 'model_json' supplied: it must be a JSON object.");
    }
    const run = await ctx.tracking.getRun(runId);
    const previous = run.data.tags.find((t) => t.key === LOG_MODEL_HISTORY_TAG)?.value;
    const history = previous ? (JSON.parse(previous) as unknown[]) : [];
    await ctx.tracking.setTag(runId, { key: LOG_MODEL_HISTORY_TAG, value: JSON.stringify([...history, model]) });
    return ok({}, runChange('logModel', runId));
  },
  async logInputs(request, ctx) {
    const runId = runIdOf(request);
    const datasets = ((request.datasets as WireDatasetInput[] | undefined) ?? []).map(datasetInputFromWire);
    const models = ((request.models as { model_id?: string }[] | undefined) ?? []).map((m, i) => {
      if (typeof m.model_id !== 'string') throw MlflowError.invalidParameter(`Missing value for required parameter 'models[${i}].model_id'.`);
      return { modelId: m.model_id };
    });
    await ctx.tracking.logInputs(runId, datasets, models);
    return ok({}, runChange('logInputs', runId));
  },
  async logOutputs(request, ctx) {
    const runId = runIdOf(request);
    const models = (request.models as { model_id?: string; step?: unknown }[]).map((m, i) => {
      if (typeof m.model_id !== 'string') throw MlflowError.invalidParameter(`Missing value for required parameter 'models[${i}].model_id'.`);
      return { modelId: m.model_id, step: Number(longish(m.step) ?? 0) };
    });
    await ctx.tracking.logOutputs(runId, models);
    return ok({}, runChange('logOutputs', runId));
  },
  async getMetricHistory(request, ctx) {
    const maxResults = int(request, 'max_results');
    if (maxResults !== undefined && maxResults <= 0) {
      throw MlflowError.invalidParameter(`Invalid value ${maxResults} for parameter 'max_results' supplied. It must be a positive integer.`);
    }
    const page = await ctx.tracking.getMetricHistory(runIdOf(request), requiredStr(request, 'metric_key'), { maxResults, pageToken: str(request, 'page_token') || undefined });
    return ok({ metrics: page.items.map(metricToWire), next_page_token: page.nextPageToken });
  },
  async getMetricHistoryBulkInterval(request, ctx) {
    const metrics = await ctx.tracking.getMetricHistoryBulkInterval({
      runIds: request.run_ids as string[], metricKey: requiredStr(request, 'metric_key'),
      startStep: int(request, 'start_step'), endStep: int(request, 'end_step'), maxResults: int(request, 'max_results'),
    });
    return ok({ metrics: metrics.map(metricToWire) });
  },
};
