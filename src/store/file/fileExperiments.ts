// Experiments of an mlruns tree: `<root>/<id>/` when active, `<root>/.trash/<id>/` once deleted.
// `<root>/models/` is the model registry, never an experiment.
import path from 'node:path';
import type { Experiment, LifecycleStage, Page, ViewType } from '../../shared/entities.ts';
import { MlflowError } from '../../shared/errors.ts';
import { compareExperiments, experimentMatches } from '../search/inMemory.ts';
import { parseExperimentFilter, parseExperimentOrderBy } from '../search/experimentSearch.ts';
import type { SearchExperimentsQuery } from '../trackingStore.ts';
import { LIMITS, validateExperimentId, validateMaxResults } from '../validation.ts';
import type { BoundedFs } from './boundedFs.ts';
import { numberField, stringField } from './metaYaml.ts';
import { paginate } from './paging.ts';

export const TRASH_FOLDER = '.trash';
export const REGISTRY_FOLDER = 'models';
const DEFAULT_EXPERIMENTS_PER_PAGE = 1000;

export interface ExperimentLocation {
  experimentId: string;
  dir: string;
  inTrash: boolean;
}

function includesActive(viewType: ViewType): boolean {
  return viewType === 'ACTIVE_ONLY' || viewType === 'ALL';
}

function includesDeleted(viewType: ViewType): boolean {
  return viewType === 'DELETED_ONLY' || viewType === 'ALL';
}

export class FileExperiments {
  private readonly root: string;
  private readonly fs: BoundedFs;

  constructor(root: string, fs: BoundedFs) {
    this.root = root;
    this.fs = fs;
  }

  get trashDir(): string {
    return path.join(this.root, TRASH_FOLDER);
  }

  /** Experiment folders in MLflow's listing order: active ones, then the trash. */
  async locations(viewType: ViewType = 'ALL'): Promise<ExperimentLocation[]> {
    const result: ExperimentLocation[] = [];
    if (includesActive(viewType)) {
      const listing = await this.fs.listDir(this.root);
      if (!listing) throw new MlflowError('INTERNAL_ERROR', `'${this.root}' does not exist.`);
      for (const name of listing.dirs) {
        if (name === TRASH_FOLDER || name === REGISTRY_FOLDER) continue;
        result.push({ experimentId: name, dir: path.join(this.root, name), inTrash: false });
      }
    }
    if (includesDeleted(viewType)) {
      const trash = await this.fs.listDir(this.trashDir);
      for (const name of trash?.dirs ?? []) {
        result.push({ experimentId: name, dir: path.join(this.trashDir, name), inTrash: true });
      }
    }
    return result;
  }

  /** The folder of one experiment (active first, then trash), or undefined. */
  async locate(experimentId: string, viewType: ViewType = 'ALL'): Promise<ExperimentLocation | undefined> {
    if (includesActive(viewType) && experimentId !== REGISTRY_FOLDER && experimentId !== TRASH_FOLDER) {
      const dir = path.join(this.root, experimentId);
      if (await this.fs.isDirectory(dir)) return { experimentId, dir, inTrash: false };
    }
    if (includesDeleted(viewType)) {
      const dir = path.join(this.trashDir, experimentId);
      if (await this.fs.isDirectory(dir)) return { experimentId, dir, inTrash: true };
    }
    return undefined;
  }

  /**
   * The experiment in one folder; undefined when its meta.yaml is missing or names another id
   * (MLflow logs and skips such folders while listing).
   */
  async read(location: ExperimentLocation): Promise<Experiment | undefined> {
    const meta = await this.fs.readMeta(location.dir);
    if (!meta) return undefined;
    const experimentId = stringField(meta, 'experiment_id') ?? '';
    if (experimentId !== location.experimentId) return undefined;
    const tags = await this.fs.readKeyValueFolder(path.join(location.dir, 'tags'));
    const recorded = stringField(meta, 'lifecycle_stage');
    const lifecycleStage: LifecycleStage = location.inTrash || recorded === 'deleted' ? 'deleted' : 'active';
    return {
      experimentId,
      name: stringField(meta, 'name') ?? '',
      artifactLocation: stringField(meta, 'artifact_location') ?? '',
      lifecycleStage,
      creationTime: numberField(meta, 'creation_time'),
      lastUpdateTime: numberField(meta, 'last_update_time'),
      tags: [...tags].map(([key, value]) => ({ key, value })),
    };
  }

  async get(experimentId: string): Promise<Experiment> {
    validateExperimentId(experimentId);
    const location = await this.locate(experimentId);
    if (!location) throw MlflowError.notFound(`Could not find experiment with ID ${experimentId}`);
    const experiment = await this.read(location);
    if (!experiment) throw MlflowError.notFound(`Experiment '${experimentId}' does not exist.`);
    return experiment;
  }

  async all(viewType: ViewType): Promise<Experiment[]> {
    const found = await Promise.all((await this.locations(viewType)).map((location) => this.read(location)));
    return found.filter((experiment): experiment is Experiment => experiment !== undefined);
  }

  async getByName(name: string): Promise<Experiment | undefined> {
    const named = (await this.all('ALL')).filter((experiment) => experiment.name === name);
    return named.sort(compareExperiments([]))[0];
  }

  async search(query: SearchExperimentsQuery): Promise<Page<Experiment>> {
    const limit = validateMaxResults(query.maxResults, DEFAULT_EXPERIMENTS_PER_PAGE, LIMITS.experimentsPerPage);
    const clauses = parseExperimentFilter(query.filter);
    const orderBy = parseExperimentOrderBy(query.orderBy);
    const matching = (await this.all(query.viewType ?? 'ACTIVE_ONLY')).filter((experiment) => experimentMatches(experiment, clauses));
    return paginate(matching.sort(compareExperiments(orderBy)), query.pageToken, limit);
  }
}
