// artifacts/list for runs and logged models: lists the local folder behind their artifact URI.
import type { RouteName } from '../../restApi/routes.ts';
import { listRunArtifacts } from '../artifacts/runArtifacts.ts';
import { ok, requiredStr, runIdOf, str, type Handler } from './handlerContext.ts';

export const artifactHandlers: Partial<Record<RouteName, Handler>> = {
  async listArtifacts(request, ctx) {
    const run = await ctx.tracking.getRun(runIdOf(request));
    return ok(await listRunArtifacts(run.info.artifactUri, str(request, 'path') || undefined, ctx.artifactsDestination ?? ''));
  },
  async listLoggedModelArtifacts(request, ctx) {
    const model = await ctx.tracking.getLoggedModel(requiredStr(request, 'model_id'));
    return ok(await listRunArtifacts(model.artifactUri, str(request, 'artifact_directory_path') || undefined, ctx.artifactsDestination ?? ''));
  },
};
