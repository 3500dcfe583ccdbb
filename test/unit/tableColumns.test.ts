// The table held by column gives back exactly the cells it was given, however the rows arrive:
// one at a time, in batches whose text is joined into one string, with a row wider than the
// header halfway, with every kind of cell (text, '' apart from missing, numbers, NaN, -0,
// booleans, text outside Latin-1). Sorting and summaries over such a mix keep their rules.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Cell } from '../../src/shared/tableParsing.ts';
import { TableModel } from '../../src/tables/tableModel.ts';

const padded = (rows: Cell[][], width: number) => rows.map((row) => Array.from({ length: width }, (_, i) => row[i] ?? null));

test('every cell comes back as given, batch by batch and row by row, with a wider row half way', () => {
  const rows: Cell[][] = [];
  for (let i = 0; i < 3000; i++) {
    // Long text so the joined strings pass the join threshold several times.
    const row: Cell[] = [`r${i}-${'x'.repeat(i % 97)}`, i % 5 === 0 ? null : i % 5 === 1 ? '' : `${i / 8}`, i % 7 === 0 ? 'naïve ✓ 日本' : null];
    if (i === 1500) row.push('late', true);
    rows.push(row);
  }
  const byBatch = new TableModel();
  byBatch.columns = ['name', 'value', 'note'];
  for (let start = 0; start < rows.length; start += 333) byBatch.append(rows.slice(start, start + 333));
  const oneByOne = new TableModel();
  oneByOne.columns = ['name', 'value', 'note'];
  for (const row of rows) oneByOne.append([row]);
  for (const model of [byBatch, oneByOne]) {
    assert.deepEqual(model.columns, ['name', 'value', 'note', 'column 4', 'column 5']);
    assert.equal(model.rowCount, 3000);
    assert.deepEqual(model.window(0, model.shown).rows, padded(rows, 5));
    assert.deepEqual(model.window(1499, 3).rowNumbers, [1500, 1501, 1502]);
  }
});

test('numbers, NaN, -0 and booleans stored as such; sorted by value with missing (null and NaN) last', () => {
  const model = new TableModel();
  model.columns = ['id', 'v'];
  model.append([['a', 3], ['b', Number.NaN], ['c', '2.5'], ['d', true]]);
  model.append([['e', null], ['f', -0], ['g', 'word'], ['h', false], ['i', 3]]);
  const cells = model.window(0, model.shown).rows.map((row) => row[1]);
  assert.deepEqual(cells, [3, Number.NaN, '2.5', true, null, -0, 'word', false, 3]);
  assert.ok(Object.is(cells[5], -0));
  // Numbers (stored or written as text) by value, ties in file order; then text by code point; then missing.
  model.setQuery({ sortColumn: 1 });
  assert.deepEqual(model.window(0, model.shown).rows.map((row) => row[0]), ['f', 'c', 'a', 'i', 'h', 'd', 'g', 'b', 'e']);
  model.setQuery({ sortColumn: 1, descending: true });
  assert.deepEqual(model.window(0, model.shown).rows.map((row) => row[0]), ['a', 'i', 'c', 'f', 'g', 'd', 'h', 'b', 'e']);
  model.setQuery({ filter: 'TRU' });
  assert.deepEqual(model.window(0, model.shown).rowNumbers, [4]);
  model.setQuery({});
  assert.deepEqual(model.summary(1), {
    type: 'mixed', count: 9, nulls: 2,
    top: [{ value: '3', count: 2 }, { value: '2.5', count: 1 }, { value: 'true', count: 1 }, { value: '0', count: 1 }, { value: 'word', count: 1 }],
  });
  // A column no row reaches: all missing, file order kept.
  model.columns.push('empty');
  model.setQuery({ sortColumn: 2 });
  assert.deepEqual(model.window(0, 3).rowNumbers, [1, 2, 3]);
  assert.deepEqual(model.summary(2), { type: 'empty', count: 9, nulls: 9 });
});

test('a sort after more rows arrive sees them', () => {
  const model = new TableModel();
  model.append([['1'], ['3']]);
  model.setQuery({ sortColumn: 0 });
  model.append([['2']]);
  model.setQuery({ sortColumn: 0, descending: true });
  assert.deepEqual(model.window(0, 3).rows, [['3'], ['2'], ['1']]);
});

test('a text filter matches within one cell, in lower case as each cell lowers alone, in view order', () => {
  const model = new TableModel();
  model.columns = ['a', 'b'];
  // Rows 1–2: 'ab' only across two cells of a column (no match); row 3: in one cell; row 4: a number; row 5: a boolean.
  model.append([['xa', 'by'], ['bz', 'bz'], ['cAB', null], [12.5, ''], [true, 'x']]);
  const rowsWith = (filter: string, filterColumn?: number) => {
    model.setQuery({ filter, filterColumn });
    return [...model.window(0, model.shown).rowNumbers];
  };
  assert.deepEqual(rowsWith('ab'), [3]);
  assert.deepEqual(rowsWith('2.5'), [4]);
  assert.deepEqual(rowsWith('RUE'), [5]);
  assert.deepEqual(rowsWith('b', 1), [1, 2]);
  assert.deepEqual(rowsWith('b', 7), []);
  // A capital sigma lowers to a final sigma at a word's end: 'ΟΔΟΣ' alone is 'οδος', though a
  // letter follows it in the column's text.
  model.append([['ΟΔΟΣ', 'ΣA'], ['Ab', 'y']]);
  assert.deepEqual(rowsWith('οδος'), [6]);
  assert.deepEqual(rowsWith('οδοσ'), []);
  assert.deepEqual(rowsWith('σa'), [6]);
  model.setQuery({ sortColumn: 1, descending: true, filter: 'b' });
  assert.deepEqual(model.window(0, model.shown).rowNumbers, [7, 2, 1, 3]);
  // 'İ' lowers to two code units: the cells after it still match where they should.
  const dotted = new TableModel();
  dotted.append([['İx'], ['ab'], ['x']]);
  dotted.setQuery({ filter: 'ab' });
  assert.deepEqual(dotted.window(0, dotted.shown).rowNumbers, [2]);
  dotted.setQuery({ filter: 'i̇x' });
  assert.deepEqual(dotted.window(0, dotted.shown).rowNumbers, [1]);
});
