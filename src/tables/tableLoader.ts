// Reads a table file into a TableModel a piece at a time, telling the caller after each piece so
// the first rows can be shown long before a big file is in: CSV / TSV streamed through the one
// delimited reader (shared/tableParsing.ts), Parquet one row group at a time (hyparquet), and the
// JSON mlflow.log_table writes (one parse; such tables are small).
import { open, readFile } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema } from 'hyparquet';
import type { TableFormat } from '../shared/tableProtocol.ts';
import { DelimitedRowReader, columnNames, parseMlflowTable, type Cell } from '../shared/tableParsing.ts';
import type { TableModel } from './tableModel.ts';

/**
 * The first read is small so the first rows come quickly; later reads are bigger, but not so big
 * that a read's rows outlive a few young-generation collections: rows that did were promoted and
 * a 1M-row file peaked at 70 MB more with 1 MB reads.
 */
const FIRST_CHUNK_BYTES = 64 * 1024;
const CHUNK_BYTES = 256 * 1024;

export interface LoadListener {
  /** The column names are known. */
  onColumns(columns: string[]): void;
  /** More rows are in the model. */
  onRows(loaded: number): void;
}

export async function loadTable(file: string, format: TableFormat, model: TableModel, listener: LoadListener, signal?: AbortSignal): Promise<void> {
  switch (format) {
    case 'csv':
    case 'tsv':
      return loadDelimited(file, format === 'csv' ? ',' : '\t', model, listener, signal);
    case 'json': {
      const table = parseMlflowTable(await readFile(file, { encoding: 'utf8', signal }));
      model.columns = table.columns;
      listener.onColumns(model.columns);
      model.append(table.rows);
      listener.onRows(model.rowCount);
      return;
    }
    case 'parquet':
      return loadParquet(file, model, listener, signal);
  }
}

async function loadDelimited(file: string, delimiter: ',' | '\t', model: TableModel, listener: LoadListener, signal?: AbortSignal): Promise<void> {
  const reader = new DelimitedRowReader(delimiter);
  // Decodes across chunk ends that cut a multi-byte character.
  const decoder = new StringDecoder('utf8');
  let header: (string | null)[] | undefined;
  const take = (rows: (string | null)[][]) => {
    if (rows.length === 0) return;
    let body = rows;
    if (!header) {
      header = rows[0];
      body = rows.slice(1);
      model.columns = columnNames(header, header.length);
      listener.onColumns(model.columns);
    }
    const before = model.columns.length;
    model.append(body);
    if (model.columns.length !== before) listener.onColumns(model.columns);
    listener.onRows(model.rowCount);
  };
  const handle = await open(file, 'r');
  try {
    // One buffer for every read: the decoder copies what it reads into a string.
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let size = FIRST_CHUNK_BYTES;
    let first = true;
    for (;;) {
      signal?.throwIfAborted();
      const { bytesRead } = await handle.read({ buffer, length: size });
      if (bytesRead === 0) break;
      let text = decoder.write(buffer.subarray(0, bytesRead));
      if (first && text.startsWith('\uFEFF')) text = text.slice(1);
      first = false;
      take(reader.push(text));
      size = CHUNK_BYTES;
    }
  } finally {
    await handle.close();
  }
  take(reader.push(decoder.end()));
  take(reader.end());
  if (!header) listener.onColumns([]);
  listener.onRows(model.rowCount);
}

async function loadParquet(file: string, model: TableModel, listener: LoadListener, signal?: AbortSignal): Promise<void> {
  const buffer = await asyncBufferFromFile(file);
  const metadata = await parquetMetadataAsync(buffer);
  model.columns = parquetSchema(metadata).children.map((child) => child.element.name);
  listener.onColumns(model.columns);
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    signal?.throwIfAborted();
    const rowEnd = rowStart + Number(group.num_rows);
    await parquetRead({
      file: buffer, metadata, rowStart, rowEnd,
      onComplete: (rows: unknown[][]) => model.append(rows.map((row) => row.map(parquetCell))),
    });
    listener.onRows(model.rowCount);
    rowStart = rowEnd;
  }
}

/** A Parquet value as a cell: 64-bit integers as numbers when exact, dates as ISO text, nested values as JSON. */
export function parquetCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'bigint' ? inner.toString() : inner));
}
