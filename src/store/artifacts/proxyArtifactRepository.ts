// `mlflow-artifacts:` roots read and written through a tracking server's artifact proxy
// (`/api/2.0/mlflow-artifacts/artifacts`: GET, PUT, DELETE), on our server or MLflow's, via
// RestClient so the server's auth, TLS settings and retries apply.
import { openAsBlob } from 'node:fs';
import { stat } from 'node:fs/promises';
import { compareCodePoints } from '../../shared/codePointOrder.ts';
import { MlflowError } from '../../shared/errors.ts';
import type { RestClient } from '../rest/restClient.ts';
import type { ArtifactEntry, ArtifactPage, ArtifactRepositoryOptions, DownloadOptions, WritableArtifactRepository } from './artifactRepository.ts';
import { checkArtifactPath, joinArtifactPath, showPath } from './artifactPath.ts';
import { uploadFolderFiles } from './uploadFolder.ts';
import { downloadUrlToTempFile, encodePathSegments, readUrl } from './httpDownload.ts';
import { decodePageToken, encodePageToken } from '../search/pageToken.ts';

export const PROXY_ROUTE = '/api/2.0/mlflow-artifacts/artifacts';

interface ProxyRoot {
  /** `http(s)://host[:port][/prefix]` of the server, without a trailing slash. */
  serverUrl: string;
  /** The root's path under the server's artifacts destination, normalised. */
  rootPath: string;
}

function invalidRoot(rootUri: string, reason: string): MlflowError {
  return MlflowError.invalidParameter(`Invalid artifact root '${showPath(rootUri)}': ${reason}.`);
}

/** Whether an http(s) URL points into a server's artifact proxy route. */
export function isProxyHttpUrl(uri: string): boolean {
  return /^https?:\/\//iu.test(uri) && uri.includes(PROXY_ROUTE);
}

/**
 * Where a proxied root lives. `mlflow-artifacts:/p` uses the tracking server; an authority
 * (`mlflow-artifacts://host:port/p`) replaces its host, as MLflow's client does; an http(s) URL
 * of the proxy route names its server itself.
 */
export function parseProxyRoot(rootUri: string, trackingUrl: string): ProxyRoot {
  if (/[?#]/u.test(rootUri)) throw invalidRoot(rootUri, 'query strings and fragments are not allowed');
  let serverUrl: string;
  let rest: string;
  if (/^https?:\/\//iu.test(rootUri)) {
    const anchor = rootUri.indexOf(PROXY_ROUTE);
    const tail = anchor < 0 ? undefined : rootUri.slice(anchor + PROXY_ROUTE.length);
    if (tail === undefined || (tail !== '' && !tail.startsWith('/'))) throw invalidRoot(rootUri, `an http(s) root must point into ${PROXY_ROUTE}`);
    serverUrl = rootUri.slice(0, anchor);
    rest = tail;
  } else {
    const match = /^mlflow-artifacts:(?:\/\/([^/]*))?(.*)$/isu.exec(rootUri);
    if (!match) throw invalidRoot(rootUri, 'expected mlflow-artifacts:/<path>');
    const [, authority, path] = match;
    serverUrl = trackingUrl;
    if (authority) {
      const tracking = new URL(trackingUrl);
      let server: URL;
      try {
        server = new URL(`${tracking.protocol}//${authority}`);
      } catch {
        throw invalidRoot(rootUri, `'${showPath(authority)}' is not a host[:port]`);
      }
      if (server.username || server.password || server.pathname !== '/') throw invalidRoot(rootUri, `'${showPath(authority)}' is not a host[:port]`);
      serverUrl = `${server.origin}${tracking.pathname}`;
    }
    rest = path;
  }
  let rootPath: string;
  try {
    rootPath = checkArtifactPath(rest.replace(/^\/+/u, ''), { allowEmpty: true });
  } catch (error) {
    throw invalidRoot(rootUri, (error as Error).message);
  }
  return { serverUrl: serverUrl.replace(/\/+$/u, ''), rootPath };
}

interface WireFile {
  path?: unknown;
  is_dir?: unknown;
  file_size?: unknown;
}

/**
 * Entries per listing page. MLflow 3.18.0's proxy list (`GET mlflow-artifacts/artifacts?path=`)
 * takes no page size or token and answers a whole folder at once, so pages are cut here: callers
 * never get more than this many entries from one call, whatever the folder holds.
 */
export const PROXY_PAGE_SIZE = 1000;

// Folder uploads send a few files at a time, as MLflow's client does through the proxy.
const UPLOAD_CONCURRENCY = 4;

export class ProxyArtifactRepository implements WritableArtifactRepository {
  readonly rootUri: string;
  private readonly client: RestClient;
  private readonly root: ProxyRoot;
  private readonly options: ArtifactRepositoryOptions;

  constructor(rootUri: string, client: RestClient, options: ArtifactRepositoryOptions = {}) {
    this.rootUri = rootUri;
    this.client = client;
    this.root = parseProxyRoot(rootUri, client.baseUrl);
    this.options = options;
  }

  /** One page of a folder level; the whole level is fetched each time, since the server cannot page. */
  async list(folder?: string, pageToken?: string, signal?: AbortSignal): Promise<ArtifactPage> {
    const relative = checkArtifactPath(folder, { allowEmpty: true });
    const offset = decodePageToken(pageToken);
    const serverPath = joinArtifactPath(this.root.rootPath, relative);
    const url = `${this.root.serverUrl}${PROXY_ROUTE}?path=${encodeURIComponent(serverPath)}`;
    const text = await this.client.send('GET', url, undefined, true, signal);
    let body: { files?: WireFile[] };
    try {
      body = text.trim() === '' ? {} : (JSON.parse(text) as { files?: WireFile[] });
    } catch {
      throw new MlflowError('INTERNAL_ERROR', `The artifact listing of '${showPath(relative)}' from ${this.root.serverUrl} is not JSON.`);
    }
    // The server answers names relative to the listed folder; a bad one is refused, not followed.
    const items: ArtifactEntry[] = (body.files ?? []).map((file) => {
      const name = checkArtifactPath(String(file.path ?? ''));
      const entryPath = joinArtifactPath(relative, name);
      const isDir = file.is_dir === true;
      // MLflow's server leaves file_size out for empty files (a proto default): a file without one is empty.
      return isDir ? { path: entryPath, isDir } : { path: entryPath, isDir, fileSize: Number(file.file_size ?? 0) };
    });
    items.sort((a, b) => compareCodePoints(a.path, b.path));
    const page = items.slice(offset, offset + PROXY_PAGE_SIZE);
    return offset + PROXY_PAGE_SIZE < items.length ? { items: page, nextPageToken: encodePageToken(offset + PROXY_PAGE_SIZE) } : { items: page };
  }

  private fileUrl(file: string): { url: string; relative: string } {
    const relative = checkArtifactPath(file);
    return { url: `${this.root.serverUrl}${PROXY_ROUTE}/${encodePathSegments(joinArtifactPath(this.root.rootPath, relative))}`, relative };
  }

  async download(file: string, options: DownloadOptions = {}): Promise<string> {
    const { url, relative } = this.fileUrl(file);
    return downloadUrlToTempFile(this.client, url, relative, options, this.options.tempRoot);
  }

  async read(file: string, options: DownloadOptions = {}): Promise<Buffer> {
    const { url, relative } = this.fileUrl(file);
    return readUrl(this.client, url, relative, options);
  }

  /** PUTs one file; the body is a file-backed Blob, so a retried request sends it again from the start. */
  async upload(localFile: string, artifactPath: string, signal?: AbortSignal): Promise<void> {
    const { url } = this.fileUrl(artifactPath);
    const info = await stat(localFile);
    if (!info.isFile()) throw MlflowError.invalidParameter(`'${showPath(localFile)}' is not a file: only files upload as one artifact.`);
    const body = await openAsBlob(localFile);
    const response = await this.client.fetchWithRetry('PUT', url, body, true, signal, { 'Content-Type': 'application/octet-stream' });
    await response.body?.cancel();
  }

  uploadFolder(localFolder: string, artifactPath: string, signal?: AbortSignal): Promise<number> {
    return uploadFolderFiles((file, target, abort) => this.upload(file, target, abort), localFolder, artifactPath, UPLOAD_CONCURRENCY, signal);
  }

  /** DELETEs a file or folder; a path that is already gone is not an error, as in MLflow. */
  async delete(artifactPath: string, signal?: AbortSignal): Promise<void> {
    const relative = checkArtifactPath(artifactPath, { allowEmpty: true });
    const target = joinArtifactPath(this.root.rootPath, relative);
    // The server's whole artifacts destination is never one delete away.
    if (target === '') throw MlflowError.invalidParameter(`Refusing to delete the whole artifact store of ${this.root.serverUrl}: name a path under it.`);
    const url = `${this.root.serverUrl}${PROXY_ROUTE}/${encodePathSegments(target)}`;
    try {
      const response = await this.client.fetchWithRetry('DELETE', url, undefined, true, signal);
      await response.body?.cancel();
    } catch (error) {
      if (error instanceof MlflowError && error.code === 'RESOURCE_DOES_NOT_EXIST') return;
      throw error;
    }
  }
}
