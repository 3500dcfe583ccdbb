// One column of a table held compactly. A big file held as one small array of strings per row
// costs over ten times its size; here a column's text values are joined into a few long strings
// with an end offset per row, stored numbers (Parquet, JSON) sit in a Float64Array, and one byte
// per row says which kind of cell it is. Rows come a batch at a time, as the loader reads them.
import { numericValue } from '../shared/columnSummary.ts';
import type { Cell } from '../shared/tableParsing.ts';

const MISSING = 0;
const TEXT = 1;
const NUMBER = 2;
const TRUE = 3;
const FALSE = 4;

/** A batch's text joins the previous one while that is shorter than this: few strings, none huge to rebuild. */
const JOIN_BELOW_CHARS = 1 << 16;

/** What a sort needs of a column: per row 0 number, 1 other text, 2 missing; and the number. */
export interface SortKeys {
  ranks: Uint8Array;
  numbers: Float64Array;
}

export class TableColumn {
  private length = 0;
  private kinds = new Uint8Array(0);
  /** Where each row's text ends in its chunk; it starts where the row before ends (0 at a chunk's first row). */
  private ends = new Uint32Array(0);
  /** Only once the column holds a number cell. */
  private numbers: Float64Array | undefined;
  /** The first row of each chunk of text, and the chunk. */
  private readonly chunkRows: number[] = [];
  private readonly chunkTexts: string[] = [];
  private sortKeysCache: SortKeys | undefined;

  /** A column that appears after `missingRows` rows: they have no value in it. */
  constructor(missingRows = 0) {
    this.reserve(missingRows);
    this.length = missingRows;
  }

  /** Appends cell `index` of each row (missing where a row is shorter). */
  appendFrom(rows: readonly Cell[][], index: number): void {
    if (rows.length === 0) return;
    const first = this.length;
    this.reserve(first + rows.length);
    this.sortKeysCache = undefined;
    const last = this.chunkTexts.length - 1;
    const joining = last >= 0 && this.chunkTexts[last].length < JOIN_BELOW_CHARS;
    const parts: string[] = [];
    let end = joining ? this.chunkTexts[last].length : 0;
    for (let r = 0; r < rows.length; r++) {
      const row = first + r;
      const cell = rows[r][index] ?? null;
      if (typeof cell === 'string') {
        this.kinds[row] = TEXT;
        parts.push(cell);
        end += cell.length;
      } else if (typeof cell === 'number') {
        this.kinds[row] = NUMBER;
        this.numberStore()[row] = cell;
      } else {
        this.kinds[row] = cell === true ? TRUE : cell === false ? FALSE : MISSING;
      }
      this.ends[row] = end;
    }
    this.length += rows.length;
    const text = parts.join('');
    if (joining) this.chunkTexts[last] += text;
    else {
      this.chunkRows.push(first);
      this.chunkTexts.push(text);
    }
  }

  cell(row: number): Cell {
    switch (this.kinds[row]) {
      case TEXT: {
        const chunk = this.chunkOf(row);
        const start = row === this.chunkRows[chunk] ? 0 : this.ends[row - 1];
        return this.chunkTexts[chunk].slice(start, this.ends[row]);
      }
      case NUMBER: return this.numbers![row];
      case TRUE: return true;
      case FALSE: return false;
      default: return null;
    }
  }

  /** Read once per column and kept: a second sort by it parses nothing. */
  sortKeys(): SortKeys {
    if (this.sortKeysCache) return this.sortKeysCache;
    const n = this.length;
    const ranks = new Uint8Array(n);
    const numbers = new Float64Array(n);
    for (let row = 0; row < n; row++) {
      const kind = this.kinds[row];
      if (kind === MISSING || (kind === NUMBER && Number.isNaN(this.numbers![row]))) ranks[row] = 2;
      else if (kind === NUMBER) numbers[row] = this.numbers![row];
      else {
        const number = kind === TEXT ? numericValue(this.cell(row)) : undefined;
        if (number === undefined) ranks[row] = 1;
        else numbers[row] = number;
      }
    }
    this.sortKeysCache = { ranks, numbers };
    return this.sortKeysCache;
  }

  /**
   * Sets `hits[row]` for each row whose cell, in lower case, contains `needle` (lower case). Text
   * is searched a chunk at a time, lowered once, unless lowering it whole could differ from
   * lowering each cell (a length change, or a capital sigma, whose lower case depends on what
   * follows it).
   */
  markContaining(needle: string, hits: Uint8Array): void {
    for (let chunk = 0; chunk < this.chunkTexts.length; chunk++) {
      const text = this.chunkTexts[chunk];
      const first = this.chunkRows[chunk];
      const end = chunk + 1 < this.chunkRows.length ? this.chunkRows[chunk + 1] : this.length;
      const lower = text.toLowerCase();
      if (lower.length !== text.length || text.includes('\u03A3')) {
        for (let row = first; row < end; row++) {
          if (this.kinds[row] === TEXT && String(this.cell(row)).toLowerCase().includes(needle)) hits[row] = 1;
        }
        continue;
      }
      for (let at = lower.indexOf(needle); at >= 0;) {
        const row = this.rowAround(at, first, end);
        if (at + needle.length <= this.ends[row]) {
          hits[row] = 1;
          at = lower.indexOf(needle, this.ends[row]);
        } else {
          at = lower.indexOf(needle, at + 1);
        }
      }
    }
    for (let row = 0; row < this.length; row++) {
      const kind = this.kinds[row];
      if (kind !== TEXT && kind !== MISSING && String(this.cell(row)).toLowerCase().includes(needle)) hits[row] = 1;
    }
  }

  /** The row of rows `first`… `end` (one chunk) whose text holds position `at` of the chunk: the first that ends after it. */
  private rowAround(at: number, first: number, end: number): number {
    let low = first;
    let high = end - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.ends[middle] > at) high = middle;
      else low = middle + 1;
    }
    return low;
  }

  private numberStore(): Float64Array {
    this.numbers ??= new Float64Array(this.kinds.length);
    return this.numbers;
  }

  /** The last chunk that starts at or before `row`. */
  private chunkOf(row: number): number {
    let low = 0;
    let high = this.chunkRows.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.chunkRows[middle] <= row) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  /** Room for `rows` rows; capacity doubles so appending stays linear. */
  private reserve(rows: number): void {
    if (rows <= this.kinds.length) return;
    const capacity = Math.max(rows, this.kinds.length * 2, 1024);
    this.kinds = grown(this.kinds, new Uint8Array(capacity));
    this.ends = grown(this.ends, new Uint32Array(capacity));
    if (this.numbers) this.numbers = grown(this.numbers, new Float64Array(capacity));
  }
}

function grown<T extends Uint8Array | Uint32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
