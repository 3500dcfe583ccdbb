// A run's artifact files as the image panel needs them: a bounded breadth-first walk (depth, folder
// and file limits), leaving out model folders (an MLmodel file marks one: their weights and
// environments hold no plots). No vscode here, so it is tested under plain Node.
import type { ArtifactRepository } from '../../store/artifacts/artifactRepository.ts';
import type { ListedFile } from '../../shared/imageLayout.ts';

export interface WalkLimits {
  /** Folder levels below the root that are listed (the root is 0). */
  maxDepth: number;
  /** Folder listings per run, pages included. */
  maxListings: number;
  /** Files kept per run; the walk stops there. */
  maxFiles: number;
}

export const DEFAULT_WALK_LIMITS: WalkLimits = { maxDepth: 6, maxListings: 400, maxFiles: 5_000 };

export interface WalkedFiles {
  files: ListedFile[];
  /** Set when a limit cut the walk short, saying which. */
  limited?: string;
}

/** The files under a run's artifact root, breadth first, within `limits`; honours `signal`. */
export async function runImageFiles(repository: ArtifactRepository, limits: WalkLimits = DEFAULT_WALK_LIMITS, signal?: AbortSignal): Promise<WalkedFiles> {
  const files: ListedFile[] = [];
  let listings = 0;
  let queue: string[] = [''];
  for (let depth = 0; queue.length > 0; depth += 1) {
    const next: string[] = [];
    for (const folder of queue) {
      const children: string[] = [];
      const found: ListedFile[] = [];
      let modelFolder = false;
      let pageToken: string | undefined;
      do {
        signal?.throwIfAborted();
        if (listings >= limits.maxListings) return { files, limited: `only the first ${limits.maxListings} folder listings were read` };
        listings += 1;
        const page = await repository.list(folder || undefined, pageToken, signal);
        for (const entry of page.items) {
          if (entry.isDir) children.push(entry.path);
          else found.push(entry.fileSize === undefined ? { path: entry.path } : { path: entry.path, size: entry.fileSize });
          if (!entry.isDir && entry.path.slice(entry.path.lastIndexOf('/') + 1) === 'MLmodel') modelFolder = true;
        }
        pageToken = page.nextPageToken;
      } while (pageToken);
      // A model folder (not the run's root) is left out whole: its files are the model, not plots.
      if (modelFolder && folder !== '') continue;
      for (const file of found) {
        if (files.length >= limits.maxFiles) return { files, limited: `only the first ${limits.maxFiles} files were read` };
        files.push(file);
      }
      next.push(...children);
    }
    if (next.length > 0 && depth + 1 > limits.maxDepth) return { files, limited: `folders deeper than ${limits.maxDepth} levels were not read` };
    queue = next;
  }
  return { files };
}
