// REST handlers for MLflow 3 logged models and the server-info probe.
import type { LoggedModelStatus } from '../../shared/entities.ts';
import type { LoggedModelOrderBy } from '../../store/trackingStore.ts';
import { loggedModelToWire } from '../../restApi/convert.ts';
import type { RouteName } from '../../restApi/routes.ts';
import { int, ok, requiredStr, str, tagList, type Handler } from './handlerContext.ts';

const change = (route: string, modelId?: string) => ({ kind: 'loggedModel' as const, route, modelName: modelId });

export const loggedModelHandlers: Partial<Record<RouteName, Handler>> = {
  async createLoggedModel(request, ctx) {
    const model = await ctx.tracking.createLoggedModel({
      experimentId: requiredStr(request, 'experiment_id'), name: str(request, 'name') || undefined, modelType: str(request, 'model_type') || undefined,
      sourceRunId: str(request, 'source_run_id') || undefined, params: tagList(request, 'params'), tags: tagList(request, 'tags'),
    });
    return ok({ model: loggedModelToWire(model) }, change('createLoggedModel', model.modelId));
  },
  async getLoggedModel(request, ctx) {
    return ok({ model: loggedModelToWire(await ctx.tracking.getLoggedModel(requiredStr(request, 'model_id'))) });
  },
  async finalizeLoggedModel(request, ctx) {
    const modelId = requiredStr(request, 'model_id');
    const model = await ctx.tracking.finalizeLoggedModel(modelId, requiredStr(request, 'status') as LoggedModelStatus);
    return ok({ model: loggedModelToWire(model) }, change('finalizeLoggedModel', modelId));
  },
  async deleteLoggedModel(request, ctx) {
    const modelId = requiredStr(request, 'model_id');
    await ctx.tracking.deleteLoggedModel(modelId);
    return ok({}, change('deleteLoggedModel', modelId));
  },
  async searchLoggedModels(request, ctx) {
    const page = await ctx.tracking.searchLoggedModels({
      experimentIds: (request.experiment_ids as string[] | undefined) ?? [], filter: str(request, 'filter'),
      maxResults: int(request, 'max_results'), pageToken: str(request, 'page_token') || undefined,
      orderBy: request.order_by as LoggedModelOrderBy[] | undefined,
    });
    return ok({ models: page.items.map(loggedModelToWire), next_page_token: page.nextPageToken });
  },
  async setLoggedModelTags(request, ctx) {
    const modelId = requiredStr(request, 'model_id');
    await ctx.tracking.setLoggedModelTags(modelId, tagList(request, 'tags'));
    return ok({}, change('setLoggedModelTags', modelId));
  },
  async deleteLoggedModelTag(request, ctx) {
    const modelId = requiredStr(request, 'model_id');
    await ctx.tracking.deleteLoggedModelTag(modelId, requiredStr(request, 'tag_key'));
    return ok({}, change('deleteLoggedModelTag', modelId));
  },
  async logLoggedModelParams(request, ctx) {
    const modelId = requiredStr(request, 'model_id');
    await ctx.tracking.logLoggedModelParams(modelId, tagList(request, 'params'));
    return ok({}, change('logLoggedModelParams', modelId));
  },
  async serverInfo(_request, ctx) {
    return ok({
      store_type: ctx.storeType, workspaces_enabled: false, trace_archival_enabled: false,
      multipart_uploads_enabled: false, multipart_downloads_enabled: false, artifact_serving_enabled: ctx.serveArtifacts,
    });
  },
};
