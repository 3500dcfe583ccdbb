// The image panel's grid (issue 15, item 1), from each run's artifact listing: one row per
// `mlflow.log_image(key=, step=)` key (a step slider's worth of images per run) and one row per
// plain image path that any run has, one column per run. Pure: the host builds it, the page and
// tests read it.
import { stepImagesByKey, type StepImage } from './stepImages.ts';

/** A file in a run's artifacts: path relative to the run's root, size when the store said. */
export interface ListedFile {
  path: string;
  size?: number;
}

export interface RunFiles {
  runId: string;
  files: readonly ListedFile[];
}

/** One step image a run logged: what the page asks for (thumbnail first) and its size. */
export interface StepCell {
  step: number;
  path: string;
  size?: number;
  thumbnailPath?: string;
}

export interface StepKeyRow {
  key: string;
  /** Every step any run logged for this key, ascending: the slider's stops. */
  steps: number[];
  /** Per run (in the runs' order), that run's images of this key by step; one per step (the latest logged). */
  cells: StepCell[][];
}

export interface PlainImageRow {
  /** The artifact path the runs share. */
  path: string;
  /** Per run: its file at that path, or null when it has none. */
  cells: (ListedFile | null)[];
}

export interface ImageGrid {
  stepKeys: StepKeyRow[];
  plainRows: PlainImageRow[];
}

const PLAIN_IMAGE = /\.(png|jpe?g|gif|svg)$/iu;

const MIME_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  webp: 'image/webp',
};

/** The MIME type an image path's extension names, or undefined for what the panel does not show. */
export function imageMimeType(path: string): string | undefined {
  const dot = path.lastIndexOf('.');
  return dot < 0 ? undefined : MIME_TYPES[path.slice(dot + 1).toLowerCase()];
}

/** Whether a file is a plain image the panel matches by path (step images and their thumbnails are not). */
export function isPlainImagePath(path: string, stepFiles: ReadonlySet<string>): boolean {
  return PLAIN_IMAGE.test(path) && !stepFiles.has(path);
}

/** One image per step: mlflow allows several at a step, the latest logged wins (as a metric's latest value). */
function latestPerStep(images: readonly StepImage[], sizes: ReadonlyMap<string, number>): StepCell[] {
  const byStep = new Map<number, StepImage>();
  for (const image of images) {
    const held = byStep.get(image.step);
    if (!held || image.timestamp >= held.timestamp) byStep.set(image.step, image);
  }
  return [...byStep.values()]
    .sort((a, b) => a.step - b.step)
    .map((image) => ({
      step: image.step,
      path: image.path,
      ...(sizes.has(image.path) ? { size: sizes.get(image.path) } : {}),
      ...(image.thumbnailPath ? { thumbnailPath: image.thumbnailPath } : {}),
    }));
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One run's images: step images by key (one per step), plain images by path. */
export interface RunImages {
  keys: Map<string, StepCell[]>;
  plain: Map<string, ListedFile>;
}

/** Sorts one run's files into its images (the host does this run by run, yielding between). */
export function runImages(files: readonly ListedFile[]): RunImages {
  const paths = files.map((f) => f.path);
  const sizes = new Map(files.flatMap((f) => (f.size === undefined ? [] : [[f.path, f.size] as const])));
  const byKey = stepImagesByKey(paths);
  const stepFiles = new Set([...byKey.values()].flatMap((images) => images.flatMap((i) => (i.thumbnailPath ? [i.path, i.thumbnailPath] : [i.path]))));
  const keys = new Map([...byKey].map(([key, images]) => [key, latestPerStep(images, sizes)]));
  const plain = new Map(files.filter((f) => isPlainImagePath(f.path, stepFiles)).map((f) => [f.path, f]));
  return { keys, plain };
}

/** The grid of runs' images, in the runs' order: step keys sorted by name, then plain images sorted by path. */
export function gridOf(perRun: readonly RunImages[]): ImageGrid {
  const keyNames = [...new Set(perRun.flatMap((r) => [...r.keys.keys()]))].sort(byText);
  const stepKeys = keyNames.map((key): StepKeyRow => {
    const cells = perRun.map((r) => r.keys.get(key) ?? []);
    const steps = [...new Set(cells.flatMap((list) => list.map((c) => c.step)))].sort((a, b) => a - b);
    return { key, steps, cells };
  });
  const plainPaths = [...new Set(perRun.flatMap((r) => [...r.plain.keys()]))].sort(byText);
  const plainRows = plainPaths.map((path): PlainImageRow => ({ path, cells: perRun.map((r) => r.plain.get(path) ?? null) }));
  return { stepKeys, plainRows };
}

/** The grid for runs in their given order. */
export function imageGrid(runs: readonly RunFiles[]): ImageGrid {
  return gridOf(runs.map(({ files }) => runImages(files)));
}

export interface CellAtStep {
  cell: StepCell;
  /** False when the run has no image at the step and this is its nearest earlier one. */
  exact: boolean;
}

/** A run's image of a key at `step`, or its nearest earlier one; undefined when it logged none at or before. */
export function cellAtStep(cells: readonly StepCell[], step: number): CellAtStep | undefined {
  // Cells are sorted by step: binary search for the last one at or before `step`.
  let low = 0;
  let high = cells.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (cells[middle].step <= step) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  if (found < 0) return undefined;
  return { cell: cells[found], exact: cells[found].step === step };
}
