// The runs table's pure parts and its random access into a real SQLite store.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ComparedRun } from '../../src/shared/compareProtocol.ts';
import { csvLine } from '../../src/shared/csv.ts';
import { availableColumns, cellValue, groupRuns, orderByTerm } from '../../src/shared/runsTableColumns.ts';
import { openSqliteStore } from '../../src/store/sqlite/openSqliteStore.ts';
import { toComparedRun } from '../../src/describe/comparedRuns.ts';
import { allRuns, countRuns, fetchRows, groupAllRuns, runsCsv, searchQuery } from '../../src/vscode/runsTable/runsTableData.ts';
import { fillRuns } from '../support/fillRuns.ts';

function run(runId: string, params: Record<string, string>, metrics: Record<string, number>): ComparedRun {
  return { runId, name: runId, experimentName: 'e', status: 'FINISHED', startTime: 1000, endTime: 3500, user: 'u', params, metrics, tags: { team: 'x' } };
}

describe('CSV', () => {
  test('quotes what needs quoting and defuses formulas', () => {
    assert.equal(csvLine(['plain', 'a,b', 'say "hi"', 'two\nlines', 3.5, undefined, Number.NaN]), 'plain,"a,b","say ""hi""","two\nlines",3.5,,NaN');
    assert.equal(csvLine(['=SUM(A1)', '-1', '@x']), "'=SUM(A1),'-1,'@x");
    assert.equal(csvLine([-1]), '-1');
  });
});

describe('runs table columns', () => {
  const runs = [run('a', { lr: '0.1' }, { loss: 1 }), run('b', { lr: '0.1', depth: '3' }, { loss: 3, acc: 0.5 }), run('c', { lr: '0.2' }, { loss: 2 })];

  test('columns: attributes, then metrics, params and tags by key', () => {
    assert.deepEqual(availableColumns(runs).slice(5), ['metrics.acc', 'metrics.loss', 'params.depth', 'params.lr', 'tags.team']);
  });

  test('cells and sort terms', () => {
    assert.equal(cellValue(runs[1], 'params.depth'), '3');
    assert.equal(cellValue(runs[0], 'params.depth'), undefined);
    assert.equal(cellValue(runs[0], 'attributes.duration'), 2.5);
    assert.equal(orderByTerm('metrics.val loss', true), 'metrics.`val loss` ASC');
    assert.equal(orderByTerm('attributes.start_time', false), 'attributes.start_time DESC');
  });

  test('group by a param: count and min/mean/max per metric', () => {
    const groups = groupRuns(runs, 'lr');
    assert.deepEqual(groups.map((g) => [g.value, g.count]), [['0.1', 2], ['0.2', 1]]);
    assert.deepEqual(groups[0].metrics.loss, { min: 1, mean: 2, max: 3 });
    assert.deepEqual(groups[0].metrics.acc, { min: 0.5, mean: 0.5, max: 0.5 });
    assert.deepEqual(groupRuns(runs, 'depth').map((g) => g.value), ['(none)', '3']);
  });
});

describe('runs table data over a real store', () => {
  let dir: string;
  let stores: ReturnType<typeof openSqliteStore>;
  let experimentId: string;
  const RUNS = 2345;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-runs-table-'));
    const file = path.join(dir, 'mlflow.db');
    const setup = openSqliteStore(file);
    experimentId = await setup.tracking.createExperiment('table');
    setup.close();
    fillRuns(file, experimentId, RUNS);
    stores = openSqliteStore(file);
  });
  after(() => {
    stores.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('counts all runs and the runs a filter matches', async () => {
    assert.equal(await countRuns(stores.tracking, searchQuery(experimentId, {})), RUNS);
    const adam = await allRuns(stores.tracking, searchQuery(experimentId, { filter: "params.optimizer = 'adam'" }));
    assert.equal(await countRuns(stores.tracking, searchQuery(experimentId, { filter: "params.optimizer = 'adam'" })), adam.length);
    assert.equal(await countRuns(stores.tracking, searchQuery(experimentId, { filter: "params.optimizer = 'none'" })), 0);
  });

  test('any row range is the same slice a full listing gives, in the chosen order', async () => {
    const query = searchQuery(experimentId, { sortColumn: 'metrics.loss', ascending: true });
    const all = await allRuns(stores.tracking, query);
    const slice = await fetchRows(stores.tracking, query, 1500, 100, 'table');
    assert.deepEqual(slice.map((r) => r.runId), all.slice(1500, 1600).map((r) => r.info.runId));
    const losses = all.map((r) => r.data.metrics.find((m) => m.key === 'loss')?.value ?? 0);
    assert.deepEqual(losses, [...losses].sort((a, b) => a - b));
    const tail = await fetchRows(stores.tracking, query, RUNS - 5, 100, 'table');
    assert.equal(tail.length, 5);
  });

  test('group-by and CSV streamed page by page equal the same computed over every run at once', async () => {
    const query = searchQuery(experimentId, { sortColumn: 'metrics.loss', ascending: true });
    const compared = (await allRuns(stores.tracking, query)).map((r) => toComparedRun(r, 'table'));
    assert.deepEqual(await groupAllRuns(stores.tracking, query, 'table', 'optimizer'), groupRuns(compared, 'optimizer'));
    const columns = ['run_id', ...availableColumns(compared)];
    const expected = [csvLine(columns), ...compared.map((r) => csvLine(columns.map((c) => (c === 'run_id' ? r.runId : cellValue(r, c)))))].join('\n');
    const pages: number[] = [];
    const csv = await runsCsv(stores.tracking, query, 'table', undefined, (n) => pages.push(n));
    assert.equal(csv.rows, RUNS);
    assert.equal(csv.text, `${expected}\n`);
    assert.deepEqual(pages, [1000, 2000, RUNS], 'one progress report per page');
    await assert.rejects(runsCsv(stores.tracking, query, 'table', AbortSignal.abort()), { name: 'AbortError' });
  });
});
