// Words and numbers the Experiments view shows for a run. No vscode here.
import type { Metric, Run, Tag } from '../../shared/entities.ts';

const UNITS: [number, string][] = [
  [365 * 24 * 3600_000, 'y'],
  [30 * 24 * 3600_000, 'mo'],
  [7 * 24 * 3600_000, 'w'],
  [24 * 3600_000, 'd'],
  [3600_000, 'h'],
  [60_000, 'min'],
];

/** "just now", "5 min ago", "3 d ago": the largest unit that fits. */
export function relativeTime(timestampMs: number, nowMs: number): string {
  const elapsed = nowMs - timestampMs;
  if (elapsed < 60_000) return elapsed < -60_000 ? new Date(timestampMs).toISOString().slice(0, 10) : 'just now';
  for (const [size, unit] of UNITS) {
    if (elapsed >= size) return `${Math.floor(elapsed / size)} ${unit} ago`;
  }
  return 'just now';
}

/** A metric value in at most 4 significant digits, keeping integers whole and NaN/Infinity readable. */
export function formatMetricValue(value: number): string {
  // MLflow's SQL store keeps ±inf as ±DBL_MAX and hands those back as they are.
  if (Math.abs(value) === Number.MAX_VALUE) return value > 0 ? '∞' : '-∞';
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? '∞' : '-∞';
  if (Number.isInteger(value) && Math.abs(value) < 1e9) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e9)) return value.toExponential(3);
  return String(Number(value.toPrecision(4)));
}

/** The metric to show beside a run: the configured key when logged, else the first finite one by name. */
export function keyMetric(run: Run, preferredKey?: string): Metric | undefined {
  const metrics = run.data.metrics;
  const preferred = preferredKey ? metrics.find((metric) => metric.key === preferredKey) : undefined;
  if (preferred) return preferred;
  const finite = (metric: Metric) => Number.isFinite(metric.value) && Math.abs(metric.value) !== Number.MAX_VALUE;
  let first: Metric | undefined;
  for (const metric of metrics) {
    if (!first || (finite(metric) && !finite(first)) || (finite(metric) === finite(first) && metric.key < first.key)) first = metric;
  }
  return first;
}

/** The run's one-line description: key metric and start time. */
export function runDescription(run: Run, nowMs: number, preferredKey?: string): string {
  const parts: string[] = [];
  const metric = keyMetric(run, preferredKey);
  if (metric) parts.push(`${metric.key} ${formatMetricValue(metric.value)}`);
  if (run.info.startTime) parts.push(relativeTime(run.info.startTime, nowMs));
  if (run.info.lifecycleStage === 'deleted') parts.push('deleted');
  return parts.join(' · ');
}

/** MLflow's own tags (user, source, git commit, …) start with this. */
export const SYSTEM_TAG_PREFIX = 'mlflow.';

export function isSystemTag(key: string): boolean {
  return key.startsWith(SYSTEM_TAG_PREFIX);
}

/** The user's tags by key, then MLflow's system tags by key: all of them are worth seeing. */
export function orderedTags(tags: readonly Tag[]): Tag[] {
  const byKey = (a: Tag, b: Tag) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  return [...tags.filter((t) => !isSystemTag(t.key)).sort(byKey), ...tags.filter((t) => isSystemTag(t.key)).sort(byKey)];
}

/** The row an experiment shows when its run list is empty. */
export function emptyRunsMessage(filter: string | undefined): string {
  return filter ? `No runs match the filter ${filter}` : 'No runs';
}

/** Run duration as "1 h 2 min", "3.4 s"; undefined while it has no end. */
export function runDuration(run: Run): string | undefined {
  const { startTime, endTime } = run.info;
  if (startTime === undefined || endTime === undefined) return undefined;
  const ms = endTime - startTime;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return minutes < 60 ? `${minutes} min ${Math.floor((ms % 60_000) / 1000)} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** "512 B", "1.5 KB", "23 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}
