// The `runlens-artifact:` URI scheme: one URI per artifact of a run or a logged model.
// The artifact's own path comes last, so VS Code picks the editor and language by file name.
// Pure (no vscode import): the FileSystemProvider and the commands build on it.
import { MlflowError } from '../../shared/errors.ts';
import { baseName, checkArtifactPath, showPath } from '../../store/artifacts/artifactPath.ts';

export const ARTIFACT_SCHEME = 'runlens-artifact';

/** Whose artifacts: a run's (`/runs/<runId>/…`) or a logged model's (`/models/<modelId>/…`). */
export type ArtifactOwner = 'runs' | 'models';

export interface ArtifactLocation {
  owner: ArtifactOwner;
  /** Run id or logged model id. */
  id: string;
  /** Relative to the owner's artifact root, '/' separated; '' is the root itself. */
  path: string;
}

// MLflow's run ids are 32 hex digits and logged model ids `m-<hex>`; accept any id MLflow's
// validation would (a word character first, then word characters and dashes), nothing that
// could smuggle in a separator.
const OWNER_ID = /^[A-Za-z0-9][\w-]{0,255}$/u;

function checkOwner(owner: string): ArtifactOwner {
  if (owner === 'runs' || owner === 'models') return owner;
  throw MlflowError.invalidParameter(`Invalid artifact URI: it must start with /runs/ or /models/, not '/${showPath(owner)}/'.`);
}

function checkOwnerId(owner: ArtifactOwner, id: string): string {
  const what = owner === 'runs' ? 'run id' : 'logged model id';
  if (id === '') throw MlflowError.invalidParameter(`Invalid artifact URI: the ${what} is empty.`);
  if (!OWNER_ID.test(id)) throw MlflowError.invalidParameter(`Invalid artifact URI: '${showPath(id)}' is not a valid ${what}.`);
  return id;
}

/** The URI path (unencoded) of an artifact: `/runs/<runId>/<path>` or `/models/<modelId>/<path>`. */
export function artifactUriPath(location: ArtifactLocation): string {
  const owner = checkOwner(location.owner);
  const id = checkOwnerId(owner, location.id);
  const relative = checkArtifactPath(location.path, { allowEmpty: true });
  return relative === '' ? `/${owner}/${id}` : `/${owner}/${id}/${relative}`;
}

/** The whole URI as a string, each path segment percent-encoded. */
export function artifactUriString(location: ArtifactLocation): string {
  const encoded = artifactUriPath(location).split('/').map(encodeURIComponent).join('/');
  return `${ARTIFACT_SCHEME}:${encoded}`;
}

/**
 * Reads an artifact URI's (decoded) path back. Refuses other shapes, empty ids and unsafe
 * artifact paths ('..', backslashes, control characters) with INVALID_PARAMETER_VALUE.
 */
export function parseArtifactUriPath(uriPath: string): ArtifactLocation {
  if (!uriPath.startsWith('/')) throw MlflowError.invalidParameter(`Invalid artifact URI path '${showPath(uriPath)}': it must start with '/'.`);
  const [, ownerSegment = '', id = '', ...rest] = uriPath.split('/');
  const owner = checkOwner(ownerSegment);
  checkOwnerId(owner, id);
  return { owner, id, path: checkArtifactPath(rest.join('/'), { allowEmpty: true }) };
}

/** The paths above every artifact ('/', '/runs', '/models'): folders with nothing to list. */
export function isArtifactUriAncestor(uriPath: string): boolean {
  const trimmed = uriPath.replace(/\/+$/u, '');
  return trimmed === '' || trimmed === '/runs' || trimmed === '/models';
}

/** The language to give a document whose extension says nothing (MLflow's MLmodel is YAML). */
export function languageForArtifact(artifactPath: string): string | undefined {
  const name = baseName(artifactPath);
  return name === 'MLmodel' || name === 'MLproject' ? 'yaml' : undefined;
}
