// A folder download's listings and files, a bounded number at a time: enough requests in flight to hide a
// store's round trips, few enough not to flood a laptop's link or the store. The first failure or
// a cancellation starts nothing new and aborts what is running; it is rethrown only once every
// running file has settled, so no temp file is still being written when the caller hears of it.
import type { ArtifactEntry } from '../../store/artifacts/artifactRepository.ts';
import { cancelled } from '../../store/artifacts/transfer.ts';
import type { ArtifactDownloadOptions } from './artifactDownload.ts';

export const DOWNLOAD_CONCURRENCY = 8;

/** Runs `fetch` once per file with at most `options.concurrency` at once, reporting `options.onFile`. */
export async function forEachFile(
  files: ArtifactEntry[],
  options: ArtifactDownloadOptions,
  fetch: (file: ArtifactEntry, signal: AbortSignal) => Promise<void>,
): Promise<void> {
  const outer = options.signal;
  if (outer?.aborted) throw cancelled(files[0]?.path ?? '');
  const stop = new AbortController();
  const forward = () => stop.abort(outer?.reason);
  outer?.addEventListener('abort', forward, { once: true });
  const running = new Set<string>();
  let next = 0;
  let done = 0;
  let failure: { error: unknown } | undefined;
  // `current` names a file still on its way (or the next to start), '' once all are written.
  const report = () => options.onFile?.({ done, total: files.length, current: running.values().next().value ?? files[next]?.path ?? '' });
  const worker = async () => {
    while (next < files.length && !stop.signal.aborted) {
      const file = files[next++];
      running.add(file.path);
      try {
        await fetch(file, stop.signal);
        running.delete(file.path);
        done += 1;
        report();
      } catch (error) {
        running.delete(file.path);
        failure ??= { error };
        stop.abort();
      }
    }
  };
  try {
    report();
    const workers = Math.max(1, Math.min(options.concurrency ?? DOWNLOAD_CONCURRENCY, files.length));
    await Promise.all(Array.from({ length: workers }, worker));
  } finally {
    outer?.removeEventListener('abort', forward);
  }
  if (failure) throw failure.error;
  if (stop.signal.aborted) throw cancelled(files[next]?.path ?? files.at(-1)?.path ?? '');
}

/** `map` over `items` with at most `limit` calls at once, results in the items' order; the first failure rejects and starts nothing more. */
export async function boundedMap<T, R>(items: T[], limit: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (next < items.length && !failed) {
      const index = next++;
      try {
        results[index] = await map(items[index]);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
