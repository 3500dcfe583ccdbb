// Axis and tooltip labels for the charts page: values, steps, wall-clock and relative times.
import type { XAxis } from '../../shared/seriesShaping.ts';

export const X_AXIS_LABELS: Record<XAxis, string> = { step: 'Step', wallTime: 'Wall time', relativeTime: 'Relative time' };

export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e9)) return value.toExponential(4);
  return String(Number(value.toPrecision(6)));
}

/** Seconds as h:mm:ss (or m:ss under an hour). */
export function formatDuration(seconds: number): string {
  const sign = seconds < 0 ? '-' : '';
  let rest = Math.round(Math.abs(seconds));
  const h = Math.floor(rest / 3600);
  rest -= h * 3600;
  const m = Math.floor(rest / 60);
  const s = rest - m * 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${sign}${h}:${pad(m)}:${pad(s)}` : `${sign}${m}:${pad(s)}`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** Epoch ms as local time; the date is shown when the visible span crosses days. */
export function formatWallTime(ms: number, spanMs: number): string {
  const d = new Date(ms);
  const time = `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
  return spanMs > 86_400_000 ? `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${time}` : time;
}

export function formatX(axis: XAxis, x: number, spanX = 0): string {
  if (axis === 'wallTime') return formatWallTime(x, spanX);
  if (axis === 'relativeTime') return formatDuration(x);
  return formatValue(x);
}

/** `1 point`, `2,439 points`: a count with its noun in the right number. */
export function countOf(count: number, noun: string, plural = `${noun}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? noun : plural}`;
}

/** A chart's footer: what it draws now (the zoomed range, live points included). */
export function pointsNote(drawn: { series: number; points: number; buckets: number; sampled: boolean; bars: boolean }): string {
  if (drawn.series === 0) return 'No points.';
  const sampled = drawn.sampled ? ' · sampled by the tracking server' : '';
  if (drawn.bars) return `${countOf(drawn.series, 'run')}, at most one value each${sampled}`;
  const buckets = drawn.buckets < drawn.points ? ` in ${countOf(drawn.buckets, 'bucket')} (bars show each bucket's min–max)` : '';
  return `${countOf(drawn.points, 'point')}${buckets}${sampled}`;
}
