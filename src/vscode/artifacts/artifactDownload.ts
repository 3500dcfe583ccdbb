// Saving artifacts to a local folder: one file, or a whole folder walked page by page. Pure Node
// (no vscode): each file streams to a temp file first, then moves into place; a folder's files
// download a few at a time (parallelFiles.ts).
import { copyFile, mkdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { MlflowError } from '../../shared/errors.ts';
import type { ArtifactEntry, ArtifactRepository } from '../../store/artifacts/artifactRepository.ts';
import { baseName, checkArtifactPath, showPath } from '../../store/artifacts/artifactPath.ts';
import { cancelled } from '../../store/artifacts/transfer.ts';
import { DOWNLOAD_CONCURRENCY, boundedMap, forEachFile } from './parallelFiles.ts';

// A symlink loop inside a local store would otherwise list forever.
const MAX_FOLDER_DEPTH = 64;

export interface FolderDownloadProgress {
  /** Files written so far, of `total`. */
  done: number;
  total: number;
  current: string;
}

export interface ArtifactDownloadOptions {
  signal?: AbortSignal;
  /** Bytes of the file being transferred (single-file downloads). */
  onBytes?: (bytes: number, total?: number) => void;
  /** Files done in a folder download: once before the first, then after each one finishes. */
  onFile?: (progress: FolderDownloadProgress) => void;
  /** Files of a folder fetched at once (default DOWNLOAD_CONCURRENCY). */
  concurrency?: number;
}

/** Where an artifact lands in `targetFolder`: its last path segment, file or folder alike. */
export function downloadTarget(targetFolder: string, artifactPath: string): string {
  return path.join(targetFolder, baseName(checkArtifactPath(artifactPath)));
}

/** Whether something already sits where the download would write. */
export async function targetExists(target: string): Promise<boolean> {
  return stat(target).then(
    () => true,
    () => false,
  );
}

/**
 * Moves a downloaded temp file into place and removes its temp folder. A folder download makes
 * each target folder once up front and says so with `parentMade`, sparing a call per file.
 */
async function moveIntoPlace(tempFile: string, target: string, parentMade = false): Promise<void> {
  let moved = false;
  try {
    if (!parentMade) await mkdir(path.dirname(target), { recursive: true });
    try {
      await rename(tempFile, target);
    } catch (error) {
      // Temp and target on different file systems: copy instead.
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      await copyFile(tempFile, target);
    }
    moved = true;
  } finally {
    // After a rename the temp folder is empty: one rmdir instead of a recursive walk.
    await (moved ? rmdir(path.dirname(tempFile)).catch(() => rm(path.dirname(tempFile), { recursive: true, force: true })) : rm(path.dirname(tempFile), { recursive: true, force: true }));
  }
}

/** One folder's entries through all its pages: its files, and the folders directly inside it. */
async function listFolder(repository: ArtifactRepository, folder: string, root: string, signal?: AbortSignal): Promise<{ files: ArtifactEntry[]; folders: string[] }> {
  const files: ArtifactEntry[] = [];
  const folders: string[] = [];
  let pageToken: string | undefined;
  do {
    if (signal?.aborted) throw cancelled(root);
    const page = await repository.list(folder, pageToken, signal);
    for (const entry of page.items) {
      const entryPath = checkArtifactPath(entry.path);
      // Only what lies strictly below the folder listed (a server may echo the folder itself).
      if (folder !== '' && !entryPath.startsWith(`${folder}/`)) continue;
      if (entry.isDir) folders.push(entryPath);
      else files.push({ ...entry, path: entryPath });
    }
    pageToken = page.nextPageToken;
  } while (pageToken);
  return { files, folders };
}

/**
 * Every file below `folder` (recursively, through all pages), as listed by the repository. The
 * folders of one level are listed a few at once: a model's many small folders cost a round trip each.
 */
export async function listFilesBelow(repository: ArtifactRepository, folder: string, signal?: AbortSignal): Promise<ArtifactEntry[]> {
  const root = checkArtifactPath(folder, { allowEmpty: true });
  const files: ArtifactEntry[] = [];
  let level = [root];
  for (let depth = 0; level.length > 0; depth++) {
    if (depth > MAX_FOLDER_DEPTH) throw MlflowError.invalidParameter(`Artifact folder '${showPath(root)}' nests deeper than ${MAX_FOLDER_DEPTH} levels.`);
    const listed = await boundedMap(level, DOWNLOAD_CONCURRENCY, (next) => listFolder(repository, next, root, signal));
    files.push(...listed.flatMap((entries) => entries.files));
    level = listed.flatMap((entries) => entries.folders);
  }
  return files;
}

/** Downloads one file to `<targetFolder>/<file name>`; returns the written path. */
export async function downloadArtifactFile(repository: ArtifactRepository, artifactPath: string, targetFolder: string, options: ArtifactDownloadOptions = {}): Promise<string> {
  const target = downloadTarget(targetFolder, artifactPath);
  const temp = await repository.download(checkArtifactPath(artifactPath), { signal: options.signal, onProgress: options.onBytes });
  await moveIntoPlace(temp, target);
  return target;
}

/** Downloads a folder's files to `<targetFolder>/<folder name>/…`, keeping their layout; returns that folder. */
export async function downloadArtifactFolder(repository: ArtifactRepository, folderPath: string, targetFolder: string, options: ArtifactDownloadOptions = {}): Promise<string> {
  const folder = checkArtifactPath(folderPath);
  const targetRoot = downloadTarget(targetFolder, folder);
  const files = await listFilesBelow(repository, folder, options.signal);
  const targetOf = (file: ArtifactEntry) => path.join(targetRoot, ...file.path.slice(folder.length + 1).split('/'));
  for (const parent of new Set([targetRoot, ...files.map((file) => path.dirname(targetOf(file)))])) await mkdir(parent, { recursive: true });
  await forEachFile(files, options, async (file, signal) => {
    const temp = await repository.download(file.path, { signal });
    await moveIntoPlace(temp, targetOf(file), true);
  });
  return targetRoot;
}
