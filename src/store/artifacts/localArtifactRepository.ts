// Artifacts in a local folder (an absolute path or a `file:` URI). Every path is checked before
// any I/O and, after following symlinks, must still lie under the root's real path.
import { compareCodePoints } from '../../shared/codePointOrder.ts';
import { createReadStream } from 'node:fs';
import { open, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MlflowError } from '../../shared/errors.ts';
import { decodePageToken, encodePageToken } from '../search/pageToken.ts';
import {
  DEFAULT_READ_MAX_BYTES, type ArtifactEntry, type ArtifactPage, type ArtifactRepository, type ArtifactRepositoryOptions, type DownloadOptions,
} from './artifactRepository.ts';
import { baseName, checkArtifactPath, joinArtifactPath, showPath } from './artifactPath.ts';
import { cancelled, collectBytes, streamToTempFile } from './transfer.ts';

export const LOCAL_PAGE_SIZE = 1000;
// MLflow's in-progress upload files: never a finished artifact.
const UPLOADING_PREFIX = '.artifact.uploading.';

/** The folder an absolute path or `file:` URI names. */
export function localRootPath(rootUri: string): string {
  if (/^file:/iu.test(rootUri)) {
    try {
      return fileURLToPath(rootUri);
    } catch (error) {
      throw MlflowError.invalidParameter(`Invalid artifact root '${showPath(rootUri)}': ${(error as Error).message}`);
    }
  }
  if (!path.isAbsolute(rootUri)) throw MlflowError.invalidParameter(`Invalid artifact root '${showPath(rootUri)}': a local root must be an absolute path or a file: URI.`);
  return path.resolve(rootUri);
}

function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

export class LocalArtifactRepository implements ArtifactRepository {
  readonly rootUri: string;
  private readonly rootPath: string;
  private readonly options: ArtifactRepositoryOptions;

  constructor(rootUri: string, options: ArtifactRepositoryOptions = {}) {
    this.rootUri = rootUri;
    this.rootPath = localRootPath(rootUri);
    this.options = options;
  }

  /**
   * The real location of a checked relative path, or undefined when it does not exist.
   * Throws INVALID_PARAMETER_VALUE when a symlink leads outside the root.
   */
  private async locate(relative: string, shown: string): Promise<string | undefined> {
    let realRoot: string;
    try {
      realRoot = await realpath(this.rootPath);
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
    const target = relative === '' ? realRoot : path.join(realRoot, ...relative.split('/'));
    let real: string;
    try {
      real = await realpath(target);
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
    if (!isInside(realRoot, real)) {
      throw MlflowError.invalidParameter(`Invalid artifact path '${showPath(shown)}': it leads outside the artifact root through a symbolic link.`);
    }
    return real;
  }

  async list(folder?: string, pageToken?: string, signal?: AbortSignal): Promise<ArtifactPage> {
    const relative = checkArtifactPath(folder, { allowEmpty: true });
    const offset = decodePageToken(pageToken);
    if (signal?.aborted) throw cancelled(relative);
    const real = await this.locate(relative, folder ?? '');
    if (real === undefined) return { items: [] };
    let names: string[];
    try {
      names = await readdir(real);
    } catch (error) {
      if (isMissing(error)) return { items: [] };
      throw error;
    }
    names = names.filter((name) => !name.startsWith(UPLOADING_PREFIX)).sort(compareCodePoints);
    const realRoot = await realpath(this.rootPath);
    const page = names.slice(offset, offset + LOCAL_PAGE_SIZE);
    const described = await Promise.all(page.map((name) => this.describe(realRoot, real, name, relative)));
    if (signal?.aborted) throw cancelled(relative);
    const items = described.filter((entry): entry is ArtifactEntry => entry !== undefined);
    return offset + LOCAL_PAGE_SIZE < names.length ? { items, nextPageToken: encodePageToken(offset + LOCAL_PAGE_SIZE) } : { items };
  }

  /** One listing entry; links leading outside the root (or nowhere) are left out. */
  private async describe(realRoot: string, folder: string, name: string, relative: string): Promise<ArtifactEntry | undefined> {
    const full = path.join(folder, name);
    const target = await realpath(full).catch(() => undefined);
    if (target === undefined || !isInside(realRoot, target)) return undefined;
    const info = await stat(target).catch(() => undefined);
    if (!info) return undefined;
    const entryPath = joinArtifactPath(relative, name);
    return info.isDirectory() ? { path: entryPath, isDir: true } : { path: entryPath, isDir: false, fileSize: info.size };
  }

  /** Opens a file for reading: the handle, and its size as seen through that handle. */
  private async openFile(file: string | undefined, signal: AbortSignal | undefined) {
    const relative = checkArtifactPath(file);
    if (signal?.aborted) throw cancelled(relative);
    const real = await this.locate(relative, file ?? '');
    if (real === undefined) throw MlflowError.notFound(`No such artifact: '${showPath(relative)}' under ${showPath(this.rootUri)}`);
    const handle = await open(real, 'r');
    try {
      const info = await handle.stat();
      if (info.isDirectory()) throw MlflowError.invalidParameter(`Artifact path '${showPath(relative)}' is a folder, not a file.`);
      return { relative, handle, size: info.size };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async download(file: string, options: DownloadOptions = {}): Promise<string> {
    const { relative, handle, size } = await this.openFile(file, options.signal);
    // The stream owns the handle and closes it however the transfer ends.
    const source = createReadStream('', { fd: handle, highWaterMark: 1024 * 1024 });
    try {
      return await streamToTempFile(source, baseName(relative), relative, { ...options, total: size, tempRoot: this.options.tempRoot });
    } finally {
      source.destroy();
    }
  }

  async read(file: string, options: DownloadOptions = {}): Promise<Buffer> {
    const { relative, handle, size } = await this.openFile(file, options.signal);
    const source = createReadStream('', { fd: handle });
    try {
      return await collectBytes(source, relative, { ...options, total: size }, options.maxBytes ?? DEFAULT_READ_MAX_BYTES);
    } finally {
      source.destroy();
    }
  }
}
