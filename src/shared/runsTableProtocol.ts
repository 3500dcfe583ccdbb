// Messages between the runs table panel (src/vscode/runsTable) and its page (src/webview/runsTable).
import type { ComparedRun } from './compareProtocol.ts';
import { isBoolean, isCount, isFiniteNumber, isOneOf, isRecord, isString, isStringArray, messageGuard, optional, type Guard } from './messageGuards.ts';

/** A column: `attributes.<name>`, `params.<key>`, `metrics.<key>` or `tags.<key>`. */
export type ColumnId = string;

export interface RunsQuery {
  filter?: string;
  /** Column to sort by, and direction; MLflow's default (newest first) when unset. */
  sortColumn?: ColumnId;
  ascending?: boolean;
}

export interface RunGroup {
  value: string;
  count: number;
  /** Per metric key: min, mean, max over the group's runs that logged it. */
  metrics: Record<string, { min: number; mean: number; max: number }>;
}

export type RunsTableHostMessage =
  | { type: 'init'; experimentId: string; experimentName: string; columns: ColumnId[]; visibleColumns: ColumnId[] }
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
  | { type: 'rows'; queryId: number; start: number; count: number }
  | { type: 'groupBy'; queryId: number; paramKey: string }
  | { type: 'columns'; visibleColumns: ColumnId[] }
  | { type: 'action'; action: 'compare' | 'charts' | 'registerModel'; runIds: string[] }
  | { type: 'exportCsv' };

const isRunsQuery = (value: unknown): value is RunsQuery => isRecord(value)
  && optional(isString)(value.filter) && optional(isString)(value.sortColumn) && optional(isBoolean)(value.ascending);

/** What the host accepts from the runs table page. */
export const isRunsTablePageMessage: Guard<RunsTablePageMessage> = messageGuard<RunsTablePageMessage>({
  ready: {},
  query: { queryId: isFiniteNumber, query: isRunsQuery },
  rows: { queryId: isFiniteNumber, start: isCount, count: isCount },
  groupBy: { queryId: isFiniteNumber, paramKey: isString },
  columns: { visibleColumns: isStringArray },
  action: { action: isOneOf(['compare', 'charts', 'registerModel'] as const), runIds: isStringArray },
  exportCsv: {},
});
