// Table artifacts (issue 15, item 2), read into columns and rows: CSV / TSV as RFC 4180 has them
// (quoted fields with doubled quotes, embedded newlines, CRLF) and the JSON `mlflow.log_table`
// writes (pandas' split orient: `{"columns": [...], "data": [[...]]}`). Pure, so a worker runs it.

export type Cell = string | number | boolean | null;

export interface Table {
  columns: string[];
  rows: Cell[][];
}

/**
 * Reads a delimited text piece by piece (a file streamed in chunks): `push` returns the rows its
 * text completes, `end` the last one. A row is kept back until its line ends, so quotes, doubled
 * quotes and a CRLF split across chunks read as in one piece. Unquoted fields are sliced, not
 * built a character at a time: a 1M-row file parses in about a second.
 */
export class DelimitedRowReader {
  private readonly delimiter: number;
  private pending = '';

  constructor(delimiter: ',' | '\t' = ',') {
    this.delimiter = delimiter.charCodeAt(0);
  }

  push(text: string): (string | null)[][] {
    const buffer = this.pending + text;
    const rows: (string | null)[][] = [];
    const consumed = this.readRows(buffer, rows, false);
    this.pending = buffer.slice(consumed);
    return rows;
  }

  end(): (string | null)[][] {
    const rows: (string | null)[][] = [];
    this.readRows(this.pending, rows, true);
    this.pending = '';
    return rows;
  }

  /** Appends the complete rows of `text` to `rows`; returns how far it read. */
  private readRows(text: string, rows: (string | null)[][], final: boolean): number {
    const length = text.length;
    let rowStart = 0;
    let i = 0;
    while (rowStart < length) {
      const row: (string | null)[] = [];
      i = rowStart;
      let ended = false;
      for (;;) {
        // One field from i.
        let field: string | null;
        if (i < length && text.charCodeAt(i) === QUOTE) {
          let value = '';
          let from = i + 1;
          for (;;) {
            const close = text.indexOf('"', from);
            if (close < 0) {
              if (final) throw new Error('The file ends inside a quoted field.');
              return rowStart;
            }
            value += text.slice(from, close);
            if (close + 1 < length && text.charCodeAt(close + 1) === QUOTE) {
              value += '"';
              from = close + 2;
              continue;
            }
            if (close + 1 >= length && !final) return rowStart;
            i = close + 1;
            break;
          }
          // Text after the closing quote belongs to the field, as Python's csv module reads it.
          const rest = i;
          while (i < length && !this.endsField(text.charCodeAt(i))) i++;
          field = value + text.slice(rest, i);
        } else {
          const from = i;
          while (i < length && !this.endsField(text.charCodeAt(i))) i++;
          field = i === from ? null : text.slice(from, i);
        }
        row.push(field);
        if (i >= length) break;
        const c = text.charCodeAt(i);
        if (c === this.delimiter) {
          i++;
          continue;
        }
        // CR or LF ends the row; a CR at the end of the text may be half of a CRLF.
        if (c === CR) {
          if (i + 1 >= length && !final) return rowStart;
          i += text.charCodeAt(i + 1) === LF ? 2 : 1;
        } else {
          i++;
        }
        ended = true;
        break;
      }
      if (!ended && !final) return rowStart;
      rows.push(row);
      rowStart = i;
    }
    return rowStart;
  }

  private endsField(c: number): boolean {
    return c === this.delimiter || c === LF || c === CR;
  }
}

const QUOTE = 34;
const CR = 13;
const LF = 10;

/**
 * Rows of a delimited text. An unquoted empty field is null (a missing value, as pandas reads it);
 * a quoted empty field is the empty string. A trailing newline ends the last row, not a new one.
 */
export function parseDelimitedRows(text: string, delimiter: ',' | '\t' = ','): (string | null)[][] {
  const reader = new DelimitedRowReader(delimiter);
  return [...reader.push(text), ...reader.end()];
}

/** The columns a header row names; a row wider than the header adds "column N". */
export function columnNames(header: readonly (string | null)[], width: number): string[] {
  return Array.from({ length: width }, (_, i) => header[i] ?? `column ${i + 1}`);
}

/** Pads a short row with nulls to `width`. */
export function padRow<T>(row: T[], width: number): (T | null)[] {
  return row.length < width ? [...row, ...new Array<null>(width - row.length).fill(null)] : row;
}

/** A CSV or TSV table: the first row names the columns; short rows are padded with nulls. */
export function parseDelimitedTable(text: string, delimiter: ',' | '\t' = ','): Table {
  const [header = [], ...body] = parseDelimitedRows(text.startsWith('\uFEFF') ? text.slice(1) : text, delimiter);
  const width = body.reduce((widest, r) => Math.max(widest, r.length), header.length);
  return { columns: columnNames(header, width), rows: body.map((r) => padRow(r, width)) };
}

/** The table `mlflow.log_table` wrote, or an error that says what the JSON is instead. */
export function parseMlflowTable(json: string): Table {
  const value = JSON.parse(json) as unknown;
  if (typeof value !== 'object' || value === null || !Array.isArray((value as { columns?: unknown }).columns) || !Array.isArray((value as { data?: unknown }).data)) {
    throw new Error('This JSON is not a table: mlflow.log_table writes an object with "columns" and "data" arrays.');
  }
  const { columns, data } = value as { columns: unknown[]; data: unknown[] };
  const cell = (v: unknown): Cell => (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : JSON.stringify(v));
  return {
    columns: columns.map(String),
    rows: data.map((row) => (Array.isArray(row) ? row.map(cell) : [cell(row)])),
  };
}
