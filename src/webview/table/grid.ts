// The arithmetic of a virtualised grid whose full height may exceed what a browser lets an element
// be (around 16–33M px; 1M rows × 22 px is 22M): the scrollbar spans at most MAX_SCROLL_PX and a
// scroll position maps proportionally onto the rows, so the last row is reached at the bottom.

export const MAX_SCROLL_PX = 4_000_000;

export interface GridMetrics {
  rowCount: number;
  rowHeight: number;
  /** Height of the rows' area on screen. */
  bodyHeight: number;
}

/** How far the page can scroll: the rows' full height less the screen, capped. */
export function maxScroll({ rowCount, rowHeight, bodyHeight }: GridMetrics): number {
  return Math.min(MAX_SCROLL_PX, Math.max(0, rowCount * rowHeight - bodyHeight));
}

/** The offset into the full (unscaled) height of the rows that a scroll position shows at the top. */
export function virtualTop(metrics: GridMetrics, scrollTop: number): number {
  const range = Math.max(0, metrics.rowCount * metrics.rowHeight - metrics.bodyHeight);
  const max = maxScroll(metrics);
  return max === 0 ? 0 : (Math.min(Math.max(scrollTop, 0), max) / max) * range;
}

/** The scroll position that shows the rows from `top` (an offset into the full height). */
export function scrollTopFor(metrics: GridMetrics, top: number): number {
  const range = Math.max(0, metrics.rowCount * metrics.rowHeight - metrics.bodyHeight);
  if (range === 0) return 0;
  return (Math.min(Math.max(top, 0), range) / range) * maxScroll(metrics);
}
