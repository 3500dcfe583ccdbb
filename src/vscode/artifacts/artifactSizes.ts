// How big an artifact may be to open in an editor, and sizes as people read them. Pure.

/** Above this an artifact is not opened in an editor tab: the open command offers Download instead. */
export const OPEN_IN_EDITOR_MAX_BYTES = 50 * 1024 * 1024;

/** Reads smaller than this finish before a progress notification would be worth showing. */
export const PROGRESS_FROM_BYTES = 2 * 1024 * 1024;

const UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB'];

/** 1536 → "1.5 KB"; whole numbers stay whole ("50 MB"), bytes are never fractional. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  if (unit === 0) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  const shown = Number.isInteger(value) ? String(value) : value.toFixed(1).replace(/\.0$/u, '');
  return `${shown} ${UNITS[unit]}`;
}

/** Whether a listed size is known to exceed the editor limit (unknown sizes are tried, and refused while reading). */
export function tooLargeToOpen(fileSize: number | undefined): boolean {
  return fileSize !== undefined && fileSize > OPEN_IN_EDITOR_MAX_BYTES;
}
