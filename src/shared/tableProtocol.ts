// Messages between the table editor's page (src/webview/table) and the table worker
// (src/tables/tableWorkerMain.ts). The host only relays them: the page asks for row windows,
// a sort / filter and column summaries; the worker, which holds the table, answers.
import type { ColumnSummary } from './columnSummary.ts';
import { isBoolean, isCount, isFiniteNumber, isRecord, isString, messageGuard, optional, type Guard } from './messageGuards.ts';
import type { Cell } from './tableParsing.ts';

export type TableFormat = 'csv' | 'tsv' | 'json' | 'parquet';

/** What the page shows: rows sorted by a column (numbers by value, missing last) and filtered by text. */
export interface TableQuery {
  sortColumn?: number;
  descending?: boolean;
  /** Rows whose text contains this (case-insensitive); all rows when empty. */
  filter?: string;
  /** Look for `filter` in this column only; in every column when unset. */
  filterColumn?: number;
}

export type TableHostMessage =
  | { type: 'source'; name: string; format: TableFormat }
  | { type: 'columns'; columns: string[] }
  /** Rows read so far; `done` once the whole file is in. */
  | { type: 'progress'; loaded: number; done: boolean }
  /** A query's result size: `shown` of `total` rows pass its filter. */
  | { type: 'view'; queryId: number; total: number; shown: number }
  /** Rows `start`… of a query's view; `rowNumbers` are their 1-based positions in the file. */
  | { type: 'rows'; queryId: number; start: number; rows: Cell[][]; rowNumbers: number[] }
  | { type: 'summary'; queryId: number; column: number; summary: ColumnSummary }
  | { type: 'error'; message: string };

export type TablePageMessage =
  | { type: 'ready' }
  | { type: 'query'; queryId: number; query: TableQuery }
  | { type: 'rows'; queryId: number; start: number; count: number }
  | { type: 'summary'; queryId: number; column: number };

/** Rows the page may ask for at once (a screen or two). */
export const MAX_WINDOW_ROWS = 1000;

const isTableQuery = (value: unknown): value is TableQuery => isRecord(value)
  && optional(isCount)(value.sortColumn) && optional(isBoolean)(value.descending)
  && optional(isString)(value.filter) && optional(isCount)(value.filterColumn);

/** What the host relays from the page to the worker. */
export const isTablePageMessage: Guard<TablePageMessage> = messageGuard<TablePageMessage>({
  ready: {},
  query: { queryId: isFiniteNumber, query: isTableQuery },
  rows: { queryId: isFiniteNumber, start: isCount, count: (value) => isCount(value) && value <= MAX_WINDOW_ROWS },
  summary: { queryId: isFiniteNumber, column: isCount },
});

/** The format a file name says, or undefined for files the table editor does not read. */
export function tableFormatOf(fileName: string): TableFormat | undefined {
  const extension = /\.([^./\\]+)$/u.exec(fileName)?.[1]?.toLowerCase();
  switch (extension) {
    case 'csv': return 'csv';
    case 'tsv': return 'tsv';
    case 'json': return 'json';
    case 'parquet': return 'parquet';
    default: return undefined;
  }
}
