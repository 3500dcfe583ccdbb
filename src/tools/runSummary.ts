// A run in a few lines: what distinguishes it (the params that differ across the runs shown, the
// metrics the question is about) and how many more there are, so lists of runs stay small.
import type { Run } from '../shared/entities.ts';

export const KEY_FIELDS_PER_RUN = 8;

export interface RunSummary {
  id: string;
  name: string;
  experimentId: string;
  status: string;
  started?: string;
  durationSeconds?: number;
  params: Record<string, string>;
  metrics: Record<string, number>;
  /** What was left out, e.g. "14 more params, 2 more metrics". */
  more?: string;
}

/** Keys that differ across `runs` first, then the rest, each group in name order. */
export function paramKeysByVariation(runs: readonly Run[]): string[] {
  const values = new Map<string, Set<string>>();
  for (const run of runs) for (const p of run.data.params) (values.get(p.key) ?? values.set(p.key, new Set()).get(p.key)!).add(p.value);
  const counts = new Map<string, number>();
  for (const run of runs) for (const p of run.data.params) counts.set(p.key, (counts.get(p.key) ?? 0) + 1);
  const varies = (key: string) => (values.get(key)!.size > 1 || counts.get(key)! < runs.length ? 0 : 1);
  return [...values.keys()].sort((a, b) => varies(a) - varies(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** Metric and param names a filter or order_by mentions (`metrics.acc`, `params."learning rate"`). */
export function mentionedKeys(clauses: readonly string[], kind: 'metrics' | 'params'): string[] {
  const pattern = new RegExp(`\\b${kind}\\.(?:"([^"]+)"|\`([^\`]+)\`|([\\w.\\-/]+))`, 'giu');
  const keys: string[] = [];
  for (const clause of clauses) for (const m of clause.matchAll(pattern)) keys.push(m[1] ?? m[2] ?? m[3]);
  return [...new Set(keys)];
}

function pick<T>(items: readonly { key: string; value: T }[], preferred: readonly string[], limit: number): { picked: Record<string, T>; left: number } {
  const byKey = new Map(items.map((item) => [item.key, item.value]));
  const order = [...preferred.filter((k) => byKey.has(k)), ...[...byKey.keys()].filter((k) => !preferred.includes(k)).sort()];
  const picked: Record<string, T> = {};
  for (const key of order.slice(0, limit)) picked[key] = byKey.get(key) as T;
  return { picked, left: Math.max(0, order.length - limit) };
}

export function summarizeRun(run: Run, keyParams: readonly string[], keyMetrics: readonly string[], limit = KEY_FIELDS_PER_RUN): RunSummary {
  const params = pick(run.data.params, keyParams, limit);
  const metrics = pick(run.data.metrics, keyMetrics, limit);
  const { info } = run;
  const more = [params.left ? `${params.left} more params` : '', metrics.left ? `${metrics.left} more metrics` : ''].filter(Boolean).join(', ');
  return {
    id: info.runId,
    name: info.runName,
    experimentId: info.experimentId,
    status: info.status,
    ...(info.startTime ? { started: new Date(info.startTime).toISOString() } : {}),
    ...(info.startTime && info.endTime ? { durationSeconds: Math.round((info.endTime - info.startTime) / 100) / 10 } : {}),
    params: params.picked,
    metrics: metrics.picked,
    ...(more ? { more } : {}),
  };
}
