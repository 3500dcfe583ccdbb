// Messages between the image panel (src/vscode/images) and its page (src/webview/images). The
// host sends the layout first, without bytes; the page asks for the images it can see.
import type { ImageGrid } from './imageLayout.ts';
import { isArrayOf, isRecord, isString, messageGuard, type Guard } from './messageGuards.ts';

export interface ImageRun {
  runId: string;
  name: string;
  /** Slot in RUN_PALETTE, the same colour the run has in the charts. */
  colorSlot: number;
}

export interface ImagesLayout {
  runs: ImageRun[];
  grid: ImageGrid;
  /** For an experiment: how many runs it has when more than the panel shows. */
  totalRuns?: number;
  /** What cut a run's artifact walk short, per run name. */
  walkLimits: string[];
}

/** One image the page asked for: a run's artifact path (a thumbnail or the full file). */
export interface ImageRequest {
  runId: string;
  path: string;
}

export type ImagesHostMessage =
  | { type: 'loading'; title: string }
  | ({ type: 'layout' } & ImagesLayout)
  | { type: 'image'; runId: string; path: string; dataUri?: string; tooBig?: string; error?: string }
  | { type: 'error'; message: string };

export type ImagesPageMessage =
  | { type: 'ready' }
  | { type: 'images'; wanted: ImageRequest[] };

/** Images asked for in one message at most; the page sends more as they scroll into view. */
export const MAX_IMAGES_PER_REQUEST = 64;

const isImageRequest = (value: unknown): value is ImageRequest => isRecord(value) && isString(value.runId) && isString(value.path);
const isImageRequests = (value: unknown): value is ImageRequest[] => isArrayOf(isImageRequest)(value) && value.length <= MAX_IMAGES_PER_REQUEST;

/** What the host accepts from the image page. */
export const isImagesPageMessage: Guard<ImagesPageMessage> = messageGuard<ImagesPageMessage>({
  ready: {},
  images: { wanted: isImageRequests },
});
