// Artifacts in a local folder (an absolute path or a `file:` URI). Every path is checked before
// any I/O, and every file and folder is opened first and verified after (confinedFiles.ts) to
// lie under the root's real path, so a symlink swapped in meanwhile cannot lead out.
import { compareCodePoints } from '../../shared/codePointOrder.ts';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MlflowError } from '../../shared/errors.ts';
import { decodePageToken, encodePageToken } from '../search/pageToken.ts';
import {
  DEFAULT_READ_MAX_BYTES, type ArtifactEntry, type ArtifactPage, type ArtifactRepository, type ArtifactRepositoryOptions, type DownloadOptions,
} from './artifactRepository.ts';
import { baseName, checkArtifactPath, joinArtifactPath, showPath } from './artifactPath.ts';
import { cancelled, collectBytes, streamToTempFile } from './transfer.ts';
import { describeNames, isMissing, isOutsideRoot, namesInFolder, openInside, realRootOf, type ListedEntry } from './confinedFiles.ts';

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

export class LocalArtifactRepository implements ArtifactRepository {
  readonly rootUri: string;
  private readonly rootPath: string;
  private readonly options: ArtifactRepositoryOptions;

  constructor(rootUri: string, options: ArtifactRepositoryOptions = {}) {
    this.rootUri = rootUri;
    this.rootPath = localRootPath(rootUri);
    this.options = options;
  }

  /** The error for a path that a symlink leads out of the root. */
  private outside(shown: string): MlflowError {
    return MlflowError.invalidParameter(`Invalid artifact path '${showPath(shown)}': it leads outside the artifact root through a symbolic link.`);
  }

  /**
   * Opens a checked relative path under the root (a folder when `folder`), verified to lie
   * inside it once open (confinedFiles.ts), or undefined when it does not exist.
   */
  private async openChecked(relative: string, shown: string, folder: boolean) {
    const realRoot = await realRootOf(this.rootPath);
    if (realRoot === undefined) return undefined;
    try {
      return { realRoot, opened: await openInside(realRoot, relative, folder) };
    } catch (error) {
      if (isMissing(error)) return undefined;
      if (isOutsideRoot(error)) throw this.outside(shown);
      throw error;
    }
  }

  async list(folder?: string, pageToken?: string, signal?: AbortSignal): Promise<ArtifactPage> {
    const relative = checkArtifactPath(folder, { allowEmpty: true });
    const offset = decodePageToken(pageToken);
    if (signal?.aborted) throw cancelled(relative);
    const found = await this.openChecked(relative, folder ?? '', true);
    if (found === undefined) return { items: [] };
    let names: string[];
    let page: ListedEntry[];
    try {
      names = (await namesInFolder(found.opened)).filter((name) => !name.startsWith(UPLOADING_PREFIX)).sort(compareCodePoints);
      // Only this page's entries are looked at; links leading outside the root (or nowhere) are left out.
      page = await describeNames(found.opened, names.slice(offset, offset + LOCAL_PAGE_SIZE), found.realRoot);
    } finally {
      await found.opened.handle.close();
    }
    if (signal?.aborted) throw cancelled(relative);
    const items = page.map((entry): ArtifactEntry => {
      const entryPath = joinArtifactPath(relative, entry.name);
      return entry.isDir ? { path: entryPath, isDir: true } : { path: entryPath, isDir: false, fileSize: entry.size };
    });
    return offset + LOCAL_PAGE_SIZE < names.length ? { items, nextPageToken: encodePageToken(offset + LOCAL_PAGE_SIZE) } : { items };
  }

  /** Opens a file for reading: the handle, and its size as seen through that handle. */
  private async openFile(file: string | undefined, signal: AbortSignal | undefined) {
    const relative = checkArtifactPath(file);
    if (signal?.aborted) throw cancelled(relative);
    const found = await this.openChecked(relative, file ?? '', false);
    if (found === undefined) throw MlflowError.notFound(`No such artifact: '${showPath(relative)}' under ${showPath(this.rootUri)}`);
    const { handle } = found.opened;
    try {
      const info = await handle.stat();
      if (info.isDirectory()) throw MlflowError.invalidParameter(`Artifact path '${showPath(relative)}' is a folder, not a file.`);
      if (!info.isFile()) throw MlflowError.invalidParameter(`Artifact path '${showPath(relative)}' is not a regular file.`);
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
