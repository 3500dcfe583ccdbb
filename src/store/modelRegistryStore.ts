import type { ModelVersion, ModelVersionStage, Page, RegisteredModel, Tag } from '../shared/entities.ts';
import type { StoreCallOptions } from './trackingStore.ts';

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

  createRegisteredModel(name: string, tags?: Tag[], description?: string, options?: StoreCallOptions): Promise<RegisteredModel>;
  getRegisteredModel(name: string, options?: StoreCallOptions): Promise<RegisteredModel>;
  renameRegisteredModel(name: string, newName: string, options?: StoreCallOptions): Promise<RegisteredModel>;
  updateRegisteredModel(name: string, description: string, options?: StoreCallOptions): Promise<RegisteredModel>;
  deleteRegisteredModel(name: string, options?: StoreCallOptions): Promise<void>;
  searchRegisteredModels(query: SearchRegistryQuery, options?: StoreCallOptions): Promise<Page<RegisteredModel>>;
  getLatestVersions(name: string, stages?: string[], options?: StoreCallOptions): Promise<ModelVersion[]>;
  setRegisteredModelTag(name: string, tag: Tag, options?: StoreCallOptions): Promise<void>;
  deleteRegisteredModelTag(name: string, key: string, options?: StoreCallOptions): Promise<void>;

  createModelVersion(request: CreateModelVersionRequest, options?: StoreCallOptions): Promise<ModelVersion>;
  getModelVersion(name: string, version: string, options?: StoreCallOptions): Promise<ModelVersion>;
  updateModelVersion(name: string, version: string, description: string, options?: StoreCallOptions): Promise<ModelVersion>;
  deleteModelVersion(name: string, version: string, options?: StoreCallOptions): Promise<void>;
  transitionModelVersionStage(name: string, version: string, stage: ModelVersionStage | string, archiveExistingVersions: boolean, options?: StoreCallOptions): Promise<ModelVersion>;
  searchModelVersions(query: SearchRegistryQuery, options?: StoreCallOptions): Promise<Page<ModelVersion>>;
  getModelVersionDownloadUri(name: string, version: string, options?: StoreCallOptions): Promise<string>;
  setModelVersionTag(name: string, version: string, tag: Tag, options?: StoreCallOptions): Promise<void>;
  deleteModelVersionTag(name: string, version: string, key: string, options?: StoreCallOptions): Promise<void>;

  setRegisteredModelAlias(name: string, alias: string, version: string, options?: StoreCallOptions): Promise<void>;
  deleteRegisteredModelAlias(name: string, alias: string, options?: StoreCallOptions): Promise<void>;
  getModelVersionByAlias(name: string, alias: string, options?: StoreCallOptions): Promise<ModelVersion>;

  close(): void;
}
