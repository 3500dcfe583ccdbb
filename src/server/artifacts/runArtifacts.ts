// Listing artifact folders on local disk: the tracking API's artifacts/list for a run or a
// logged model, and the listing shared with the artifact proxy. Shapes follow MLflow 3.18:
// entries sorted by path, `file_size` omitted for folders and empty files, and MLflow's
// in-progress upload files (".artifact.uploading.*") hidden.
import { compareCodePoints } from '../../shared/codePointOrder.ts';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import type { WireFileInfo } from '../../restApi/wireTypes.ts';
import { MlflowError } from '../../shared/errors.ts';
import { isMissing, isOutsideRoot, listOpenedFolder, openInside, type ListedEntry, type OpenedEntry } from '../../store/artifacts/confinedFiles.ts';
import {
  checkRelativeArtifactPath,
  confinedPath,
  describePath,
  fileUriToLocalPath,
  isProxiedArtifactUri,
  proxiedRelativePath,
  uriScheme,
  validateArtifactUri,
} from './confinePath.ts';

/** Prefix of MLflow's (and our) temporary upload files; such names are reserved and never listed. */
export const UPLOADING_PREFIX = '.artifact.uploading.';

export type LocalEntry = ListedEntry;


/**
 * The entries of `folder` (already checked to lie under `realRoot`), sorted by name; [] when
 * the folder is missing or is a file, as MLflow answers. The folder is opened and verified
 * before it is read, so a link swapped in after the check lists nothing from outside.
 */
export async function listLocalFolder(folder: string, realRoot: string): Promise<LocalEntry[]> {
  const relative = path.relative(realRoot, folder).split(path.sep).filter(Boolean).join('/');
  let opened: OpenedEntry;
  try {
    opened = await openInside(realRoot, relative, true);
  } catch (error) {
    if (isMissing(error)) return [];
    if (isOutsideRoot(error)) throw MlflowError.invalidParameter(`Invalid artifact path '${describePath(relative)}': it resolves outside the artifact root through a symbolic link.`);
    throw error;
  }
  try {
    const entries = await listOpenedFolder(opened, realRoot);
    return entries.filter((entry) => !entry.name.startsWith(UPLOADING_PREFIX)).sort((a, b) => compareCodePoints(a.name, b.name));
  } finally {
    await opened.handle.close();
  }
}

/** The wire entry MLflow sends: `file_size` only for non-empty files. */
export function wireFileInfo(entryPath: string, entry: LocalEntry): WireFileInfo {
  return entry.isDir || entry.size === 0 ? { path: entryPath, is_dir: entry.isDir } : { path: entryPath, is_dir: false, file_size: entry.size };
}

/** The real path of a root folder, or the resolved path when it does not exist yet. */
async function realRootOf(root: string): Promise<string> {
  return realpath(root).catch(() => path.resolve(root));
}

/**
 * The local folder behind an artifact URI, or undefined when the URI is not on this machine
 * (s3:, gs:, runs:…) or is proxied while the server has no artifacts destination.
 * `mlflow-artifacts:/<p>` maps to `<destination>/<p>`; `file:` URIs and absolute paths map to
 * themselves. Throws INVALID_PARAMETER_VALUE for URIs carrying traversal.
 */
export function localPathForArtifactUri(uri: string, destination: string): string | undefined {
  if (isProxiedArtifactUri(uri)) {
    if (!destination) return undefined;
    const relative = proxiedRelativePath(uri);
    const root = path.resolve(destination);
    return relative === '' ? root : path.join(root, ...relative.split('/'));
  }
  const scheme = uriScheme(uri);
  if (scheme === 'file') return fileUriToLocalPath(uri);
  if (scheme !== undefined || !path.isAbsolute(uri)) return undefined;
  // A plain absolute path: only the traversal checks apply, the store chose this location.
  validateArtifactUri(uri, [path.parse(path.resolve(uri)).root]);
  return path.resolve(uri);
}

/** Joins like Python's posixpath.join(prefix, name), which MLflow uses for proxied roots. */
function posixJoin(prefix: string, name: string): string {
  return prefix.endsWith('/') ? `${prefix}${name}` : `${prefix}/${name}`;
}

/**
 * Lists one folder of a run's (or logged model's) artifacts for the tracking API:
 * `{root_uri, files?}` with each `path` relative to the artifact root (`sub/deep/f.txt`).
 * `relPath` is the already-decoded `path` request field; it is never decoded again.
 */
export async function listRunArtifacts(
  artifactUri: string,
  relPath: string | undefined,
  destination: string,
): Promise<{ root_uri: string; files?: WireFileInfo[] }> {
  const relative = relPath ? checkRelativeArtifactPath(relPath, { allowEmpty: true }) : '';
  const proxied = isProxiedArtifactUri(artifactUri);
  const base = localPathForArtifactUri(artifactUri, destination);
  if (base === undefined) {
    const reason = proxied
      ? 'this server does not serve proxied artifacts (no artifacts destination)'
      : `artifacts stored at '${uriScheme(artifactUri) ?? 'remote'}:' locations are not on this machine`;
    throw new MlflowError('NOT_IMPLEMENTED', `Cannot list artifacts of '${describePath(artifactUri)}': ${reason}.`);
  }
  // Proxied roots are confined to the destination as a whole; local roots to themselves.
  const root = proxied ? path.resolve(destination) : base;
  const underRoot = proxied ? path.relative(root, base).split(path.sep).filter(Boolean).join('/') : '';
  const folder = await confinedPath(root, [underRoot, relative].filter(Boolean).join('/'));
  const entries = await listLocalFolder(folder, await realRootOf(root));
  // MLflow echoes the requested path as given for proxied roots and normalised for local ones.
  const prefix = relPath ? (proxied ? relPath : relative) : '';
  const files = entries.map((entry) => wireFileInfo(prefix ? posixJoin(prefix, entry.name) : entry.name, entry));
  return files.length > 0 ? { root_uri: artifactUri, files } : { root_uri: artifactUri };
}
