// Messages between the runs table panel (src/vscode/runsTable) and its page (src/webview/runsTable).
import type { ComparedRun, StepRange } from './compareProtocol.ts';
import { isBoolean, isCount, isFiniteNumber, isOneOf, isRecord, isString, isStringArray, messageGuard, optional, type Guard } from './messageGuards.ts';

/** A column: `attributes.<name>`, `params.<key>`, `metrics.<key>` or `tags.<key>`. */
export type ColumnId = string;

export interface RunsQuery {
  filter?: string;
  /** Column to sort by, and direction; MLflow's default (newest first) when unset. */
  sortColumn?: ColumnId;
  ascending?: boolean;
  /**
   * "At step N": the rows' metric values at this step (or the nearest earlier). Only the rows'
   * values change: the filter and the sort still use the latest values, as MLflow's search does.
   */
  step?: number;
}

export interface RunGroup {
  value: string;
  count: number;
  /** Per metric key: min, mean, max over the group's runs that logged it. */
  metrics: Record<string, { min: number; mean: number; max: number }>;
}

export type RunsTableHostMessage =
  | { type: 'init'; experimentId: string; experimentName: string; columns: ColumnId[]; visibleColumns: ColumnId[]; stepRange?: StepRange }
  /** The store changed: ask again for the count and the visible rows. */
  | { type: 'refresh' }
  | { type: 'count'; queryId: number; total: number }
  | { type: 'rows'; queryId: number; start: number; rows: ComparedRun[] }
  | { type: 'groups'; queryId: number; paramKey: string; groups: RunGroup[] }
  /** With `queryId`: that query failed (a bad filter), so its count will never come. */
  | { type: 'error'; message: string; queryId?: number };

export type RunsTablePageMessage =
  | { type: 'ready' }
  | { type: 'query'; queryId: number; query: RunsQuery }
  /** `metricKeys`: with a step in the query, the metric columns shown, whose values at the step are read. */
  | { type: 'rows'; queryId: number; start: number; count: number; metricKeys?: string[] }
  /** The same query at another step (none: latest values): answered with the known count under the new id. */
  | { type: 'step'; queryId: number; step?: number }
  | { type: 'groupBy'; queryId: number; paramKey: string }
  | { type: 'columns'; visibleColumns: ColumnId[] }
  | { type: 'action'; action: 'compare' | 'charts' | 'registerModel'; runIds: string[] }
  | { type: 'exportCsv' };

const isRunsQuery = (value: unknown): value is RunsQuery => isRecord(value)
  && optional(isString)(value.filter) && optional(isString)(value.sortColumn) && optional(isBoolean)(value.ascending)
  && optional(isFiniteNumber)(value.step);

/** What the host accepts from the runs table page. */
export const isRunsTablePageMessage: Guard<RunsTablePageMessage> = messageGuard<RunsTablePageMessage>({
  ready: {},
  query: { queryId: isFiniteNumber, query: isRunsQuery },
  rows: { queryId: isFiniteNumber, start: isCount, count: isCount, metricKeys: optional(isStringArray) },
  step: { queryId: isFiniteNumber, step: optional(isFiniteNumber) },
  groupBy: { queryId: isFiniteNumber, paramKey: isString },
  columns: { visibleColumns: isStringArray },
  action: { action: isOneOf(['compare', 'charts', 'registerModel'] as const), runIds: isStringArray },
  exportCsv: {},
});
