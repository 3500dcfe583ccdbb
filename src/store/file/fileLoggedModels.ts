// MLflow 3 logged models of an mlruns tree: `<experiment>/models/<model_id>/` with meta.yaml,
// params/, tags/ and metrics/ (lines `<ts> <value> <step> <run_id> [<dataset name> <digest>]`).
import path from 'node:path';
import type { LoggedModel, LoggedModelMetric, LoggedModelStatus, Page } from '../../shared/entities.ts';
import { MlflowError } from '../../shared/errors.ts';
import type { SearchLoggedModelsQuery } from '../trackingStore.ts';
import { validateMaxResults } from '../validation.ts';
import type { BoundedFs } from './boundedFs.ts';
import type { ExperimentLocation, FileExperiments } from './fileExperiments.ts';
import { numberField, stringField, type YamlMap } from './metaYaml.ts';
import { latestMetric, parsePythonFloat } from './metricLines.ts';
import { paginate } from './paging.ts';

const MODELS_FOLDER = 'models';
// LoggedModelStatus.to_int() order.
const STATUS_BY_NUMBER: LoggedModelStatus[] = ['LOGGED_MODEL_STATUS_UNSPECIFIED', 'LOGGED_MODEL_PENDING', 'LOGGED_MODEL_READY', 'LOGGED_MODEL_UPLOAD_FAILED'];
const DEFAULT_MODELS_PER_PAGE = 100;
// Attributes a logged-model filter may compare with `=` (the same subset the SQLite store takes).
const FILTERABLE: Record<string, (model: LoggedModel) => string | undefined> = {
  name: (m) => m.name,
  model_id: (m) => m.modelId,
  source_run_id: (m) => m.sourceRunId,
  model_type: (m) => m.modelType,
};

/** Model ids name a folder directly, so anything that is not one plain path component is refused. */
function validateModelId(modelId: string): void {
  if (!modelId || modelId.replace(/[ .]+$/u, '') !== modelId || modelId.includes('/') || modelId.includes('\\')) {
    throw MlflowError.invalidParameter(`Invalid value ${JSON.stringify(modelId)} for parameter 'model_id' supplied: must be a single path component`);
  }
}

function parseModelMetricLine(key: string, line: string): LoggedModelMetric {
  const parts = line.trim().split(' ');
  const timestamp = Number(parts[0]);
  const value = parsePythonFloat(parts[1] ?? '');
  const step = Number(parts[2]);
  if ((parts.length !== 4 && parts.length !== 6) || !Number.isInteger(timestamp) || value === undefined || !Number.isInteger(step)) {
    throw new MlflowError('INTERNAL_ERROR', `Metric '${key}' is malformed; persisted metric data contained ${parts.length} fields. Expected 4 or 6 fields.`);
  }
  return {
    key, value, timestamp, step, runId: parts[3],
    datasetName: parts.length === 6 ? parts[4] : undefined,
    datasetDigest: parts.length === 6 ? parts[5] : undefined,
  };
}

/** The latest point per (dataset name, digest), as MLflow groups a model's metric file. */
function latestPerDataset(key: string, text: string): LoggedModelMetric[] {
  const groups = new Map<string, LoggedModelMetric[]>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const metric = parseModelMetricLine(key, line);
    const group = `${metric.datasetName ?? ''}\u0000${metric.datasetDigest ?? ''}`;
    groups.set(group, [...(groups.get(group) ?? []), metric]);
  }
  return [...groups.values()].map((points) => latestMetric(points) as LoggedModelMetric);
}

function parseFilter(filter: string | undefined): { field: string; value: string }[] {
  if (!filter?.trim()) return [];
  return filter.split(/\s+AND\s+/iu).map((clause) => {
    const match = /^\s*(?:attributes\.)?`?(\w+)`?\s*=\s*(['"])(.*)\2\s*$/u.exec(clause);
    if (!match || !FILTERABLE[match[1]]) {
      throw MlflowError.invalidParameter(`Invalid logged model filter clause '${clause.trim()}': supported are ${Object.keys(FILTERABLE).join(', ')} compared with = and a quoted value.`);
    }
    return { field: match[1], value: match[3] };
  });
}

export class FileLoggedModels {
  private readonly fs: BoundedFs;
  private readonly experiments: FileExperiments;

  constructor(fs: BoundedFs, experiments: FileExperiments) {
    this.fs = fs;
    this.experiments = experiments;
  }

  async get(modelId: string): Promise<LoggedModel> {
    validateModelId(modelId);
    for (const experiment of await this.experiments.locations('ALL')) {
      const dir = path.join(experiment.dir, MODELS_FOLDER, modelId);
      if (!(await this.fs.isDirectory(dir))) continue;
      const meta = await this.fs.readMeta(dir);
      if (!meta || stringField(meta, 'lifecycle_stage') === 'deleted') break;
      if (stringField(meta, 'experiment_id') !== experiment.experimentId) {
        throw new MlflowError('INVALID_STATE', `Model '${modelId}' metadata is in invalid state.`);
      }
      return this.read(dir, meta);
    }
    throw MlflowError.notFound(`Model '${modelId}' not found`);
  }

  async search(query: SearchLoggedModelsQuery): Promise<Page<LoggedModel>> {
    const limit = validateMaxResults(query.maxResults, DEFAULT_MODELS_PER_PAGE, 1000);
    const clauses = parseFilter(query.filter);
    const perExperiment = await Promise.all(query.experimentIds.map(async (experimentId) => {
      const location = await this.experiments.locate(experimentId);
      return location ? this.listActive(location) : [];
    }));
    const matching = perExperiment.flat().filter((model) => clauses.every((c) => FILTERABLE[c.field](model) === c.value));
    // MLflow's default order: newest first, then model id.
    matching.sort((a, b) => b.creationTimestampMs - a.creationTimestampMs || (a.modelId < b.modelId ? -1 : a.modelId > b.modelId ? 1 : 0));
    return paginate(matching, query.pageToken, limit);
  }

  private async listActive(experiment: ExperimentLocation): Promise<LoggedModel[]> {
    const modelsDir = path.join(experiment.dir, MODELS_FOLDER);
    const listing = await this.fs.listDir(modelsDir);
    const models = await Promise.all((listing?.dirs ?? []).map(async (name) => {
      const dir = path.join(modelsDir, name);
      const meta = await this.fs.readMeta(dir);
      if (!meta || stringField(meta, 'lifecycle_stage') === 'deleted') return undefined;
      if (stringField(meta, 'experiment_id') !== experiment.experimentId) return undefined;
      return this.read(dir, meta);
    }));
    return models.filter((model): model is LoggedModel => model !== undefined);
  }

  private async read(dir: string, meta: YamlMap): Promise<LoggedModel> {
    const [tags, params, metricKeys] = await Promise.all([
      this.fs.readKeyValueFolder(path.join(dir, 'tags')),
      this.fs.readKeyValueFolder(path.join(dir, 'params')),
      this.fs.listFilesDeep(path.join(dir, 'metrics')),
    ]);
    const metricTexts = await Promise.all(metricKeys.map((key) => this.fs.readText(path.join(dir, 'metrics', ...key.split('/')))));
    const metrics = metricKeys.flatMap((key, i) => latestPerDataset(key, metricTexts[i] ?? ''));
    const status = numberField(meta, 'status');
    return {
      modelId: stringField(meta, 'model_id') ?? path.basename(dir),
      experimentId: stringField(meta, 'experiment_id') ?? '',
      name: stringField(meta, 'name') ?? '',
      artifactUri: stringField(meta, 'artifact_location') ?? '',
      creationTimestampMs: numberField(meta, 'creation_timestamp') ?? 0,
      lastUpdatedTimestampMs: numberField(meta, 'last_updated_timestamp') ?? 0,
      status: STATUS_BY_NUMBER[status ?? 0] ?? 'LOGGED_MODEL_STATUS_UNSPECIFIED',
      statusMessage: stringField(meta, 'status_message'),
      modelType: stringField(meta, 'model_type'),
      sourceRunId: stringField(meta, 'source_run_id'),
      lifecycleStage: 'active',
      tags: [...tags].map(([key, value]) => ({ key, value })),
      params: [...params].map(([key, value]) => ({ key, value })),
      metrics,
    };
  }
}
