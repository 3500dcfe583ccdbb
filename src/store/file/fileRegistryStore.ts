// ModelRegistryStore over the `models/` folder of an mlruns tree (MLflow's registry FileStore).
// Reads only: every write rejects with PERMISSION_DENIED before touching a file.
import path from 'node:path';
import type { ModelVersion, Page, RegisteredModel } from '../../shared/entities.ts';
import { MlflowError } from '../../shared/errors.ts';
import {
  compareModelVersions, compareRegisteredModels, modelVersionMatches, registeredModelMatches,
} from '../search/inMemory.ts';
import {
  parseModelVersionFilter, parseModelVersionOrderBy, parseRegisteredModelFilter, parseRegisteredModelOrderBy,
} from '../search/registrySearch.ts';
import type { ModelRegistryStore, SearchRegistryQuery } from '../modelRegistryStore.ts';
import { validateMaxResults } from '../validation.ts';
import { BoundedFs } from './boundedFs.ts';
import { FileModelFolders, validateModelName } from './fileModelVersions.ts';
import { REGISTRY_FOLDER } from './fileExperiments.ts';
import { mlrunsRootPath } from './fileTrackingStore.ts';
import { paginate } from './paging.ts';
import { readOnlyError } from './readOnlyError.ts';

// Registry search limits of mlflow/store/model_registry/__init__.py.
const DEFAULT_MODELS_PER_PAGE = 100;
const MAX_MODELS_PER_PAGE = 1000;
const DEFAULT_VERSIONS_PER_PAGE = 10_000;
const MAX_VERSIONS_PER_PAGE = 200_000;
const LATEST_ALIAS = 'latest';

export class FileRegistryStore implements ModelRegistryStore {
  readonly readOnly = true;
  readonly root: string;
  private readonly folders: FileModelFolders;

  /** `rootOrUri` is the mlruns folder; the registry is its `models/` sub-folder. */
  constructor(rootOrUri: string) {
    this.root = mlrunsRootPath(rootOrUri);
    this.folders = new FileModelFolders(path.join(this.root, REGISTRY_FOLDER), new BoundedFs());
  }

  private refuse(operation: string): Promise<never> {
    return Promise.reject(readOnlyError(this.root, operation));
  }

  async getRegisteredModel(name: string): Promise<RegisteredModel> {
    const dir = await this.folders.requireModelDir(name);
    const model = await this.folders.registeredModel(dir);
    if (!model) throw MlflowError.notFound(`Registered Model with name=${name} not found`);
    return model;
  }

  async searchRegisteredModels(query: SearchRegistryQuery): Promise<Page<RegisteredModel>> {
    const limit = validateMaxResults(query.maxResults, DEFAULT_MODELS_PER_PAGE, MAX_MODELS_PER_PAGE);
    const clauses = parseRegisteredModelFilter(query.filter);
    const orderBy = parseRegisteredModelOrderBy(query.orderBy);
    const names = await this.folders.names();
    const models = await Promise.all(names.map((name) => this.folders.registeredModel(path.join(this.folders.modelsDir, name))));
    // The evaluator applies MLflow's prompt rule: prompts are hidden unless the filter asks for them.
    const matching = models.filter((model): model is RegisteredModel => model !== undefined && registeredModelMatches(model, clauses));
    return paginate(matching.sort(compareRegisteredModels(orderBy)), query.pageToken, limit);
  }

  async getLatestVersions(name: string, stages?: string[]): Promise<ModelVersion[]> {
    const dir = await this.folders.requireModelDir(name);
    return this.folders.latestVersions(await this.folders.versions(dir), stages);
  }

  async getModelVersion(name: string, version: string): Promise<ModelVersion> {
    return this.folders.liveVersion(name, version);
  }

  async searchModelVersions(query: SearchRegistryQuery): Promise<Page<ModelVersion>> {
    const limit = validateMaxResults(query.maxResults, DEFAULT_VERSIONS_PER_PAGE, MAX_VERSIONS_PER_PAGE);
    const clauses = parseModelVersionFilter(query.filter);
    const orderBy = parseModelVersionOrderBy(query.orderBy);
    const names = await this.folders.names();
    const perModel = await Promise.all(names.map((name) => this.folders.versions(path.join(this.folders.modelsDir, name))));
    // Deleted versions and prompts never match (unless the filter asks for prompts).
    const matching = perModel.flat().filter((version) => modelVersionMatches(version, clauses));
    return paginate(matching.sort(compareModelVersions(orderBy)), query.pageToken, limit);
  }

  async getModelVersionDownloadUri(name: string, version: string): Promise<string> {
    const found = await this.folders.liveVersion(name, version);
    return found.storageLocation || found.source || '';
  }

  async getModelVersionByAlias(name: string, alias: string): Promise<ModelVersion> {
    validateModelName(name);
    const dir = await this.folders.requireModelDir(name);
    if (alias.toLowerCase() === LATEST_ALIAS) {
      const latest = this.folders.latestVersions(await this.folders.versions(dir));
      if (latest.length === 0) throw MlflowError.notFound(`Registered Model with name=${name} has no versions`);
      const highest = latest.reduce((a, b) => (Number(b.version) > Number(a.version) ? b : a));
      return this.folders.liveVersion(name, highest.version);
    }
    const target = (await this.folders.aliases(dir)).find((entry) => entry.alias === alias);
    if (!target) throw MlflowError.invalidParameter(`Registered model alias ${alias} not found.`);
    return this.folders.liveVersion(name, target.version);
  }

  // Writes: refused without touching the tree.
  readonly createRegisteredModel: ModelRegistryStore['createRegisteredModel'] = () => this.refuse('createRegisteredModel');
  readonly renameRegisteredModel: ModelRegistryStore['renameRegisteredModel'] = () => this.refuse('renameRegisteredModel');
  readonly updateRegisteredModel: ModelRegistryStore['updateRegisteredModel'] = () => this.refuse('updateRegisteredModel');
  readonly deleteRegisteredModel: ModelRegistryStore['deleteRegisteredModel'] = () => this.refuse('deleteRegisteredModel');
  readonly setRegisteredModelTag: ModelRegistryStore['setRegisteredModelTag'] = () => this.refuse('setRegisteredModelTag');
  readonly deleteRegisteredModelTag: ModelRegistryStore['deleteRegisteredModelTag'] = () => this.refuse('deleteRegisteredModelTag');
  readonly createModelVersion: ModelRegistryStore['createModelVersion'] = () => this.refuse('createModelVersion');
  readonly updateModelVersion: ModelRegistryStore['updateModelVersion'] = () => this.refuse('updateModelVersion');
  readonly deleteModelVersion: ModelRegistryStore['deleteModelVersion'] = () => this.refuse('deleteModelVersion');
  readonly transitionModelVersionStage: ModelRegistryStore['transitionModelVersionStage'] = () => this.refuse('transitionModelVersionStage');
  readonly setModelVersionTag: ModelRegistryStore['setModelVersionTag'] = () => this.refuse('setModelVersionTag');
  readonly deleteModelVersionTag: ModelRegistryStore['deleteModelVersionTag'] = () => this.refuse('deleteModelVersionTag');
  readonly setRegisteredModelAlias: ModelRegistryStore['setRegisteredModelAlias'] = () => this.refuse('setRegisteredModelAlias');
  readonly deleteRegisteredModelAlias: ModelRegistryStore['deleteRegisteredModelAlias'] = () => this.refuse('deleteRegisteredModelAlias');

  close(): void {
    // Nothing is held open between calls.
  }
}
