// REST handlers for the model registry.
import { modelVersionToWire, registeredModelToWire } from '../../restApi/convert.ts';
import type { RouteName } from '../../restApi/routes.ts';
import { validateArtifactUri } from '../artifacts/confinePath.ts';
import { int, ok, requiredStr, str, tagList, type Handler, type Request } from './handlerContext.ts';
import { checkModelVersionSource } from './modelVersionSource.ts';

const change = (route: string, request: Request) => ({ kind: 'registry' as const, route, modelName: str(request, 'name') });

function searchQuery(request: Request) {
  return { filter: str(request, 'filter'), maxResults: int(request, 'max_results'), orderBy: request.order_by as string[] | undefined, pageToken: str(request, 'page_token') || undefined };
}

/** The routes that change the registry, and so record an audit event. */
export const REGISTRY_WRITES: ReadonlySet<string> = new Set<RouteName>([
  'createRegisteredModel', 'renameRegisteredModel', 'updateRegisteredModel', 'setRegisteredModelTag', 'deleteRegisteredModelTag',
  'setRegisteredModelAlias', 'deleteRegisteredModelAlias', 'createModelVersion', 'updateModelVersion', 'transitionModelVersionStage',
  'deleteModelVersion', 'setModelVersionTag', 'deleteModelVersionTag',
]);

export const registryHandlers: Partial<Record<RouteName, Handler>> = {
  async createRegisteredModel(request, ctx) {
    const model = await ctx.registry.createRegisteredModel(requiredStr(request, 'name'), tagList(request, 'tags'), str(request, 'description'));
    return ok({ registered_model: registeredModelToWire(model) }, change('createRegisteredModel', request));
  },
  async renameRegisteredModel(request, ctx) {
    const model = await ctx.registry.renameRegisteredModel(requiredStr(request, 'name'), requiredStr(request, 'new_name'));
    return ok({ registered_model: registeredModelToWire(model) }, change('renameRegisteredModel', request));
  },
  async updateRegisteredModel(request, ctx) {
    const model = await ctx.registry.updateRegisteredModel(requiredStr(request, 'name'), str(request, 'description') ?? '');
    return ok({ registered_model: registeredModelToWire(model) }, change('updateRegisteredModel', request));
  },
  async deleteRegisteredModel(request, ctx) {
    await ctx.registry.deleteRegisteredModel(requiredStr(request, 'name'));
    return ok({}, change('deleteRegisteredModel', request));
  },
  async getRegisteredModel(request, ctx) {
    return ok({ registered_model: registeredModelToWire(await ctx.registry.getRegisteredModel(requiredStr(request, 'name'))) });
  },
  async searchRegisteredModels(request, ctx) {
    const page = await ctx.registry.searchRegisteredModels(searchQuery(request));
    return ok({ registered_models: page.items.map(registeredModelToWire), next_page_token: page.nextPageToken });
  },
  async getLatestVersions(request, ctx) {
    const versions = await ctx.registry.getLatestVersions(requiredStr(request, 'name'), request.stages as string[] | undefined);
    return ok({ model_versions: versions.map(modelVersionToWire) });
  },
  async setRegisteredModelTag(request, ctx) {
    await ctx.registry.setRegisteredModelTag(requiredStr(request, 'name'), { key: requiredStr(request, 'key'), value: str(request, 'value') ?? '' });
    return ok({}, change('setRegisteredModelTag', request));
  },
  async deleteRegisteredModelTag(request, ctx) {
    await ctx.registry.deleteRegisteredModelTag(requiredStr(request, 'name'), requiredStr(request, 'key'));
    return ok({}, change('deleteRegisteredModelTag', request));
  },
  async setRegisteredModelAlias(request, ctx) {
    await ctx.registry.setRegisteredModelAlias(requiredStr(request, 'name'), requiredStr(request, 'alias'), requiredStr(request, 'version'));
    return ok({}, change('setRegisteredModelAlias', request));
  },
  async deleteRegisteredModelAlias(request, ctx) {
    await ctx.registry.deleteRegisteredModelAlias(requiredStr(request, 'name'), requiredStr(request, 'alias'));
    return ok({}, change('deleteRegisteredModelAlias', request));
  },
  async getModelVersionByAlias(request, ctx) {
    return ok({ model_version: modelVersionToWire(await ctx.registry.getModelVersionByAlias(requiredStr(request, 'name'), requiredStr(request, 'alias'))) });
  },
  async createModelVersion(request, ctx) {
    const source = requiredStr(request, 'source');
    // A local source outside the artifact roots would let the registry serve any file (CVE-2023-1177 and kin).
    validateArtifactUri(source, ctx.allowedArtifactRoots, { what: 'model version source' });
    const name = requiredStr(request, 'name');
    const lineage = await checkModelVersionSource({
      source, runId: str(request, 'run_id') || undefined, modelId: str(request, 'model_id') || undefined,
      hasRunId: request.run_id !== undefined, hasModelId: request.model_id !== undefined,
    }, ctx);
    const version = await ctx.registry.createModelVersion({
      name, source: lineage.source, runId: lineage.runId,
      tags: tagList(request, 'tags'), runLink: str(request, 'run_link') || undefined, description: str(request, 'description'), modelId: lineage.modelId,
    });
    return ok({ model_version: modelVersionToWire(version) }, change('createModelVersion', request));
  },
  async updateModelVersion(request, ctx) {
    const version = await ctx.registry.updateModelVersion(requiredStr(request, 'name'), requiredStr(request, 'version'), str(request, 'description') ?? '');
    return ok({ model_version: modelVersionToWire(version) }, change('updateModelVersion', request));
  },
  async transitionModelVersionStage(request, ctx) {
    const version = await ctx.registry.transitionModelVersionStage(
      requiredStr(request, 'name'), requiredStr(request, 'version'), requiredStr(request, 'stage'), request.archive_existing_versions === true);
    return ok({ model_version: modelVersionToWire(version) }, change('transitionModelVersionStage', request));
  },
  async deleteModelVersion(request, ctx) {
    await ctx.registry.deleteModelVersion(requiredStr(request, 'name'), requiredStr(request, 'version'));
    return ok({}, change('deleteModelVersion', request));
  },
  async getModelVersion(request, ctx) {
    return ok({ model_version: modelVersionToWire(await ctx.registry.getModelVersion(requiredStr(request, 'name'), requiredStr(request, 'version'))) });
  },
  async searchModelVersions(request, ctx) {
    const page = await ctx.registry.searchModelVersions(searchQuery(request));
    return ok({ model_versions: page.items.map(modelVersionToWire), next_page_token: page.nextPageToken });
  },
  async getModelVersionDownloadUri(request, ctx) {
    return ok({ artifact_uri: await ctx.registry.getModelVersionDownloadUri(requiredStr(request, 'name'), requiredStr(request, 'version')) });
  },
  async setModelVersionTag(request, ctx) {
    await ctx.registry.setModelVersionTag(requiredStr(request, 'name'), requiredStr(request, 'version'), { key: requiredStr(request, 'key'), value: str(request, 'value') ?? '' });
    return ok({}, change('setModelVersionTag', request));
  },
  async deleteModelVersionTag(request, ctx) {
    await ctx.registry.deleteModelVersionTag(requiredStr(request, 'name'), requiredStr(request, 'version'), requiredStr(request, 'key'));
    return ok({}, change('deleteModelVersionTag', request));
  },
};
