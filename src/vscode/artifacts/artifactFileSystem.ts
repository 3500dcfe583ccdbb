// The read-only `runlens-artifact:` file system: VS Code reads run and logged-model artifacts
// through it (editor tabs, image preview, diffs), whatever repository holds them.
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import { MlflowError } from '../../shared/errors.ts';
import type { ArtifactEntry, ArtifactRepository } from '../../store/artifacts/artifactRepository.ts';
import { baseName } from '../../store/artifacts/artifactPath.ts';
import type { StoreSession } from '../storeSession.ts';
import { type ArtifactLocation, isArtifactUriAncestor, parseArtifactUriPath } from './artifactUri.ts';
import { OPEN_IN_EDITOR_MAX_BYTES, PROGRESS_FROM_BYTES, formatBytes } from './artifactSizes.ts';

/** A run's or logged model's artifact root, and the times its files are said to carry. */
interface ArtifactRoot {
  rootUri: string;
  ctime: number;
  mtime: number;
}

const PROGRESS_REPORT_MS = 200;

function parentPath(relative: string): string {
  const slash = relative.lastIndexOf('/');
  return slash < 0 ? '' : relative.slice(0, slash);
}

/** An error as VS Code's file service understands it; the message keeps MLflow's explanation. */
export function toFileSystemError(error: unknown, uri: vscode.Uri): Error {
  if (error instanceof vscode.FileSystemError) return error;
  if (error instanceof MlflowError) {
    switch (error.code) {
      case 'RESOURCE_DOES_NOT_EXIST':
      case 'NOT_FOUND':
        return vscode.FileSystemError.FileNotFound(uri);
      case 'INVALID_PARAMETER_VALUE':
        return vscode.FileSystemError.FileNotFound(`${error.message} (${uri.toString(true)})`);
      case 'PERMISSION_DENIED':
      case 'UNAUTHENTICATED':
      case 'CUSTOMER_UNAUTHORIZED':
        return vscode.FileSystemError.NoPermissions(error.message);
      default:
        return vscode.FileSystemError.Unavailable(error.message);
    }
  }
  return vscode.FileSystemError.Unavailable(error instanceof Error ? error.message : String(error));
}

export class ArtifactFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  /** Artifacts are never changed through RunLens, so this never fires. */
  readonly onDidChangeFile = this.changed.event;
  private readonly roots = new Map<string, Promise<ArtifactRoot>>();
  private readonly session: StoreSession;
  private readonly storeSubscription: vscode.Disposable;

  constructor(session: StoreSession) {
    this.session = session;
    // Ids name different runs in another store: forget every root when the store changes.
    this.storeSubscription = session.onDidChangeStore(() => this.roots.clear());
  }

  /** The repository holding an artifact location's owner (a run or a logged model). */
  async repositoryFor(location: ArtifactLocation): Promise<ArtifactRepository> {
    const store = await this.session.requireStore();
    return store.artifacts((await this.rootOf(location)).rootUri);
  }

  /** The owner's artifact root, looked up once per run or model id. */
  private rootOf(location: ArtifactLocation): Promise<ArtifactRoot> {
    const key = `${location.owner}/${location.id}`;
    let root = this.roots.get(key);
    if (!root) {
      root = this.lookUpRoot(location);
      // A failed lookup (no such run yet, store down) is tried again next time.
      root.catch(() => this.roots.delete(key));
      this.roots.set(key, root);
    }
    return root;
  }

  private async lookUpRoot(location: ArtifactLocation): Promise<ArtifactRoot> {
    const store = await this.session.requireStore();
    if (location.owner === 'runs') {
      const { info } = await store.tracking.getRun(location.id);
      const ctime = info.startTime ?? 0;
      return { rootUri: info.artifactUri, ctime, mtime: info.endTime ?? ctime };
    }
    const model = await store.tracking.getLoggedModel(location.id);
    return { rootUri: model.artifactUri, ctime: model.creationTimestampMs, mtime: model.lastUpdatedTimestampMs };
  }

  /** What an artifact URI names; ancestors of every artifact ('/', '/runs') are undefined. */
  private locate(uri: vscode.Uri): ArtifactLocation | undefined {
    if (isArtifactUriAncestor(uri.path)) return undefined;
    return parseArtifactUriPath(uri.path);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    try {
      const location = this.locate(uri);
      if (!location) return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0, permissions: vscode.FilePermission.Readonly };
      return await this.statLocation(location, uri);
    } catch (error) {
      throw toFileSystemError(error, uri);
    }
  }

  private async statLocation(location: ArtifactLocation, uri: vscode.Uri): Promise<vscode.FileStat> {
    const root = await this.rootOf(location);
    const times = { ctime: root.ctime, mtime: root.mtime, permissions: vscode.FilePermission.Readonly };
    if (location.path === '') return { type: vscode.FileType.Directory, size: 0, ...times };
    const entry = await this.findEntry(location);
    if (!entry) throw vscode.FileSystemError.FileNotFound(uri);
    return { type: entry.isDir ? vscode.FileType.Directory : vscode.FileType.File, size: entry.fileSize ?? 0, ...times };
  }

  /** The listing entry of a path, from its parent folder's pages (MLflow has no stat of its own). */
  private async findEntry(location: ArtifactLocation): Promise<ArtifactEntry | undefined> {
    const repository = await this.repositoryFor(location);
    const parent = parentPath(location.path);
    let pageToken: string | undefined;
    do {
      const page = await repository.list(parent, pageToken);
      const entry = page.items.find((item) => item.path === location.path);
      if (entry) return entry;
      pageToken = page.nextPageToken;
    } while (pageToken);
    return undefined;
  }

  async readDirectory(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
    try {
      const location = this.locate(uri);
      if (!location) return [];
      const repository = await this.repositoryFor(location);
      const entries: [string, vscode.FileType][] = [];
      let pageToken: string | undefined;
      do {
        const page = await repository.list(location.path, pageToken);
        for (const item of page.items) entries.push([baseName(item.path), item.isDir ? vscode.FileType.Directory : vscode.FileType.File]);
        pageToken = page.nextPageToken;
      } while (pageToken);
      // MLflow lists a missing folder and a file alike (empty): tell them apart for VS Code.
      if (entries.length === 0 && location.path !== '') {
        const stat = await this.statLocation(location, uri);
        if (stat.type !== vscode.FileType.Directory) throw vscode.FileSystemError.FileNotADirectory(uri);
      }
      return entries;
    } catch (error) {
      throw toFileSystemError(error, uri);
    }
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    try {
      const location = this.locate(uri);
      if (!location || location.path === '') throw vscode.FileSystemError.FileIsADirectory(uri);
      const repository = await this.repositoryFor(location);
      const temp = await this.downloadWithProgress(repository, location);
      try {
        return await readFile(temp);
      } finally {
        await rm(path.dirname(temp), { recursive: true, force: true });
      }
    } catch (error) {
      if (error instanceof MlflowError && error.code === 'RESOURCE_EXHAUSTED') {
        throw vscode.FileSystemError.Unavailable(`${baseName(uri.path)} is larger than ${formatBytes(OPEN_IN_EDITOR_MAX_BYTES)}, too large for an editor: use RunLens: Download… instead.`);
      }
      throw toFileSystemError(error, uri);
    }
  }

  /**
   * Streams a file to a temp file under the editor size limit. A progress notification (with
   * Cancel) appears only once the file turns out to be large.
   */
  private async downloadWithProgress(repository: ArtifactRepository, location: ArtifactLocation): Promise<string> {
    const controller = new AbortController();
    let finish = (): void => undefined;
    const finished = new Promise<void>((resolve) => {
      finish = resolve;
    });
    let report: ((bytes: number, total?: number) => void) | undefined;
    let shown = false;
    const name = baseName(location.path);
    const showProgress = (): void => {
      void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Opening ${name}`, cancellable: true }, (progress, token) => {
        token.onCancellationRequested(() => controller.abort());
        let percent = 0;
        let lastReport = 0;
        report = (bytes, total) => {
          const now = Date.now();
          if (now - lastReport < PROGRESS_REPORT_MS) return;
          lastReport = now;
          if (total) {
            const next = (bytes / total) * 100;
            progress.report({ increment: next - percent, message: `${formatBytes(bytes)} of ${formatBytes(total)}` });
            percent = next;
          } else progress.report({ message: formatBytes(bytes) });
        };
        return finished;
      });
    };
    const onProgress = (bytes: number, total?: number): void => {
      if (!shown && (total ?? bytes) >= PROGRESS_FROM_BYTES) {
        shown = true;
        showProgress();
      }
      report?.(bytes, total);
    };
    try {
      return await repository.download(location.path, { maxBytes: OPEN_IN_EDITOR_MAX_BYTES, signal: controller.signal, onProgress });
    } finally {
      finish();
    }
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  createDirectory(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  writeFile(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  delete(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  rename(oldUri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(oldUri);
  }

  dispose(): void {
    this.storeSubscription.dispose();
    this.changed.dispose();
  }
}
