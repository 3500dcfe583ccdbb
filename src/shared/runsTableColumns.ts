// The runs table's columns: which exist, what each cell shows, how each sorts in MLflow syntax.
import type { ComparedRun } from './compareProtocol.ts';
import type { ColumnId, RunGroup } from './runsTableProtocol.ts';

export const ATTRIBUTE_COLUMNS: ColumnId[] = ['attributes.run_name', 'attributes.status', 'attributes.start_time', 'attributes.duration', 'attributes.user_id'];

const ATTRIBUTE_TITLES: Record<string, string> = {
  'attributes.run_name': 'Run',
  'attributes.status': 'Status',
  'attributes.start_time': 'Started',
  'attributes.duration': 'Duration (s)',
  'attributes.user_id': 'User',
};

// Columns MLflow cannot order by (duration is computed here) sort by their nearest stored field.
const ORDER_FIELDS: Record<string, string> = {
  'attributes.run_name': 'attributes.run_name',
  'attributes.status': 'attributes.status',
  'attributes.start_time': 'attributes.start_time',
  'attributes.duration': 'attributes.end_time',
  'attributes.user_id': 'attributes.user_id',
};

function split(column: ColumnId): { entity: string; key: string } {
  const dot = column.indexOf('.');
  return { entity: column.slice(0, dot), key: column.slice(dot + 1) };
}

export function columnTitle(column: ColumnId): string {
  return ATTRIBUTE_TITLES[column] ?? split(column).key;
}

export function columnGroup(column: ColumnId): string {
  return split(column).entity;
}

/** The MLflow order_by term for a column; keys are backquoted so any name works. */
export function orderByTerm(column: ColumnId, ascending: boolean): string {
  const direction = ascending ? 'ASC' : 'DESC';
  const field = ORDER_FIELDS[column];
  if (field) return `${field} ${direction}`;
  const { entity, key } = split(column);
  return `${entity}.\`${key}\` ${direction}`;
}

/** The columns of runs that may arrive page by page: attributes first, then params, metrics and tags by key. */
export class ColumnCollector {
  private readonly metrics = new Set<string>();
  private readonly params = new Set<string>();
  private readonly tags = new Set<string>();

  add(runs: readonly ComparedRun[]): this {
    for (const run of runs) {
      for (const key in run.metrics) this.metrics.add(key);
      for (const key in run.params) this.params.add(key);
      for (const key in run.tags) this.tags.add(key);
    }
    return this;
  }

  columns(): ColumnId[] {
    const sorted = (keys: Set<string>, entity: string) => [...keys].sort().map((k) => `${entity}.${k}`);
    return [...ATTRIBUTE_COLUMNS, ...sorted(this.metrics, 'metrics'), ...sorted(this.params, 'params'), ...sorted(this.tags, 'tags')];
  }
}

/** Every column the runs show, attributes first, then params, metrics and tags by key. */
export function availableColumns(runs: readonly ComparedRun[]): ColumnId[] {
  return new ColumnCollector().add(runs).columns();
}

/** Attributes, then up to `perGroup` metrics and params: a readable first view. */
export function defaultVisibleColumns(columns: readonly ColumnId[], perGroup = 6): ColumnId[] {
  const pick = (entity: string) => columns.filter((c) => columnGroup(c) === entity).slice(0, perGroup);
  return [...ATTRIBUTE_COLUMNS.filter((c) => c !== 'attributes.user_id'), ...pick('metrics'), ...pick('params')];
}

export function cellValue(run: ComparedRun, column: ColumnId): string | number | undefined {
  switch (column) {
    case 'attributes.run_name':
      return run.name;
    case 'attributes.status':
      return run.status;
    case 'attributes.start_time':
      return run.startTime === undefined ? undefined : new Date(run.startTime).toISOString().replace('T', ' ').slice(0, 19);
    case 'attributes.duration':
      return run.startTime !== undefined && run.endTime !== undefined ? (run.endTime - run.startTime) / 1000 : undefined;
    case 'attributes.user_id':
      return run.user;
    default: {
      const { entity, key } = split(column);
      if (entity === 'metrics') return run.metrics[key];
      if (entity === 'params') return run.params[key];
      if (entity === 'tags') return run.tags[key];
      return undefined;
    }
  }
}

/** Metric summaries of one group, kept as running sums so runs can arrive page by page. */
interface GroupSums {
  count: number;
  sums: Map<string, { min: number; max: number; sum: number; n: number }>;
}

/** Groups runs by a param's value (missing → "(none)") with min/mean/max of every metric; fed page by page. */
export class RunGrouper {
  private readonly groups = new Map<string, GroupSums>();
  private readonly paramKey: string;

  constructor(paramKey: string) {
    this.paramKey = paramKey;
  }

  add(runs: readonly ComparedRun[]): this {
    for (const run of runs) {
      const value = run.params[this.paramKey] ?? '(none)';
      let group = this.groups.get(value);
      if (!group) this.groups.set(value, (group = { count: 0, sums: new Map() }));
      group.count += 1;
      for (const [key, metric] of Object.entries(run.metrics)) {
        if (Number.isNaN(metric)) continue;
        const s = group.sums.get(key);
        if (!s) group.sums.set(key, { min: metric, max: metric, sum: metric, n: 1 });
        else {
          s.min = Math.min(s.min, metric);
          s.max = Math.max(s.max, metric);
          s.sum += metric;
          s.n += 1;
        }
      }
    }
    return this;
  }

  result(): RunGroup[] {
    return [...this.groups.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([value, group]) => ({
        value,
        count: group.count,
        metrics: Object.fromEntries([...group.sums.entries()].map(([key, s]) => [key, { min: s.min, mean: s.sum / s.n, max: s.max }])),
      }));
  }
}

/** Groups runs by a param's value (missing → "(none)") with min/mean/max of every metric. */
export function groupRuns(runs: readonly ComparedRun[], paramKey: string): RunGroup[] {
  return new RunGrouper(paramKey).add(runs).result();
}
