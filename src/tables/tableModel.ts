// A table held in memory (by the table worker) and the view the page looks at: rows in a chosen
// order, those that pass a text filter, a window of them at a time, and column summaries.
// Pure: the worker runs it, unit tests run it on files Python wrote.
import { numericValue, summarizeColumn, type ColumnSummary } from '../shared/columnSummary.ts';
import type { TableQuery } from '../shared/tableProtocol.ts';
import type { Cell } from '../shared/tableParsing.ts';

export interface RowWindow {
  start: number;
  rows: Cell[][];
  /** 1-based positions of the rows in the file. */
  rowNumbers: number[];
}

export class TableModel {
  columns: string[] = [];
  readonly rows: Cell[][] = [];
  /** Row indexes in view order, or undefined for every row in file order (also while loading). */
  private order: Uint32Array | undefined;

  /** Adds rows as they are read; a row wider than the columns so far adds "column N". */
  append(rows: readonly Cell[][]): void {
    for (const row of rows) {
      this.rows.push(row);
      if (row.length > this.columns.length) {
        for (let i = this.columns.length; i < row.length; i++) this.columns.push(`column ${i + 1}`);
      }
    }
  }

  /** Rows the current view holds. */
  get shown(): number {
    return this.order ? this.order.length : this.rows.length;
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
      const index = this.order ? this.order[i] : i;
      const row = this.rows[index];
      rows.push(row.length < width ? [...row, ...new Array<null>(width - row.length).fill(null)] : row);
      rowNumbers.push(index + 1);
    }
    return { start, rows, rowNumbers };
  }

  /** The summary of a column over the rows the view shows. */
  summary(column: number): ColumnSummary {
    const cells: Cell[] = new Array<Cell>(this.shown);
    for (let i = 0; i < cells.length; i++) cells[i] = this.rows[this.order ? this.order[i] : i][column] ?? null;
    return summarizeColumn(cells);
  }

  /**
   * Every row ordered by one column: numbers by value, then other text by code point, missing
   * values last whichever the direction; equal values keep file order.
   */
  private sortedOrder(column: number, descending: boolean): Uint32Array {
    const n = this.rows.length;
    const numbers = new Float64Array(n);
    const texts: (string | undefined)[] = new Array<string | undefined>(n);
    // Rank: 0 number, 1 text, 2 missing.
    const ranks = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const cell = this.rows[i][column] ?? null;
      const number = cell === null ? undefined : numericValue(cell);
      if (cell === null || (typeof cell === 'number' && Number.isNaN(cell))) ranks[i] = 2;
      else if (number !== undefined) numbers[i] = number;
      else {
        ranks[i] = 1;
        texts[i] = String(cell);
      }
    }
    const sign = descending ? -1 : 1;
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
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
    const n = order ? order.length : this.rows.length;
    const kept = new Uint32Array(n);
    let count = 0;
    for (let i = 0; i < n; i++) {
      const index = order ? order[i] : i;
      const row = this.rows[index];
      if (column !== undefined ? cellContains(row[column] ?? null, needle) : row.some((cell) => cellContains(cell, needle))) kept[count++] = index;
    }
    return kept.slice(0, count);
  }
}

function cellContains(cell: Cell, needle: string): boolean {
  return cell !== null && String(cell).toLowerCase().includes(needle);
}
