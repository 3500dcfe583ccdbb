// Uploading a local folder as artifacts, shared by every writable repository: each regular file
// below it, a few at a time, under `artifactPath` with '/' separators.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { compareCodePoints } from '../../shared/codePointOrder.ts';
import { checkArtifactPath, joinArtifactPath } from './artifactPath.ts';

/** Relative '/'-separated paths of every regular file under a local folder. */
export async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort(compareCodePoints);
}

export type UploadFile = (localFile: string, artifactPath: string, signal?: AbortSignal) => Promise<void>;

/** Uploads every file below `localFolder` with `upload`, `concurrency` at a time; returns how many. */
export async function uploadFolderFiles(upload: UploadFile, localFolder: string, artifactPath: string, concurrency: number, signal?: AbortSignal): Promise<number> {
  const base = checkArtifactPath(artifactPath, { allowEmpty: true });
  const files = await filesUnder(localFolder);
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++];
      await upload(path.join(localFolder, ...file.split('/')), joinArtifactPath(base, file), signal);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
  return files.length;
}
