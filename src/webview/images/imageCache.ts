// What the page holds of the images the host sent, and which cells wait for which image. The page
// asks for an image once; requests leave in small batches as cells become visible.
import { MAX_IMAGES_PER_REQUEST, type ImageRequest, type ImagesPageMessage } from '../../shared/imagesProtocol.ts';

export type LoadedImage = { dataUri: string } | { tooBig: string } | { error: string };

export function imageId(runId: string, path: string): string {
  return `${runId}\n${path}`;
}

export class ImageCache {
  private readonly loaded = new Map<string, LoadedImage>();
  private readonly asked = new Set<string>();
  private readonly waiting = new Map<string, Set<() => void>>();
  private batch: ImageRequest[] = [];
  private flushing = false;
  private readonly post: (message: ImagesPageMessage) => void;

  constructor(post: (message: ImagesPageMessage) => void) {
    this.post = post;
  }

  get(runId: string, path: string): LoadedImage | undefined {
    return this.loaded.get(imageId(runId, path));
  }

  /** The image if held; otherwise asks for it (once) and calls `onLoad` when it arrives. */
  want(runId: string, path: string, onLoad: () => void): LoadedImage | undefined {
    const id = imageId(runId, path);
    const held = this.loaded.get(id);
    if (held) return held;
    let callbacks = this.waiting.get(id);
    if (!callbacks) this.waiting.set(id, (callbacks = new Set()));
    callbacks.add(onLoad);
    if (!this.asked.has(id)) {
      this.asked.add(id);
      this.batch.push({ runId, path });
      this.scheduleFlush();
    }
    return undefined;
  }

  /** An image the host sent: kept, and every cell waiting for it told. */
  receive(runId: string, path: string, image: LoadedImage): void {
    const id = imageId(runId, path);
    this.loaded.set(id, image);
    const callbacks = this.waiting.get(id);
    this.waiting.delete(id);
    for (const callback of callbacks ?? []) callback();
  }

  /** Forgets images whose file may have changed under the same path (plain artifacts), keeping step images. */
  forget(keep: (path: string) => boolean): void {
    for (const id of [...this.loaded.keys()]) {
      if (!keep(id.slice(id.indexOf('\n') + 1))) {
        this.loaded.delete(id);
        this.asked.delete(id);
      }
    }
  }

  /** Requests made in one task leave together, a bounded number per message. */
  private scheduleFlush(): void {
    if (this.flushing) return;
    this.flushing = true;
    queueMicrotask(() => {
      this.flushing = false;
      while (this.batch.length > 0) this.post({ type: 'images', wanted: this.batch.splice(0, MAX_IMAGES_PER_REQUEST) });
    });
  }
}
