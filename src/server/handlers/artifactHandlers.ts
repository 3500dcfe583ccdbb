// artifacts/list for runs and logged models: lists the local folder or the bucket behind their artifact URI.
import type { RouteName } from '../../restApi/routes.ts';
import { isCloudArtifactUri, listCloudRunArtifacts } from '../artifacts/cloudRunArtifacts.ts';
import { listRunArtifacts } from '../artifacts/runArtifacts.ts';
import { ok, requiredStr, runIdOf, str, type Handler, type HandlerContext } from './handlerContext.ts';

function listArtifactsOf(artifactUri: string, relPath: string | undefined, ctx: HandlerContext) {
  const cloud = { cloudDestination: ctx.cloudArtifactsDestination, cloudEnv: ctx.cloudEnv };
  if (isCloudArtifactUri(artifactUri, cloud)) return listCloudRunArtifacts(artifactUri, relPath, cloud);
  return listRunArtifacts(artifactUri, relPath, ctx.artifactsDestination ?? '');
}

export const artifactHandlers: Partial<Record<RouteName, Handler>> = {
  async listArtifacts(request, ctx) {
    const run = await ctx.tracking.getRun(runIdOf(request));
    return ok(await listArtifactsOf(run.info.artifactUri, str(request, 'path') || undefined, ctx));
  },
  async listLoggedModelArtifacts(request, ctx) {
    const model = await ctx.tracking.getLoggedModel(requiredStr(request, 'model_id'));
    return ok(await listArtifactsOf(model.artifactUri, str(request, 'artifact_directory_path') || undefined, ctx));
  },
};
