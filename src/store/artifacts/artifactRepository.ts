// What every artifact store (local folder, a tracking server's artifact proxy, plain HTTP, a cloud bucket)
// answers: one folder level at a time, and streamed downloads that never hold a whole file.

export interface ArtifactEntry {
  /** Relative to the repository root, '/' separated. */
  path: string;
  isDir: boolean;
  fileSize?: number;
}

export interface ArtifactPage {
  items: ArtifactEntry[];
  nextPageToken?: string;
}

export interface DownloadOptions {
  maxBytes?: number;
  signal?: AbortSignal;
  /** Bytes received so far, and the total when the source announced it. */
  onProgress?: (bytes: number, total?: number) => void;
}

export interface ArtifactRepository {
  readonly rootUri: string;
  /** One folder level, sorted by path; an empty page for a missing folder or a file, as MLflow answers. */
  list(path?: string, pageToken?: string, signal?: AbortSignal): Promise<ArtifactPage>;
  /** Streams one file to a new temp file (never buffers whole files); rejects past maxBytes, deleting the partial file; honours signal. Returns the temp file path. */
  download(path: string, options?: DownloadOptions): Promise<string>;
  /** Small reads (e.g. MLmodel, a JSON): the bytes, refused past maxBytes (default 10 MB). */
  read(path: string, options?: DownloadOptions): Promise<Buffer>;
}

/** A repository RunLens may write to: launches upload their console log and code diff, the server's proxy stores uploads. */
export interface WritableArtifactRepository extends ArtifactRepository {
  /** Uploads one local file as `artifactPath` (replacing what was there). */
  upload(localFile: string, artifactPath: string, signal?: AbortSignal): Promise<void>;
  /** Uploads every file under a local folder below `artifactPath` ('' for the root); returns how many. */
  uploadFolder(localFolder: string, artifactPath: string, signal?: AbortSignal): Promise<number>;
  /** Deletes a file or a folder with everything under it; a missing path is not an error. */
  delete(artifactPath: string, signal?: AbortSignal): Promise<void>;
}

export function isWritable(repository: ArtifactRepository): repository is WritableArtifactRepository {
  return typeof (repository as Partial<WritableArtifactRepository>).upload === 'function';
}

/** Where downloads land and how big a `read` may be; shared by every repository. */
export interface ArtifactRepositoryOptions {
  /** Folder that receives download temp folders; os.tmpdir() when unset. */
  tempRoot?: string;
}

export const DEFAULT_READ_MAX_BYTES = 10 * 1024 * 1024;
