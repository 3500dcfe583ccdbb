// Listing artifact folders on local disk: the tracking API's artifacts/list for a run or a
// logged model, and the listing shared with the artifact proxy. Shapes follow MLflow 3.18:
// entries sorted by path, `file_size` omitted for folders and empty files, and MLflow's
// in-progress upload files (".artifact.uploading.*") hidden.
import { compareCodePoints } from '../../shared/codePointOrder.ts';
import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { WireFileInfo } from '../../restApi/wireTypes.ts';
import { MlflowError } from '../../shared/errors.ts';
import {
  checkRelativeArtifactPath,
  confinedPath,
  describePath,
  fileUriToLocalPath,
  isInsideRoot,
  isProxiedArtifactUri,
  proxiedRelativePath,
  uriScheme,
  validateArtifactUri,
} from './confinePath.ts';

/** Prefix of MLflow's (and our) temporary upload files; such names are reserved and never listed. */
export const UPLOADING_PREFIX = '.artifact.uploading.';

export interface LocalEntry {
  name: string;
  isDir: boolean;
  size: number;
}


async function describeEntry(folder: string, entry: Dirent, realRoot: string): Promise<LocalEntry | undefined> {
  const full = path.join(folder, entry.name);
  if (entry.isSymbolicLink()) {
    // A link is listed only when it points inside the root: its size would leak outside files.
    const target = await realpath(full).catch(() => undefined);
    if (target === undefined || !isInsideRoot(realRoot, target)) return undefined;
  }
  const info = await stat(full).catch(() => undefined);
  if (!info) return undefined;
  return { name: entry.name, isDir: info.isDirectory(), size: info.isDirectory() ? 0 : info.size };
}

/**
 * The entries of `folder` (already confined under `realRoot`), sorted by name; [] when the
 * folder is missing or is a file, as MLflow answers.
 */
export async function listLocalFolder(folder: string, realRoot: string): Promise<LocalEntry[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw error;
  }
  const described = await Promise.all(
    entries.filter((entry) => !entry.name.startsWith(UPLOADING_PREFIX)).map((entry) => describeEntry(folder, entry, realRoot)),
  );
  return described.filter((entry): entry is LocalEntry => entry !== undefined).sort((a, b) => compareCodePoints(a.name, b.name));
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
