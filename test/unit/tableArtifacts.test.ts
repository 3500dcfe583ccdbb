// Which artifacts open in the table editor, and the grid's scroll arithmetic past the browser's
// element-height cap: pure code, under plain Node.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loggedTablePaths, startsLikeLoggedTable, tableArtifactVerdict } from '../../src/vscode/artifacts/tableArtifacts.ts';
import { MAX_SCROLL_PX, maxScroll, scrollTopFor, virtualTop } from '../../src/webview/table/grid.ts';

test('CSV, TSV and Parquet by name; JSON when mlflow.loggedArtifacts lists it as a table or it starts like one', () => {
  // The tag as mlflow 3.18's log_table writes it (json.dumps of a list of {path, type}).
  const tags = [{ key: 'mlflow.loggedArtifacts', value: '[{"path": "eval/per_class.json", "type": "table"}, {"path": "img.png", "type": "image"}]' }];
  assert.deepEqual([...loggedTablePaths(tags)], ['eval/per_class.json']);
  assert.equal(tableArtifactVerdict('data/predictions.CSV', undefined), 'table');
  assert.equal(tableArtifactVerdict('a.tsv', []), 'table');
  assert.equal(tableArtifactVerdict('features.parquet', []), 'table');
  assert.equal(tableArtifactVerdict('eval/per_class.json', tags), 'table');
  assert.equal(tableArtifactVerdict('other.json', tags), 'maybeJson');
  assert.equal(tableArtifactVerdict('notes.txt', tags), 'no');
  assert.equal(tableArtifactVerdict('MLmodel', tags), 'no');
  assert.deepEqual([...loggedTablePaths([{ key: 'mlflow.loggedArtifacts', value: 'not json' }])], []);
  assert.ok(startsLikeLoggedTable('{"columns":["a"],"data":[[1]]}'));
  assert.ok(startsLikeLoggedTable('\uFEFF {\n  "columns" : [ "a" ]'));
  assert.ok(!startsLikeLoggedTable('{"data": [], "columns": []}'));
  assert.ok(!startsLikeLoggedTable('[{"columns": []}]'));
});

test('1M rows of 22 px scroll within the cap and reach the last row at the bottom', () => {
  const m = { rowCount: 1_000_000, rowHeight: 22, bodyHeight: 660 };
  assert.equal(maxScroll(m), MAX_SCROLL_PX);
  assert.equal(virtualTop(m, 0), 0);
  // At the bottom the last row's bottom edge meets the screen's.
  assert.equal(virtualTop(m, MAX_SCROLL_PX) + m.bodyHeight, m.rowCount * m.rowHeight);
  const middle = 11_000_000;
  assert.ok(Math.abs(virtualTop(m, scrollTopFor(m, middle)) - middle) < 1e-6);
  // Few rows: one pixel of scroll is one pixel of rows.
  const small = { rowCount: 100, rowHeight: 22, bodyHeight: 660 };
  assert.equal(maxScroll(small), 100 * 22 - 660);
  assert.equal(virtualTop(small, 123), 123);
  assert.equal(maxScroll({ rowCount: 3, rowHeight: 22, bodyHeight: 660 }), 0);
});
