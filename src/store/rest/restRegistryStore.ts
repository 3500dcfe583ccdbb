// ModelRegistryStore over any MLflow tracking server's REST API.
import type { ModelVersion, ModelVersionStage, Page, RegisteredModel, Tag } from '../../shared/entities.ts';
import { modelVersionFromWire, registeredModelFromWire } from '../../restApi/convert.ts';
import type { WireModelVersion, WireRegisteredModel } from '../../restApi/wireTypes.ts';
import type { CreateModelVersionRequest, ModelRegistryStore, SearchRegistryQuery } from '../modelRegistryStore.ts';
import type { RestClient } from './restClient.ts';

type ModelReply = { registered_model: WireRegisteredModel };
type VersionReply = { model_version: WireModelVersion };

export class RestRegistryStore implements ModelRegistryStore {
  readonly readOnly = false;
  private readonly client: RestClient;

  constructor(client: RestClient) {
    this.client = client;
  }

  async createRegisteredModel(name: string, tags?: Tag[], description?: string): Promise<RegisteredModel> {
    return registeredModelFromWire((await this.client.call<ModelReply>('createRegisteredModel', { name, tags, description })).registered_model);
  }
  async getRegisteredModel(name: string): Promise<RegisteredModel> {
    return registeredModelFromWire((await this.client.call<ModelReply>('getRegisteredModel', { name })).registered_model);
  }
  async renameRegisteredModel(name: string, newName: string): Promise<RegisteredModel> {
    return registeredModelFromWire((await this.client.call<ModelReply>('renameRegisteredModel', { name, new_name: newName })).registered_model);
  }
  async updateRegisteredModel(name: string, description: string): Promise<RegisteredModel> {
    return registeredModelFromWire((await this.client.call<ModelReply>('updateRegisteredModel', { name, description })).registered_model);
  }
  async deleteRegisteredModel(name: string): Promise<void> {
    await this.client.call('deleteRegisteredModel', { name });
  }
  async searchRegisteredModels(query: SearchRegistryQuery): Promise<Page<RegisteredModel>> {
    const res = await this.client.call<{ registered_models?: WireRegisteredModel[]; next_page_token?: string }>('searchRegisteredModels', {
      filter: query.filter, max_results: query.maxResults, order_by: query.orderBy, page_token: query.pageToken,
    });
    return { items: (res.registered_models ?? []).map(registeredModelFromWire), nextPageToken: res.next_page_token || undefined };
  }
  async getLatestVersions(name: string, stages?: string[]): Promise<ModelVersion[]> {
    const res = await this.client.call<{ model_versions?: WireModelVersion[] }>('getLatestVersions', { name, stages });
    return (res.model_versions ?? []).map(modelVersionFromWire);
  }
  async setRegisteredModelTag(name: string, tag: Tag): Promise<void> {
    await this.client.call('setRegisteredModelTag', { name, key: tag.key, value: tag.value });
  }
  async deleteRegisteredModelTag(name: string, key: string): Promise<void> {
    await this.client.call('deleteRegisteredModelTag', { name, key });
  }

  async createModelVersion(request: CreateModelVersionRequest): Promise<ModelVersion> {
    return modelVersionFromWire((await this.client.call<VersionReply>('createModelVersion', {
      name: request.name, source: request.source, run_id: request.runId, tags: request.tags, run_link: request.runLink,
      description: request.description, model_id: request.modelId,
    })).model_version);
  }
  async getModelVersion(name: string, version: string): Promise<ModelVersion> {
    return modelVersionFromWire((await this.client.call<VersionReply>('getModelVersion', { name, version })).model_version);
  }
  async updateModelVersion(name: string, version: string, description: string): Promise<ModelVersion> {
    return modelVersionFromWire((await this.client.call<VersionReply>('updateModelVersion', { name, version, description })).model_version);
  }
  async deleteModelVersion(name: string, version: string): Promise<void> {
    await this.client.call('deleteModelVersion', { name, version });
  }
  async transitionModelVersionStage(name: string, version: string, stage: ModelVersionStage | string, archiveExistingVersions: boolean): Promise<ModelVersion> {
    return modelVersionFromWire((await this.client.call<VersionReply>('transitionModelVersionStage', {
      name, version, stage, archive_existing_versions: archiveExistingVersions,
    })).model_version);
  }
  async searchModelVersions(query: SearchRegistryQuery): Promise<Page<ModelVersion>> {
    const res = await this.client.call<{ model_versions?: WireModelVersion[]; next_page_token?: string }>('searchModelVersions', {
      filter: query.filter, max_results: query.maxResults, order_by: query.orderBy, page_token: query.pageToken,
    });
    return { items: (res.model_versions ?? []).map(modelVersionFromWire), nextPageToken: res.next_page_token || undefined };
  }
  async getModelVersionDownloadUri(name: string, version: string): Promise<string> {
    return (await this.client.call<{ artifact_uri: string }>('getModelVersionDownloadUri', { name, version })).artifact_uri;
  }
  async setModelVersionTag(name: string, version: string, tag: Tag): Promise<void> {
    await this.client.call('setModelVersionTag', { name, version, key: tag.key, value: tag.value });
  }
  async deleteModelVersionTag(name: string, version: string, key: string): Promise<void> {
    await this.client.call('deleteModelVersionTag', { name, version, key });
  }

  async setRegisteredModelAlias(name: string, alias: string, version: string): Promise<void> {
    await this.client.call('setRegisteredModelAlias', { name, alias, version });
  }
  async deleteRegisteredModelAlias(name: string, alias: string): Promise<void> {
    await this.client.call('deleteRegisteredModelAlias', { name, alias });
  }
  async getModelVersionByAlias(name: string, alias: string): Promise<ModelVersion> {
    return modelVersionFromWire((await this.client.call<VersionReply>('getModelVersionByAlias', { name, alias })).model_version);
  }

  close(): void {}
}
