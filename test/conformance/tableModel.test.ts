// The table worker's side of the table editor on files Python writes: CSV / TSV from the csv
// module (quotes, embedded newlines, CRLF inside fields, missing values, a 400-column file, a file
// read in several chunks) and Parquet from pandas + pyarrow (nullable ints, NaN, None, bools,
// several row groups). Rows, sort orders, filters and column summaries are compared with what
// Python reads and computes.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { TableFormat, TableHostMessage, TableQuery } from '../../src/shared/tableProtocol.ts';
import type { Cell } from '../../src/shared/tableParsing.ts';
import { loadTable } from '../../src/tables/tableLoader.ts';
import { TableModel } from '../../src/tables/tableModel.ts';
import { startTableWorker } from '../../src/tables/tableWorker.ts';
import { repoRoot, runPythonJson } from '../support/python.ts';

interface Delimited {
  file: string;
  columns: string[];
  rows: string[][];
  ascending: string[];
  descending: string[];
  byWord: string[];
  filterAll: string[];
  filterWord: string[];
  score: { nulls: number; min: number; max: number; mean: number };
}
interface Reference {
  csv: Delimited;
  tsv: Delimited;
  wide: { file: string; columns: string[]; rows: string[][]; c399: { min: number; max: number; mean: number } };
  parquet: { file: string; columns: string[]; rows: Cell[][]; ratio: { nulls: number; min: number; max: number; mean: number }; labelNulls: number; maybeDescending: number[] };
}

let folder: string;
let reference: Reference;

async function load(file: string, format: TableFormat): Promise<{ model: TableModel; progress: number[] }> {
  const model = new TableModel();
  const progress: number[] = [];
  await loadTable(file, format, model, { onColumns: () => undefined, onRows: (loaded) => progress.push(loaded) });
  return { model, progress };
}

const ids = (model: TableModel, column = 0) => model.window(0, model.shown).rows.map((row) => String(row[column]));
const close = (actual: number | undefined, expected: number, what: string) => assert.ok(Math.abs((actual ?? Number.NaN) - expected) < 1e-9 * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);

describe('the table worker against Python', () => {
  before(async () => {
    folder = mkdtempSync(path.join(os.tmpdir(), 'runlens-table-model-'));
    reference = await runPythonJson<Reference>(path.join(repoRoot, 'test', 'conformance', 'py', 'table_model_reference.py'), [folder], {}, folder);
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  for (const format of ['csv', 'tsv'] as const) {
    test(`${format.toUpperCase()}: rows, sorts, filters and a summary as Python has them`, async () => {
      const expected = reference[format];
      const { model, progress } = await load(expected.file, format);
      assert.deepEqual(model.columns, expected.columns);
      // A missing value is null here and '' for Python's csv module.
      assert.deepEqual(model.window(0, model.shown).rows.map((row) => row.map((cell) => cell ?? '')), expected.rows);
      if (format === 'csv') assert.ok(progress.length >= 3, `a file over 1 MB arrives in pieces (progress ${progress.join(', ')})`);
      const check = (query: TableQuery, wanted: string[], what: string) => {
        assert.equal(model.setQuery(query), wanted.length, `${what}: count`);
        assert.deepEqual(ids(model), wanted, what);
      };
      check({ sortColumn: 2 }, expected.ascending, 'by score, ascending');
      check({ sortColumn: 2, descending: true }, expected.descending, 'by score, descending');
      check({ sortColumn: 1 }, expected.byWord, 'by word');
      check({ filter: 'LINE' }, expected.filterAll, 'filtered in every column');
      check({ filter: 'a', filterColumn: 1 }, expected.filterWord, 'filtered by word');
      // A window of a sorted, filtered view: its rows and their places in the file.
      model.setQuery({ sortColumn: 2, descending: true, filter: 'a', filterColumn: 1 });
      const wanted = expected.descending.filter((id) => expected.filterWord.includes(id));
      const window = model.window(5, 3);
      assert.deepEqual(window.rows.map((row) => row[0]), wanted.slice(5, 8));
      assert.deepEqual(window.rowNumbers, wanted.slice(5, 8).map((id) => Number(id) + 1));
      model.setQuery({});
      const summary = model.summary(2);
      assert.equal(summary.type, 'number');
      assert.equal(summary.nulls, expected.score.nulls);
      close(summary.min, expected.score.min, 'min');
      close(summary.max, expected.score.max, 'max');
      close(summary.mean, expected.score.mean, 'mean');
    });
  }

  test('a 400-column file: every cell, and a column summary as pandas computes it', async () => {
    const { model } = await load(reference.wide.file, 'csv');
    assert.deepEqual(model.columns, reference.wide.columns);
    assert.deepEqual(model.window(0, model.shown).rows, reference.wide.rows);
    const summary = model.summary(399);
    close(summary.min, reference.wide.c399.min, 'min');
    close(summary.max, reference.wide.c399.max, 'max');
    close(summary.mean, reference.wide.c399.mean, 'mean');
  });

  test('Parquet: the values pandas reads back, nulls included, and a sort with missing values last', async () => {
    const expected = reference.parquet;
    const { model, progress } = await load(expected.file, 'parquet');
    assert.deepEqual(model.columns, expected.columns);
    assert.ok(progress.length >= 3, 'read a row group at a time');
    // NaN in a float column reads as null in pandas' row dump; the summary counts both as missing.
    const rows = model.window(0, model.shown).rows.map((row) => row.map((cell) => (typeof cell === 'number' && Number.isNaN(cell) ? null : cell)));
    assert.deepEqual(rows, expected.rows);
    const ratio = model.summary(2);
    assert.equal(ratio.nulls, expected.ratio.nulls);
    close(ratio.min, expected.ratio.min, 'min');
    close(ratio.max, expected.ratio.max, 'max');
    close(ratio.mean, expected.ratio.mean, 'mean');
    assert.equal(model.summary(3).nulls, expected.labelNulls);
    model.setQuery({ sortColumn: 1, descending: true });
    assert.deepEqual(model.window(0, model.shown).rows.map((row) => row[0]), expected.maybeDescending);
  });

  test('through the worker thread: first rows, the whole file, then a sorted window and a summary', async () => {
    const expected = reference.csv;
    const messages: TableHostMessage[] = [];
    let notify = () => undefined as void;
    const worker = startTableWorker(expected.file, 'csv', (message) => {
      messages.push(message);
      notify();
    });
    const next = async <T extends TableHostMessage['type']>(type: T, where: (m: Extract<TableHostMessage, { type: T }>) => boolean = () => true): Promise<Extract<TableHostMessage, { type: T }>> => {
      for (;;) {
        const found = messages.find((m): m is Extract<TableHostMessage, { type: T }> => m.type === type && where(m as Extract<TableHostMessage, { type: T }>));
        if (found) return found;
        const error = messages.find((m) => m.type === 'error');
        if (error) throw new Error(JSON.stringify(error));
        await new Promise<void>((resolve) => { notify = resolve; });
      }
    };
    try {
      assert.deepEqual((await next('columns')).columns, expected.columns);
      worker.send({ type: 'rows', queryId: 0, start: 0, count: 5 });
      assert.deepEqual((await next('rows')).rows.map((row) => row[0]), expected.rows.slice(0, 5).map((row) => row[0]));
      await next('progress', (m) => m.done);
      worker.send({ type: 'query', queryId: 1, query: { sortColumn: 2, descending: true } });
      worker.send({ type: 'rows', queryId: 1, start: expected.rows.length - 2, count: 50 });
      worker.send({ type: 'summary', queryId: 1, column: 2 });
      assert.deepEqual(await next('view'), { type: 'view', queryId: 1, total: expected.rows.length, shown: expected.rows.length });
      const last = await next('rows', (m) => m.queryId === 1);
      assert.deepEqual(last.rows.map((row) => row[0]), expected.descending.slice(-2));
      assert.equal((await next('summary')).summary.nulls, expected.score.nulls);
    } finally {
      await worker.close();
    }
  });
});
