// Picks the artifact repository for a root URI by its scheme.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MlflowError } from '../../shared/errors.ts';
import { RestClient } from '../rest/restClient.ts';
import type { ArtifactRepository } from './artifactRepository.ts';
import { checkArtifactPath, showPath } from './artifactPath.ts';
import { CloudArtifactRepository } from './cloud/cloudArtifactRepository.ts';
import { cloudProviderOf } from './cloud/cloudLocation.ts';
import type { CloudEnvironment } from './cloud/objectStore.ts';
import { HttpArtifactRepository } from './httpArtifactRepository.ts';
import { LocalArtifactRepository } from './localArtifactRepository.ts';
import { ProxyArtifactRepository, isProxyHttpUrl } from './proxyArtifactRepository.ts';

export interface ArtifactRepositoryContext {
  /** Client of the tracking server: `mlflow-artifacts:` roots go through its artifact proxy. */
  restClient?: RestClient;
  /** Folder behind `mlflow-artifacts:/` of a local server, read directly when there is no restClient. */
  artifactsDestination?: string;
  /** Where downloads land; os.tmpdir() when unset. */
  tempRoot?: string;
  /** What s3://, gs:// and wasbs:// roots authenticate with: process.env when unset. */
  cloudEnv?: CloudEnvironment;
}

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/u;

/** The lower-case scheme, or undefined for a plain path (a one-letter "scheme" is a Windows drive). */
function schemeOf(uri: string): string | undefined {
  const match = SCHEME.exec(uri);
  return match && match[1].length > 1 ? match[1].toLowerCase() : undefined;
}

/**
 * The tracking server's credentials go only to the tracking server's own origin; any other
 * http(s) host gets a client without them.
 */
function clientFor(uri: string, restClient: RestClient | undefined): RestClient {
  let origin: string;
  try {
    origin = new URL(uri).origin;
  } catch {
    throw MlflowError.invalidParameter(`Invalid artifact root '${showPath(uri)}': not a valid http(s) URL.`);
  }
  if (restClient && new URL(restClient.baseUrl).origin === origin) return restClient;
  return new RestClient({ baseUrl: origin });
}

/** `mlflow-artifacts:/p` read straight from the local folder a server keeps it in. */
function localProxyRoot(rootUri: string, destination: string, tempRoot: string | undefined): ArtifactRepository {
  const rest = rootUri.replace(/^mlflow-artifacts:(?:\/\/[^/]*)?/iu, '').replace(/^\/+/u, '');
  if (/[?#]/u.test(rest)) throw MlflowError.invalidParameter(`Invalid artifact root '${showPath(rootUri)}': query strings and fragments are not allowed.`);
  const relative = checkArtifactPath(rest, { allowEmpty: true });
  const folder = path.resolve(destination, ...relative.split('/').filter(Boolean));
  return new LocalArtifactRepository(pathToFileURL(folder).href, { tempRoot });
}

export function artifactRepositoryFor(rootUri: string, context: ArtifactRepositoryContext = {}): ArtifactRepository {
  const { restClient, artifactsDestination, tempRoot } = context;
  if (cloudProviderOf(rootUri)) return new CloudArtifactRepository(rootUri, { tempRoot, env: context.cloudEnv });
  const scheme = schemeOf(rootUri);
  if (scheme === undefined || scheme === 'file') return new LocalArtifactRepository(rootUri, { tempRoot });
  if (scheme === 'mlflow-artifacts') {
    if (restClient) return new ProxyArtifactRepository(rootUri, restClient, { tempRoot });
    if (artifactsDestination) return localProxyRoot(rootUri, artifactsDestination, tempRoot);
    throw MlflowError.invalidParameter(`Artifacts at '${showPath(rootUri)}' are served by a tracking server: connect to it, or give the folder behind mlflow-artifacts:/.`);
  }
  if (scheme === 'http' || scheme === 'https') {
    const client = clientFor(rootUri, restClient);
    return isProxyHttpUrl(rootUri) ? new ProxyArtifactRepository(rootUri, client, { tempRoot }) : new HttpArtifactRepository(rootUri, client, { tempRoot });
  }
  throw new MlflowError('NOT_IMPLEMENTED', `Artifacts at ${showPath(rootUri)} use a scheme RunLens cannot read; open them through an MLflow server with --serve-artifacts`);
}
