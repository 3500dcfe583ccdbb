// Table artifacts read as Python reads them: CSV / TSV written by Python's csv module (quotes,
// embedded newlines, CRLF, a 300-column file) and the JSON the real mlflow.log_table writes,
// with column summaries matching pandas.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { summarizeColumn } from '../../src/shared/columnSummary.ts';
import { parseDelimitedRows, parseDelimitedTable, parseMlflowTable } from '../../src/shared/tableParsing.ts';
import { repoRoot, runPythonJson } from '../support/python.ts';

interface Reference {
  delimited: { file: string; delimiter: ',' | '\t'; rows: string[][] }[];
  logged: { file: string; columns: string[]; nulls: Record<string, number>; numeric: Record<string, [number, number, number]>; top: Record<string, Record<string, number>> };
}

describe('table artifacts against Python', () => {
  test('CSV and TSV rows equal what Python\'s csv module reads; log_table JSON and its summaries equal pandas', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'runlens-tables-'));
    try {
      const reference = await runPythonJson<Reference>(path.join(repoRoot, 'test', 'conformance', 'py', 'table_reference.py'), [folder], {}, folder);
      for (const { file, delimiter, rows } of reference.delimited) {
        const text = readFileSync(file, 'utf8');
        // Python reads a missing value and a quoted empty string alike as ''.
        assert.deepEqual(parseDelimitedRows(text, delimiter).map((r) => r.map((c) => c ?? '')), rows, path.basename(file));
        const table = parseDelimitedTable(text, delimiter);
        assert.deepEqual(table.columns, rows[0]);
        assert.equal(table.rows.length, rows.length - 1);
      }
      const logged = parseMlflowTable(readFileSync(reference.logged.file, 'utf8'));
      assert.deepEqual(logged.columns, reference.logged.columns);
      logged.columns.forEach((column, i) => {
        const summary = summarizeColumn(logged.rows.map((r) => r[i]));
        assert.equal(summary.nulls, reference.logged.nulls[column], `${column} nulls`);
        const numeric = reference.logged.numeric[column];
        if (numeric) {
          assert.equal(summary.type, 'number', column);
          // pandas' JSON reader parses floats with its own, slightly imprecise routine (0.95 → 0.9500000000000001).
          [summary.min, summary.max, summary.mean].forEach((value, k) => assert.ok(Math.abs((value ?? Number.NaN) - numeric[k]) < 1e-12, `${column} ${['min', 'max', 'mean'][k]}: ${value} vs ${numeric[k]}`));
        } else {
          assert.deepEqual(Object.fromEntries((summary.top ?? []).map((t) => [t.value, t.count])), reference.logged.top[column], `${column} top values`);
        }
      });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test('missing versus empty, ragged rows, a BOM, and refusals', () => {
    assert.deepEqual(parseDelimitedRows('a,"",\n'), [['a', '', null]]);
    assert.deepEqual(parseDelimitedTable('\uFEFFx,y\n1\n2,3,4\n'), { columns: ['x', 'y', 'column 3'], rows: [['1', null, null], ['2', '3', '4']] });
    assert.throws(() => parseDelimitedRows('a,"open\n'), /inside a quoted field/u);
    assert.throws(() => parseMlflowTable('{"metrics": {}}'), /not a table/u);
    assert.deepEqual(summarizeColumn([true, false, true, null]), { type: 'boolean', count: 4, nulls: 1, top: [{ value: 'true', count: 2 }, { value: 'false', count: 1 }] });
    assert.equal(summarizeColumn(['1', 'x']).type, 'mixed');
    assert.equal(summarizeColumn([null, null]).type, 'empty');
  });
});
