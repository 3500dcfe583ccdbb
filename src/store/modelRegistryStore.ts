import type { ModelVersion, ModelVersionStage, Page, RegisteredModel, Tag } from '../shared/entities.ts';

export interface SearchRegistryQuery {
  filter?: string;
  maxResults?: number;
  orderBy?: string[];
  pageToken?: string;
}

export interface CreateModelVersionRequest {
  name: string;
  source: string;
  runId?: string;
  tags?: Tag[];
  runLink?: string;
  description?: string;
  modelId?: string;
}

/** MLflow's model registry: registered models, versions, stages, aliases and tags. */
export interface ModelRegistryStore {
  readonly readOnly: boolean;

  createRegisteredModel(name: string, tags?: Tag[], description?: string): Promise<RegisteredModel>;
  getRegisteredModel(name: string): Promise<RegisteredModel>;
  renameRegisteredModel(name: string, newName: string): Promise<RegisteredModel>;
  updateRegisteredModel(name: string, description: string): Promise<RegisteredModel>;
  deleteRegisteredModel(name: string): Promise<void>;
  searchRegisteredModels(query: SearchRegistryQuery): Promise<Page<RegisteredModel>>;
  getLatestVersions(name: string, stages?: string[]): Promise<ModelVersion[]>;
  setRegisteredModelTag(name: string, tag: Tag): Promise<void>;
  deleteRegisteredModelTag(name: string, key: string): Promise<void>;

  createModelVersion(request: CreateModelVersionRequest): Promise<ModelVersion>;
  getModelVersion(name: string, version: string): Promise<ModelVersion>;
  updateModelVersion(name: string, version: string, description: string): Promise<ModelVersion>;
  deleteModelVersion(name: string, version: string): Promise<void>;
  transitionModelVersionStage(name: string, version: string, stage: ModelVersionStage | string, archiveExistingVersions: boolean): Promise<ModelVersion>;
  searchModelVersions(query: SearchRegistryQuery): Promise<Page<ModelVersion>>;
  getModelVersionDownloadUri(name: string, version: string): Promise<string>;
  setModelVersionTag(name: string, version: string, tag: Tag): Promise<void>;
  deleteModelVersionTag(name: string, version: string, key: string): Promise<void>;

  setRegisteredModelAlias(name: string, alias: string, version: string): Promise<void>;
  deleteRegisteredModelAlias(name: string, alias: string): Promise<void>;
  getModelVersionByAlias(name: string, alias: string): Promise<ModelVersion>;

  close(): void;
}
