// Draws each bucket's min–max as a solid vertical bar in the series' own colour, so one outlier
// among a million points shows at any zoom: a faint band between the min and max lines fades to
// nothing where a single bucket holds the spike, and the line through each bucket's last value
// misses it altogether.
import type { Chart, Plugin } from 'chart.js';

/** A series' min and max datasets (drawn by this plugin only) and how to paint their extents. */
export interface ExtentPair {
  minDataset: number;
  maxDataset: number;
  color: string;
  /** CSS pixels; at least one device pixel is painted. */
  width: number;
}

export interface ExtentsOptions {
  pairs: ExtentPair[];
}

interface XY {
  x: number;
  y: number;
}

function drawPair(chart: Chart, pair: ExtentPair): void {
  const mins = chart.data.datasets[pair.minDataset]?.data as XY[] | undefined;
  const maxes = chart.data.datasets[pair.maxDataset]?.data as XY[] | undefined;
  if (!mins || !maxes || !chart.isDatasetVisible(pair.maxDataset)) return;
  const { ctx, chartArea, scales } = chart;
  const xScale = scales.x;
  const yScale = scales.y;
  const width = Math.max(1 / (chart.currentDevicePixelRatio || 1), pair.width);
  ctx.fillStyle = pair.color;
  for (let i = 0; i < mins.length && i < maxes.length; i++) {
    if (mins[i].y === maxes[i].y) continue;
    const x = xScale.getPixelForValue(mins[i].x);
    if (!(x >= chartArea.left - width && x <= chartArea.right + width)) continue;
    const top = yScale.getPixelForValue(maxes[i].y);
    const bottom = yScale.getPixelForValue(mins[i].y);
    if (!Number.isFinite(top) || !Number.isFinite(bottom)) continue;
    // Whole pixels, so a one-bucket spike paints full-colour pixels rather than an antialiased smear.
    const left = Math.round(x - width / 2);
    const y0 = Math.floor(Math.min(top, bottom));
    const y1 = Math.ceil(Math.max(top, bottom));
    ctx.fillRect(left, y0, Math.max(1, Math.round(width)), Math.max(1, y1 - y0));
  }
}

export const extentsPlugin: Plugin<'line'> = {
  id: 'runlensExtents',
  // Under the lines, so the last-value line and its tooltip stay on top.
  beforeDatasetsDraw(chart) {
    const options = (chart.options.plugins as { runlensExtents?: ExtentsOptions }).runlensExtents;
    if (!options || options.pairs.length === 0) return;
    const { ctx, chartArea } = chart;
    ctx.save();
    ctx.beginPath();
    ctx.rect(chartArea.left, chartArea.top, chartArea.right - chartArea.left, chartArea.bottom - chartArea.top);
    ctx.clip();
    for (const pair of options.pairs) drawPair(chart as unknown as Chart, pair);
    ctx.restore();
  },
};
