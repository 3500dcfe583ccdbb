// artifacts/list for a run or logged model whose artifacts live in a bucket: either its root is
// an s3://, gs:// or wasbs:// URI (--default-artifact-root in the cloud; mlflow server lists those
// with its own credentials too), or it is `mlflow-artifacts:/…` over a bucket destination.
import type { WireFileInfo } from '../../restApi/wireTypes.ts';
import { CloudArtifactRepository } from '../../store/artifacts/cloud/cloudArtifactRepository.ts';
import { cloudProviderOf } from '../../store/artifacts/cloud/cloudLocation.ts';
import type { CloudEnvironment } from '../../store/artifacts/cloud/objectStore.ts';
import { listCloudFolder } from './cloudArtifactProxy.ts';
import { checkRelativeArtifactPath, isProxiedArtifactUri, proxiedRelativePath } from './confinePath.ts';

export interface CloudListingContext {
  /** The bucket behind `mlflow-artifacts:/`, when --artifacts-destination is one. */
  cloudDestination?: CloudArtifactRepository;
  /** What the server authenticates with: its own environment, as for mlflow server. */
  cloudEnv?: CloudEnvironment;
}

/** Whether `listCloudRunArtifacts` answers for this artifact URI. */
export function isCloudArtifactUri(artifactUri: string, context: CloudListingContext): boolean {
  return cloudProviderOf(artifactUri) !== undefined || (isProxiedArtifactUri(artifactUri) && context.cloudDestination !== undefined);
}

/** `{root_uri, files?}` with each `path` relative to the artifact root, as MLflow's server answers. */
export async function listCloudRunArtifacts(
  artifactUri: string,
  relPath: string | undefined,
  context: CloudListingContext,
): Promise<{ root_uri: string; files?: WireFileInfo[] }> {
  const relative = relPath ? checkRelativeArtifactPath(relPath, { allowEmpty: true }) : '';
  const proxied = isProxiedArtifactUri(artifactUri);
  let repository: CloudArtifactRepository;
  let folder: string;
  if (proxied && context.cloudDestination) {
    // The run's root is a checked path under the destination's prefix, never outside it.
    repository = context.cloudDestination;
    folder = [proxiedRelativePath(artifactUri), relative].filter(Boolean).join('/');
  } else {
    repository = new CloudArtifactRepository(artifactUri, { env: context.cloudEnv });
    folder = relative;
  }
  const entries = await listCloudFolder(repository, folder);
  // MLflow echoes the requested path as given for proxied roots and normalised for the others.
  const prefix = relPath ? (proxied ? relPath : relative) : '';
  const files = entries.map(({ name, info }) => ({ ...info, path: prefix ? (prefix.endsWith('/') ? `${prefix}${name}` : `${prefix}/${name}`) : name }));
  return files.length > 0 ? { root_uri: artifactUri, files } : { root_uri: artifactUri };
}
