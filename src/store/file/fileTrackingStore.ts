// TrackingStore over an mlruns/ tree as MLflow's FileStore writes it. Reads only: every write
// rejects with PERMISSION_DENIED before touching a file.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  Experiment, LifecycleStage, LoggedModel, Metric, Page, Run, RunMetric, ViewType,
} from '../../shared/entities.ts';
import type { OrderKey } from '../search/searchAst.ts';
import { compareRuns, runMatches } from '../search/inMemory.ts';
import { parseRunFilter, parseRunOrderBy } from '../search/runSearch.ts';
import type {
  BulkIntervalQuery, MetricHistoryQuery, SearchExperimentsQuery, SearchLoggedModelsQuery, SearchRunsQuery, TrackingStore,
} from '../trackingStore.ts';
import { LIMITS, validateMaxResults } from '../validation.ts';
import { BoundedFs, mapConcurrent } from './boundedFs.ts';
import { FileExperiments } from './fileExperiments.ts';
import { FileLoggedModels } from './fileLoggedModels.ts';
import { FileMetricHistory } from './fileMetricHistory.ts';
import { FileRunReader, RUNS_IN_FLIGHT, type RunEntry } from './fileRunReader.ts';
import { paginate } from './paging.ts';
import { readOnlyError } from './readOnlyError.ts';

const DEFAULT_RUNS_PER_PAGE = 1000;

/** A `file:` URI or a plain path to the mlruns folder, as an absolute path. */
export function mlrunsRootPath(rootOrUri: string): string {
  return path.resolve(rootOrUri.startsWith('file:') ? fileURLToPath(rootOrUri) : rootOrUri);
}

function viewIncludes(viewType: ViewType): (stage: LifecycleStage) => boolean {
  return (stage) => viewType === 'ALL' || (viewType === 'DELETED_ONLY' ? stage === 'deleted' : stage === 'active');
}

/** A run with only its info: enough to filter and sort on attributes before reading the rest. */
function infoOnly(entry: RunEntry): Run {
  return { info: entry.info, data: { metrics: [], params: [], tags: [] }, inputs: { datasetInputs: [], modelInputs: [] }, outputs: { modelOutputs: [] } };
}

export class FileTrackingStore implements TrackingStore {
  readonly readOnly = true;
  readonly root: string;
  private readonly fs: BoundedFs;
  private readonly experiments: FileExperiments;
  private readonly runs: FileRunReader;
  private readonly metricHistory: FileMetricHistory;
  private readonly loggedModels: FileLoggedModels;

  constructor(rootOrUri: string) {
    this.root = mlrunsRootPath(rootOrUri);
    this.fs = new BoundedFs();
    this.experiments = new FileExperiments(this.root, this.fs);
    this.runs = new FileRunReader(this.fs, this.experiments);
    this.metricHistory = new FileMetricHistory(this.runs);
    this.loggedModels = new FileLoggedModels(this.fs, this.experiments);
  }

  private refuse(operation: string): Promise<never> {
    return Promise.reject(readOnlyError(this.root, operation));
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

  async getRun(runId: string): Promise<Run> {
    return this.runs.getRun(runId);
  }

  async searchRuns(query: SearchRunsQuery): Promise<Page<Run>> {
    const limit = validateMaxResults(query.maxResults, DEFAULT_RUNS_PER_PAGE, LIMITS.runsPerPage);
    const clauses = parseRunFilter(query.filter);
    const orderBy = parseRunOrderBy(query.orderBy);
    const includes = viewIncludes(query.runViewType ?? 'ACTIVE_ONLY');
    const perExperiment = await Promise.all([...new Set(query.experimentIds)].map(async (experimentId) => {
      const location = await this.experiments.locate(experimentId);
      return location ? this.runs.listExperimentRuns(location, includes) : [];
    }));
    const entries = perExperiment.flat();
    // Attribute-only searches (the common "list runs" case) read just each run's meta.yaml;
    // the rest of a run is read for the returned page only.
    const attributesOnly = [...clauses, ...orderBy].every((part: { entity: OrderKey['entity'] }) => part.entity === 'attribute');
    const candidates = attributesOnly
      ? entries.map((entry) => ({ entry, run: infoOnly(entry) }))
      : await mapConcurrent(entries, RUNS_IN_FLIGHT, async (entry) => ({ entry, run: await this.runs.readRun(entry) }));
    const matching = candidates.filter(({ run }) => runMatches(run, clauses));
    const byRun = compareRuns(orderBy);
    matching.sort((a, b) => byRun(a.run, b.run));
    const page = paginate(matching, query, limit);
    const items = attributesOnly ? await mapConcurrent(page.items, RUNS_IN_FLIGHT, ({ entry }) => this.runs.readRun(entry)) : page.items.map(({ run }) => run);
    return { items, nextPageToken: page.nextPageToken };
  }

  async getMetricHistory(runId: string, key: string, query?: MetricHistoryQuery): Promise<Page<Metric>> {
    return this.metricHistory.history(runId, key, query);
  }
  async getMetricHistoryBulkInterval(query: BulkIntervalQuery): Promise<RunMetric[]> {
    return this.metricHistory.bulkInterval(query);
  }

  async getLoggedModel(modelId: string): Promise<LoggedModel> {
    return this.loggedModels.get(modelId);
  }
  async searchLoggedModels(query: SearchLoggedModelsQuery): Promise<Page<LoggedModel>> {
    return this.loggedModels.search(query);
  }

  // Writes: refused without touching the tree.
  readonly createExperiment: TrackingStore['createExperiment'] = () => this.refuse('createExperiment');
  readonly renameExperiment: TrackingStore['renameExperiment'] = () => this.refuse('renameExperiment');
  readonly deleteExperiment: TrackingStore['deleteExperiment'] = () => this.refuse('deleteExperiment');
  readonly restoreExperiment: TrackingStore['restoreExperiment'] = () => this.refuse('restoreExperiment');
  readonly setExperimentTag: TrackingStore['setExperimentTag'] = () => this.refuse('setExperimentTag');
  readonly deleteExperimentTag: TrackingStore['deleteExperimentTag'] = () => this.refuse('deleteExperimentTag');
  readonly createRun: TrackingStore['createRun'] = () => this.refuse('createRun');
  readonly updateRun: TrackingStore['updateRun'] = () => this.refuse('updateRun');
  readonly deleteRun: TrackingStore['deleteRun'] = () => this.refuse('deleteRun');
  readonly restoreRun: TrackingStore['restoreRun'] = () => this.refuse('restoreRun');
  readonly logMetric: TrackingStore['logMetric'] = () => this.refuse('logMetric');
  readonly logParam: TrackingStore['logParam'] = () => this.refuse('logParam');
  readonly setTag: TrackingStore['setTag'] = () => this.refuse('setTag');
  readonly deleteTag: TrackingStore['deleteTag'] = () => this.refuse('deleteTag');
  readonly logBatch: TrackingStore['logBatch'] = () => this.refuse('logBatch');
  readonly logInputs: TrackingStore['logInputs'] = () => this.refuse('logInputs');
  readonly logOutputs: TrackingStore['logOutputs'] = () => this.refuse('logOutputs');
  readonly createLoggedModel: TrackingStore['createLoggedModel'] = () => this.refuse('createLoggedModel');
  readonly finalizeLoggedModel: TrackingStore['finalizeLoggedModel'] = () => this.refuse('finalizeLoggedModel');
  readonly deleteLoggedModel: TrackingStore['deleteLoggedModel'] = () => this.refuse('deleteLoggedModel');
  readonly setLoggedModelTags: TrackingStore['setLoggedModelTags'] = () => this.refuse('setLoggedModelTags');
  readonly deleteLoggedModelTag: TrackingStore['deleteLoggedModelTag'] = () => this.refuse('deleteLoggedModelTag');
  readonly logLoggedModelParams: TrackingStore['logLoggedModelParams'] = () => this.refuse('logLoggedModelParams');

  close(): void {
    // Nothing is held open between calls.
  }
}
