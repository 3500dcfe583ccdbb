// A table held in memory (by the table worker) and the view the page looks at: rows in a chosen
// order, those that pass a text filter, a window of them at a time, and column summaries. The
// table is kept by column (tableColumn.ts), so a big file costs a small multiple of its size.
// Pure: the worker runs it, unit tests run it on files Python wrote.
import { summarizeCells, type ColumnSummary } from '../shared/columnSummary.ts';
import type { TableQuery } from '../shared/tableProtocol.ts';
import type { Cell } from '../shared/tableParsing.ts';
import { TableColumn } from './tableColumn.ts';

export interface RowWindow {
  start: number;
  rows: Cell[][];
  /** 1-based positions of the rows in the file. */
  rowNumbers: number[];
}

export class TableModel {
  columns: string[] = [];
  private readonly stored: TableColumn[] = [];
  private rows = 0;
  /** Row indexes in view order, or undefined for every row in file order (also while loading). */
  private order: Uint32Array | undefined;

  /** Rows in the table (all of them, whatever the view shows). */
  get rowCount(): number {
    return this.rows;
  }

  /** Adds rows as they are read; a row wider than the columns so far adds "column N". */
  append(rows: readonly Cell[][]): void {
    if (rows.length === 0) return;
    let width = 0;
    for (const row of rows) width = Math.max(width, row.length);
    for (let i = this.columns.length; i < width; i++) this.columns.push(`column ${i + 1}`);
    while (this.stored.length < width) this.stored.push(new TableColumn(this.rows));
    for (let column = 0; column < this.stored.length; column++) this.stored[column].appendFrom(rows, column);
    this.rows += rows.length;
  }

  /** Rows the current view holds. */
  get shown(): number {
    return this.order ? this.order.length : this.rows;
  }

  /** Sorts and filters; returns how many rows the view now shows. */
  setQuery(query: TableQuery): number {
    const { sortColumn, descending = false, filter = '', filterColumn } = query;
    let order: Uint32Array | undefined;
    if (sortColumn !== undefined && sortColumn < this.columns.length) order = this.sortedOrder(sortColumn, descending);
    const needle = filter.trim().toLowerCase();
    if (needle !== '') order = this.filtered(order, needle, filterColumn);
    this.order = order;
    return this.shown;
  }

  window(start: number, count: number): RowWindow {
    const end = Math.min(this.shown, start + count);
    const width = this.columns.length;
    const rows: Cell[][] = [];
    const rowNumbers: number[] = [];
    for (let i = start; i < end; i++) {
      const index = this.rowAt(i);
      const row = new Array<Cell>(width);
      for (let column = 0; column < width; column++) row[column] = this.cell(index, column);
      rows.push(row);
      rowNumbers.push(index + 1);
    }
    return { start, rows, rowNumbers };
  }

  /** The summary of a column over the rows the view shows. */
  summary(column: number): ColumnSummary {
    return summarizeCells(this.shown, (i) => this.cell(this.rowAt(i), column));
  }

  private rowAt(viewIndex: number): number {
    return this.order ? this.order[viewIndex] : viewIndex;
  }

  private cell(row: number, column: number): Cell {
    return this.stored[column]?.cell(row) ?? null;
  }

  /**
   * Every row ordered by one column: numbers by value, then other text by code point, missing
   * values last whichever the direction; equal values keep file order.
   */
  private sortedOrder(column: number, descending: boolean): Uint32Array {
    const n = this.rows;
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    const stored = this.stored[column];
    // A column no row reaches is all missing: file order.
    if (!stored) return order;
    const { ranks, numbers } = stored.sortKeys();
    // Text is read out only for the sort, and only where it is not a number.
    const texts: (string | undefined)[] = new Array<string | undefined>(n);
    for (let i = 0; i < n; i++) if (ranks[i] === 1) texts[i] = String(stored.cell(i));
    const sign = descending ? -1 : 1;
    return order.sort((a, b) => {
      const rank = ranks[a] - ranks[b];
      if (rank !== 0) return rank;
      let compared = 0;
      if (ranks[a] === 0) compared = numbers[a] - numbers[b];
      else if (ranks[a] === 1) compared = texts[a]! < texts[b]! ? -1 : texts[a]! > texts[b]! ? 1 : 0;
      return compared === 0 ? a - b : sign * compared;
    });
  }

  private filtered(order: Uint32Array | undefined, needle: string, column: number | undefined): Uint32Array {
    const hits = new Uint8Array(this.rows);
    for (const stored of column !== undefined ? [this.stored[column]] : this.stored) stored?.markContaining(needle, hits);
    const n = order ? order.length : this.rows;
    const kept = new Uint32Array(n);
    let count = 0;
    for (let i = 0; i < n; i++) {
      const index = order ? order[i] : i;
      if (hits[index] === 1) kept[count++] = index;
    }
    return kept.slice(0, count);
  }
}

