// Images logged with `mlflow.log_image(image, key=…, step=…)` (issue 15, item 1): mlflow 3 writes
// `images/<key>+step+<n>+timestamp+<ms>+<uuid>.png` plus a `+compressed.webp` thumbnail, the key's
// slashes as `~`; older clients used `%` between fields and `#` for slashes. Keys may only hold
// letters, digits, `_ - . /` and spaces, so the fields split without ambiguity.

export interface StepImage {
  key: string;
  step: number;
  timestamp: number;
  /** The full-size file, relative to the run's artifact root. */
  path: string;
  /** The thumbnail mlflow wrote beside it, when present. */
  thumbnailPath?: string;
}

interface ParsedName {
  key: string;
  step: number;
  timestamp: number;
  id: string;
  thumbnail: boolean;
}

const STEP_IMAGE = /^images\/([A-Za-z0-9_\-. ~#]+)([+%])step\2(-?\d+)\2timestamp\2(\d+)\2([0-9A-Za-z-]+)(\2compressed)?\.([A-Za-z]+)$/u;

/** The key, step and timestamp in a step image's artifact path, or undefined for any other file. */
export function parseStepImagePath(path: string): ParsedName | undefined {
  const match = STEP_IMAGE.exec(path);
  if (!match) return undefined;
  const [, rawKey, , step, timestamp, id, compressed] = match;
  return { key: rawKey.replace(/[~#]/gu, '/'), step: Number(step), timestamp: Number(timestamp), id, thumbnail: compressed !== undefined };
}

/** A run's step images by key, each key's images by step then time; a thumbnail without its image is left out. */
export function stepImagesByKey(paths: readonly string[]): Map<string, StepImage[]> {
  const images = new Map<string, StepImage & { id: string }>();
  const thumbnails = new Map<string, string>();
  for (const path of paths) {
    const parsed = parseStepImagePath(path);
    if (!parsed) continue;
    const id = `${parsed.key}\n${parsed.step}\n${parsed.timestamp}\n${parsed.id}`;
    if (parsed.thumbnail) thumbnails.set(id, path);
    else images.set(id, { key: parsed.key, step: parsed.step, timestamp: parsed.timestamp, path, id });
  }
  const byKey = new Map<string, StepImage[]>();
  for (const { id, ...image } of images.values()) {
    const thumbnailPath = thumbnails.get(id);
    const entry: StepImage = thumbnailPath ? { ...image, thumbnailPath } : image;
    const list = byKey.get(image.key);
    if (list) list.push(entry);
    else byKey.set(image.key, [entry]);
  }
  for (const list of byKey.values()) list.sort((a, b) => a.step - b.step || a.timestamp - b.timestamp);
  return new Map([...byKey].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
