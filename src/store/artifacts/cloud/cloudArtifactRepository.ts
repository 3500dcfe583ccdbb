// Artifacts in S3, GCS or Azure Blob, read and written as MLflow's own repositories do: a root
// URI is a key prefix, a folder is the keys under `<prefix>/<path>/` split at '/', and every
// path is checked before any call so nothing is read or written outside the root's prefix.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { compareCodePoints } from '../../../shared/codePointOrder.ts';
import { MlflowError } from '../../../shared/errors.ts';
import {
  DEFAULT_READ_MAX_BYTES, type ArtifactEntry, type ArtifactPage, type ArtifactRepositoryOptions, type DownloadOptions, type WritableArtifactRepository,
} from '../artifactRepository.ts';
import { baseName, checkArtifactPath, joinArtifactPath, showPath } from '../artifactPath.ts';
import { cancelled, checkBeforeTransfer, collectBytes, streamToTempFile } from '../transfer.ts';
import { uploadFolderFiles } from '../uploadFolder.ts';
import { cloudError } from './cloudErrors.ts';
import { keyFor, parseCloudLocation, type CloudLocation } from './cloudLocation.ts';
import { objectStoreFor } from './loadObjectStore.ts';
import type { CloudEnvironment, ObjectBody, ObjectStore } from './objectStore.ts';
import { withIdleTimeout } from './idleStream.ts';

export interface CloudRepositoryOptions extends ArtifactRepositoryOptions {
  /** The variables the vendor SDK reads; process.env when unset. */
  env?: CloudEnvironment;
  /** A body that sends nothing for this long fails with DEADLINE_EXCEEDED (default 60 s). */
  idleTimeoutMs?: number;
}

const DEFAULT_IDLE_TIMEOUT_MS = 60_000;
// Folder uploads run a few files at a time: enough to hide latency, few enough for a laptop link.
const UPLOAD_CONCURRENCY = 8;

export class CloudArtifactRepository implements WritableArtifactRepository {
  readonly rootUri: string;
  readonly location: CloudLocation;
  private readonly options: Omit<CloudRepositoryOptions, 'env'>;
  // A true private field: inspecting or serialising the repository never shows the credentials.
  readonly #env: CloudEnvironment;

  constructor(rootUri: string, options: CloudRepositoryOptions = {}) {
    this.rootUri = rootUri;
    this.location = parseCloudLocation(rootUri);
    const { env, ...rest } = options;
    this.options = rest;
    this.#env = env ?? process.env;
  }

  private async store(relative: string): Promise<ObjectStore> {
    try {
      return await objectStoreFor(this.location, this.#env);
    } catch (error) {
      throw cloudError(error, this.location, relative);
    }
  }

  async list(folder?: string, pageToken?: string, signal?: AbortSignal): Promise<ArtifactPage> {
    const relative = checkArtifactPath(folder, { allowEmpty: true });
    if (signal?.aborted) throw cancelled(relative);
    const store = await this.store(relative);
    const base = keyFor(this.location, relative);
    const prefix = base === '' ? '' : `${base}/`;
    try {
      const page = await store.listPage(prefix, pageToken, signal);
      const items: ArtifactEntry[] = [];
      for (const file of page.files) {
        const name = file.key.slice(prefix.length);
        // Folder markers ('x/') and anything a server answered outside the prefix are not files here.
        if (!file.key.startsWith(prefix) || name === '' || name.includes('/')) continue;
        items.push({ path: joinArtifactPath(relative, name), isDir: false, fileSize: file.size });
      }
      for (const folderKey of page.folders) {
        const name = folderKey.slice(prefix.length).replace(/\/$/u, '');
        if (!folderKey.startsWith(prefix) || name === '' || name.includes('/') || name === '.' || name === '..') continue;
        items.push({ path: joinArtifactPath(relative, name), isDir: true });
      }
      items.sort((a, b) => compareCodePoints(a.path, b.path));
      return page.nextToken ? { items, nextPageToken: page.nextToken } : { items };
    } catch (error) {
      throw cloudError(error, this.location, relative, signal);
    }
  }

  private async open(file: string, options: DownloadOptions, maxBytes: number): Promise<{ relative: string; object: ObjectBody }> {
    const relative = checkArtifactPath(file);
    if (options.signal?.aborted) throw cancelled(relative);
    const store = await this.store(relative);
    let object: ObjectBody;
    try {
      object = await store.get(keyFor(this.location, relative), options.signal);
    } catch (error) {
      throw cloudError(error, this.location, relative, options.signal);
    }
    try {
      checkBeforeTransfer(relative, { ...options, total: object.size }, maxBytes);
    } catch (error) {
      await closeBody(object.body);
      throw error;
    }
    const idleMs = this.options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    const stalled = () => new MlflowError('DEADLINE_EXCEEDED', `Download of artifact '${showPath(relative)}' from ${this.location.shown} stalled: no data for ${idleMs} ms.`);
    return { relative, object: { body: withIdleTimeout(object.body, idleMs, stalled), size: object.size } };
  }

  /**
   * Opens one object as a stream (the idle timeout applies) with the size the store announced:
   * for callers that pass the bytes on, like the server's artifact proxy. The caller closes it
   * by consuming or destroying the body.
   */
  async openStream(file: string, signal?: AbortSignal): Promise<ObjectBody> {
    return (await this.open(file, { signal }, Infinity)).object;
  }

  async download(file: string, options: DownloadOptions = {}): Promise<string> {
    const { relative, object } = await this.open(file, options, options.maxBytes ?? Infinity);
    try {
      return await streamToTempFile(object.body, baseName(relative), relative, { ...options, total: object.size, tempRoot: this.options.tempRoot });
    } catch (error) {
      throw cloudError(error, this.location, relative, options.signal);
    } finally {
      await closeBody(object.body);
    }
  }

  async read(file: string, options: DownloadOptions = {}): Promise<Buffer> {
    const maxBytes = options.maxBytes ?? DEFAULT_READ_MAX_BYTES;
    const { relative, object } = await this.open(file, options, maxBytes);
    try {
      return await collectBytes(object.body, relative, { ...options, total: object.size }, maxBytes);
    } catch (error) {
      throw cloudError(error, this.location, relative, options.signal);
    } finally {
      await closeBody(object.body);
    }
  }

  async upload(localFile: string, artifactPath: string, signal?: AbortSignal): Promise<void> {
    const relative = checkArtifactPath(artifactPath);
    if (signal?.aborted) throw cancelled(relative);
    const info = await stat(localFile);
    if (!info.isFile()) throw MlflowError.invalidParameter(`'${showPath(localFile)}' is not a file: only files upload as one artifact.`);
    const store = await this.store(relative);
    const body = createReadStream(localFile);
    try {
      await store.put(keyFor(this.location, relative), body, info.size, signal);
    } catch (error) {
      throw cloudError(error, this.location, relative, signal);
    } finally {
      body.destroy();
    }
  }

  /**
   * Writes one object from a stream of unknown length (an HTTP request body). The object
   * appears only when the stream ends cleanly: a stream that fails aborts the write.
   */
  async uploadStream(body: Readable, artifactPath: string, signal?: AbortSignal): Promise<void> {
    const relative = checkArtifactPath(artifactPath);
    if (signal?.aborted) throw cancelled(relative);
    const store = await this.store(relative);
    try {
      await store.put(keyFor(this.location, relative), body, undefined, signal);
    } catch (error) {
      throw cloudError(error, this.location, relative, signal);
    }
  }

  uploadFolder(localFolder: string, artifactPath: string, signal?: AbortSignal): Promise<number> {
    return uploadFolderFiles((file, target, abort) => this.upload(file, target, abort), localFolder, artifactPath, UPLOAD_CONCURRENCY, signal);
  }

  async delete(artifactPath: string, signal?: AbortSignal): Promise<void> {
    const relative = checkArtifactPath(artifactPath, { allowEmpty: true });
    const store = await this.store(relative);
    const key = keyFor(this.location, relative);
    try {
      const under = await store.listAll(key === '' ? '' : `${key}/`, signal);
      await store.delete(relative === '' ? under : [key, ...under]);
    } catch (error) {
      throw cloudError(error, this.location, relative, signal);
    }
  }
}

async function closeBody(body: AsyncIterable<Uint8Array>): Promise<void> {
  const destroyable = body as { destroy?: () => void; return?: () => Promise<unknown> };
  if (typeof destroyable.destroy === 'function') destroyable.destroy();
  else await destroyable.return?.().catch(() => undefined);
}
