// Table artifacts (issue 15, item 2), read into columns and rows: CSV / TSV as RFC 4180 has them
// (quoted fields with doubled quotes, embedded newlines, CRLF) and the JSON `mlflow.log_table`
// writes (pandas' split orient: `{"columns": [...], "data": [[...]]}`). Pure, so a worker runs it.

export type Cell = string | number | boolean | null;

export interface Table {
  columns: string[];
  rows: Cell[][];
}

/**
 * Rows of a delimited text. An unquoted empty field is null (a missing value, as pandas reads it);
 * a quoted empty field is the empty string. A trailing newline ends the last row, not a new one.
 */
export function parseDelimitedRows(text: string, delimiter: ',' | '\t' = ','): (string | null)[][] {
  const rows: (string | null)[][] = [];
  let row: (string | null)[] = [];
  let field = '';
  let quoted = false;
  let inQuotes = false;
  let rowStarted = false;
  const endField = () => {
    row.push(field === '' && !quoted ? null : field);
    field = '';
    quoted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          inQuotes = false;
        }
      } else {
        field += c;
      }
      continue;
    }
    rowStarted = true;
    if (c === '"' && field === '' && !quoted) {
      inQuotes = true;
      quoted = true;
    } else if (c === delimiter) {
      endField();
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endField();
      rows.push(row);
      row = [];
      rowStarted = false;
    } else {
      field += c;
    }
  }
  if (inQuotes) throw new Error('The file ends inside a quoted field.');
  if (rowStarted) {
    endField();
    rows.push(row);
  }
  return rows;
}

/** A CSV or TSV table: the first row names the columns; short rows are padded with nulls. */
export function parseDelimitedTable(text: string, delimiter: ',' | '\t' = ','): Table {
  const [header = [], ...body] = parseDelimitedRows(text.startsWith('\uFEFF') ? text.slice(1) : text, delimiter);
  const width = Math.max(header.length, ...body.map((r) => r.length));
  const columns = Array.from({ length: width }, (_, i) => header[i] ?? `column ${i + 1}`);
  return { columns, rows: body.map((r) => (r.length < width ? [...r, ...new Array<null>(width - r.length).fill(null)] : r)) };
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
