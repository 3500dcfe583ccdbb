// Runs of an mlruns tree: `<experiment>/<run_id>/` with meta.yaml, metrics/, params/, tags/,
// inputs/ (dataset and model links) and outputs/ (model outputs).
import path from 'node:path';
import type { DatasetInput, LifecycleStage, Metric, ModelInput, ModelOutput, Run, RunInfo, RunStatus, Tag } from '../../shared/entities.ts';
import { MlflowError } from '../../shared/errors.ts';
import { validateRunId } from '../validation.ts';
import { mapConcurrent, type BoundedFs } from './boundedFs.ts';
import type { ExperimentLocation, FileExperiments } from './fileExperiments.ts';
import { mapField, numberField, stringField, type YamlMap } from './metaYaml.ts';
import { latestMetric, parseMetricFile } from './metricLines.ts';

// MLflow persists RunStatus as its proto enum number.
const STATUS_BY_NUMBER: Record<number, RunStatus> = { 1: 'RUNNING', 2: 'SCHEDULED', 3: 'FINISHED', 4: 'FAILED', 5: 'KILLED' };
// Folders inside an experiment that are not runs.
const RESERVED_EXPERIMENT_FOLDERS = new Set(['tags', 'datasets', 'traces', 'models']);
const RUN_NAME_TAG = 'mlflow.runName';
/** Runs read at once: enough to keep the file-system queue full, few enough to bound memory. */
export const RUNS_IN_FLIGHT = 32;

/** A run's info and the folder it was read from. */
export interface RunEntry {
  info: RunInfo;
  dir: string;
}

function runStatus(value: unknown): RunStatus {
  if (value === undefined || value === null) return 'RUNNING';
  if (typeof value === 'number' && STATUS_BY_NUMBER[value]) return STATUS_BY_NUMBER[value];
  if (typeof value === 'string' && Object.values(STATUS_BY_NUMBER).includes(value as RunStatus)) return value as RunStatus;
  throw new MlflowError('INTERNAL_ERROR', `Could not get string corresponding to run status for input ${String(value)}`);
}

function runInfoFromMeta(meta: YamlMap, dir: string): RunInfo {
  return {
    runId: stringField(meta, 'run_id') ?? stringField(meta, 'run_uuid') ?? path.basename(dir),
    runName: stringField(meta, 'run_name') ?? '',
    experimentId: stringField(meta, 'experiment_id') ?? '',
    userId: stringField(meta, 'user_id') ?? '',
    status: runStatus(meta.status),
    startTime: numberField(meta, 'start_time'),
    endTime: numberField(meta, 'end_time'),
    artifactUri: stringField(meta, 'artifact_uri') ?? '',
    lifecycleStage: (stringField(meta, 'lifecycle_stage') === 'deleted' ? 'deleted' : 'active') as LifecycleStage,
  };
}

function toTags(values: Map<string, string>): Tag[] {
  return [...values].map(([key, value]) => ({ key, value }));
}

export class FileRunReader {
  private readonly fs: BoundedFs;
  private readonly experiments: FileExperiments;

  constructor(fs: BoundedFs, experiments: FileExperiments) {
    this.fs = fs;
    this.experiments = experiments;
  }

  /** Run info from a run folder; undefined when it has no meta.yaml (e.g. an artifacts-only folder). */
  async readInfo(dir: string): Promise<RunInfo | undefined> {
    const meta = await this.fs.readMeta(dir);
    if (!meta) return undefined;
    const info = runInfoFromMeta(meta, dir);
    if (!info.runName) {
      // Old runs kept the name only in the mlflow.runName tag.
      info.runName = (await this.fs.readText(path.join(dir, 'tags', RUN_NAME_TAG))) ?? '';
    }
    return info;
  }

  /**
   * The folder of a run in any experiment, active or trashed. Like MLflow, a folder only counts
   * when it has metrics/, params/ and artifacts/, so a meta.yaml under artifacts is never taken.
   */
  async locate(runId: string): Promise<{ experiment: ExperimentLocation; dir: string }> {
    validateRunId(runId);
    const experiments = await this.experiments.locations('ALL');
    const candidates = await Promise.all(experiments.map(async (experiment) => {
      const dir = path.join(experiment.dir, runId);
      const parts = await Promise.all(['metrics', 'params', 'artifacts'].map((sub) => this.fs.isDirectory(path.join(dir, sub))));
      return parts.every(Boolean) ? { experiment, dir } : undefined;
    }));
    const found = candidates.find((candidate) => candidate !== undefined);
    if (!found) throw MlflowError.notFound(`Run '${runId}' not found`);
    return found;
  }

  async getInfo(runId: string): Promise<RunEntry> {
    const { experiment, dir } = await this.locate(runId);
    const info = await this.readInfo(dir);
    if (!info || info.experimentId !== experiment.experimentId || info.runId !== runId) {
      throw new MlflowError('INVALID_STATE', `Run '${runId}' metadata is in invalid state.`);
    }
    return { info, dir };
  }

  async getRun(runId: string): Promise<Run> {
    return this.readRun(await this.getInfo(runId));
  }

  /** Runs of one experiment whose lifecycle the view includes; folders that are not runs are skipped. */
  async listExperimentRuns(experiment: ExperimentLocation, includes: (stage: LifecycleStage) => boolean): Promise<RunEntry[]> {
    const listing = await this.fs.listDir(experiment.dir);
    const dirs = (listing?.dirs ?? []).filter((name) => !RESERVED_EXPERIMENT_FOLDERS.has(name)).map((name) => path.join(experiment.dir, name));
    const infos = await mapConcurrent(dirs, RUNS_IN_FLIGHT, (dir) => this.readInfo(dir));
    const entries: RunEntry[] = [];
    infos.forEach((info, i) => {
      if (info && info.experimentId === experiment.experimentId && includes(info.lifecycleStage)) entries.push({ info, dir: dirs[i] });
    });
    return entries;
  }

  /** The full run: latest metrics, params, tags, inputs and outputs. */
  async readRun(entry: RunEntry): Promise<Run> {
    const { info, dir } = entry;
    // One listing of the run folder saves a failing read per absent folder (most runs have no inputs).
    const present = new Set((await this.fs.listDir(dir))?.dirs ?? []);
    const none = Promise.resolve(new Map<string, string>());
    const [metrics, params, tags, inputs, modelOutputs] = await Promise.all([
      present.has('metrics') ? this.latestMetrics(dir, info.experimentId) : [],
      present.has('params') ? this.fs.readKeyValueFolder(path.join(dir, 'params')) : none,
      present.has('tags') ? this.fs.readKeyValueFolder(path.join(dir, 'tags')) : none,
      present.has('inputs') ? this.readInputs(dir) : { datasetInputs: [], modelInputs: [] },
      present.has('outputs') ? this.readOutputs(dir) : [],
    ]);
    return {
      info,
      data: { metrics, params: toTags(params), tags: toTags(tags) },
      inputs,
      outputs: { modelOutputs },
    };
  }

  /** Every point of one metric in file (logging) order; empty when the run never logged the key. */
  async metricHistory(dir: string, key: string, experimentId: string): Promise<Metric[]> {
    const text = await this.fs.readText(path.join(dir, 'metrics', ...key.split('/')));
    return text === undefined ? [] : parseMetricFile(key, text, experimentId);
  }

  private async latestMetrics(dir: string, experimentId: string): Promise<Metric[]> {
    const keys = await this.fs.listFilesDeep(path.join(dir, 'metrics'));
    const latest = await Promise.all(keys.map(async (key) => latestMetric(await this.metricHistory(dir, key, experimentId))));
    // An empty metric file is one a writer has just created; it has no latest value yet.
    return latest.filter((metric): metric is Metric => metric !== undefined);
  }

  private async readInputLinks(dir: string, folder: 'inputs' | 'outputs'): Promise<YamlMap[]> {
    const listing = await this.fs.listDir(path.join(dir, folder));
    const metas = await Promise.all((listing?.dirs ?? []).map((name) => this.fs.readMeta(path.join(dir, folder, name))));
    return metas.filter((meta): meta is YamlMap => meta !== undefined);
  }

  private async readInputs(dir: string): Promise<Run['inputs']> {
    const links = await this.readInputLinks(dir, 'inputs');
    const datasetsDir = path.join(path.dirname(dir), 'datasets');
    const datasetInputs: DatasetInput[] = [];
    const modelInputs: ModelInput[] = [];
    for (const link of links) {
      const sourceId = stringField(link, 'source_id') ?? '';
      if (link.source_type === 'MODEL') {
        modelInputs.push({ modelId: sourceId });
      } else if (link.source_type === 'DATASET') {
        // MLflow skips (with a warning) links to datasets that are gone.
        const dataset = sourceId ? await this.fs.readMeta(path.join(datasetsDir, sourceId)) : undefined;
        if (!dataset) continue;
        const tags = Object.entries(mapField(link, 'tags')).map(([key, value]) => ({ key, value: String(value ?? '') }));
        datasetInputs.push({
          tags,
          dataset: {
            name: stringField(dataset, 'name') ?? '',
            digest: stringField(dataset, 'digest') ?? '',
            sourceType: stringField(dataset, 'source_type') ?? '',
            source: stringField(dataset, 'source') ?? '',
            schema: stringField(dataset, 'schema'),
            profile: stringField(dataset, 'profile'),
          },
        });
      }
    }
    return { datasetInputs, modelInputs };
  }

  private async readOutputs(dir: string): Promise<ModelOutput[]> {
    const links = await this.readInputLinks(dir, 'outputs');
    return links
      .filter((link) => link.destination_type === 'MODEL_OUTPUT')
      .map((link) => ({ modelId: stringField(link, 'destination_id') ?? '', step: numberField(link, 'step') ?? 0 }));
  }
}
