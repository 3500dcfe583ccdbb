// The host side of the image panel without vscode (so the benchmark drives it as the extension
// does): walk the runs' artifacts into the layout, then answer the page's requests for single
// images — only paths the layout named, a few reads at a time, each its own message.
import { assignRunColors } from '../../shared/seriesShaping.ts';
import type { Run } from '../../shared/entities.ts';
import { gridOf, runImages, type RunImages } from '../../shared/imageLayout.ts';
import type { ImageRequest, ImagesHostMessage, ImagesLayout } from '../../shared/imagesProtocol.ts';
import type { ArtifactRepository } from '../../store/artifacts/artifactRepository.ts';
import { mapConcurrent } from '../../store/file/boundedFs.ts';
import { yieldToHost } from '../yieldToHost.ts';
import { readImage, tooBigText } from './imageBytes.ts';
import { runImageFiles } from './runImageFiles.ts';

/** Reads running at once: enough to hide a remote store's latency, few enough not to flood it. */
const CONCURRENT_READS = 6;
/** Runs whose artifacts are walked at once. */
const CONCURRENT_WALKS = 4;

interface ReadableRun {
  repository: ArtifactRepository;
  /** Every image path the layout named for this run (thumbnails included), with its listed size. */
  sizes: Map<string, number | undefined>;
}

export class ImagesSource {
  private readonly artifacts: (rootUri: string) => ArtifactRepository;
  private readonly signal: AbortSignal | undefined;
  private runs = new Map<string, ReadableRun>();
  private readonly queue: (ImageRequest & { post: (message: ImagesHostMessage) => void })[] = [];
  private readonly queued = new Set<string>();
  private reading = 0;

  /** `artifacts`: the repository behind an artifact root (the opened store's). */
  constructor(artifacts: (rootUri: string) => ArtifactRepository, signal?: AbortSignal) {
    this.artifacts = artifacts;
    this.signal = signal;
  }

  /** The grid for `runs` (in their order), with no image bytes; `totalRuns` when the runs are the first of more. */
  async layout(runs: readonly Run[], totalRuns?: number): Promise<ImagesLayout> {
    const walked = await mapConcurrent(runs, CONCURRENT_WALKS, async (run) => {
      const repository = this.artifacts(run.info.artifactUri);
      return { run, repository, ...(await runImageFiles(repository, undefined, this.signal)) };
    });
    // Sorting thousands of file names is a few ms per run: the host thread gets a turn between runs.
    const parsed: RunImages[] = [];
    for (const w of walked) {
      parsed.push(runImages(w.files));
      await yieldToHost();
    }
    const grid = gridOf(parsed);
    const readable = new Map<string, ReadableRun>();
    walked.forEach((w, index) => {
      const sizes = new Map(w.files.map((f) => [f.path, f.size]));
      const named = new Map<string, number | undefined>();
      for (const row of grid.stepKeys) {
        for (const cell of row.cells[index]) {
          named.set(cell.path, cell.size);
          if (cell.thumbnailPath) named.set(cell.thumbnailPath, sizes.get(cell.thumbnailPath));
        }
      }
      for (const row of grid.plainRows) {
        const cell = row.cells[index];
        if (cell) named.set(cell.path, cell.size);
      }
      readable.set(w.run.info.runId, { repository: w.repository, sizes: named });
    });
    this.runs = readable;
    const colors = assignRunColors(runs.map((r) => r.info.runId));
    return {
      runs: runs.map((r) => ({ runId: r.info.runId, name: r.info.runName || r.info.runId, colorSlot: colors.get(r.info.runId) ?? 0 })),
      grid,
      ...(totalRuns !== undefined && totalRuns > runs.length ? { totalRuns } : {}),
      walkLimits: walked.flatMap((w) => (w.limited ? [`${w.run.info.runName || w.run.info.runId}: ${w.limited}`] : [])),
    };
  }

  /** Queues the page's requests; each image is posted as soon as it is read. */
  request(wanted: readonly ImageRequest[], post: (message: ImagesHostMessage) => void): void {
    for (const request of wanted) {
      const id = `${request.runId}\n${request.path}`;
      if (this.queued.has(id)) continue;
      this.queued.add(id);
      this.queue.push({ ...request, post });
    }
    this.pump();
  }

  private pump(): void {
    while (this.reading < CONCURRENT_READS && this.queue.length > 0) {
      const next = this.queue.shift();
      if (!next) return;
      this.reading += 1;
      void this.answer(next).finally(() => {
        this.reading -= 1;
        this.queued.delete(`${next.runId}\n${next.path}`);
        this.pump();
      });
    }
  }

  private async answer({ runId, path, post }: ImageRequest & { post: (message: ImagesHostMessage) => void }): Promise<void> {
    if (this.signal?.aborted) return;
    const run = this.runs.get(runId);
    // Only what the layout named: the page cannot make the host read any other file.
    if (!run?.sizes.has(path)) {
      post({ type: 'image', runId, path, error: 'Not an image of this panel.' });
      return;
    }
    try {
      const bytes = await readImage(run.repository, path, run.sizes.get(path), this.signal);
      if ('dataUri' in bytes) post({ type: 'image', runId, path, dataUri: bytes.dataUri });
      else if ('tooBig' in bytes) post({ type: 'image', runId, path, tooBig: tooBigText(bytes.tooBig) });
      else post({ type: 'image', runId, path, error: bytes.error });
    } catch (error) {
      if (!this.signal?.aborted) post({ type: 'image', runId, path, error: error instanceof Error ? error.message : String(error) });
    }
  }
}
