// The runs an experiment's charts show: the first N of the Experiments view's listing (filter,
// order, deleted runs) and the count of that listing, on a real SQLite store; and the chart
// footer's wording.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { MAX_CHARTED_RUNS } from '../../src/shared/chartsProtocol.ts';
import { openSqliteStore, type SqliteStores } from '../../src/store/sqlite/openSqliteStore.ts';
import { clampRunLimit, experimentRunIds, experimentRunSource } from '../../src/vscode/charts/experimentRuns.ts';
import { countOf, pointsNote } from '../../src/webview/charts/format.ts';
import { fillRuns, SEARCH_FILTER, SEARCH_ORDER_BY } from '../support/fillRuns.ts';

describe('experiment runs for charts', () => {
  let dir: string;
  let stores: SqliteStores;
  let sweep: string;
  let big: string;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-chart-runs-'));
    const file = path.join(dir, 'mlflow.db');
    stores = openSqliteStore(file);
    sweep = await stores.tracking.createExperiment('sweep-300');
    big = await stores.tracking.createExperiment('sweep-6000');
    fillRuns(file, sweep, 300);
    fillRuns(file, big, 6543);
  });

  after(() => {
    stores?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Every run of the listing, in its order, straight from the store. */
  async function everyRun(experimentId: string, filter?: string, orderBy?: string): Promise<string[]> {
    const ids: string[] = [];
    let pageToken: string | undefined;
    do {
      const page = await stores.tracking.searchRuns({ experimentIds: [experimentId], filter, orderBy: orderBy ? [orderBy] : undefined, maxResults: 1000, pageToken });
      ids.push(...page.items.map((r) => r.info.runId));
      pageToken = page.nextPageToken;
    } while (pageToken);
    return ids;
  }

  test('the first N runs of the filtered, sorted listing and its count', async () => {
    const all = await everyRun(sweep, SEARCH_FILTER, SEARCH_ORDER_BY);
    assert.ok(all.length > 20 && all.length < 300, `${all.length} runs pass the filter`);
    const source = experimentRunSource([sweep], { filter: SEARCH_FILTER, orderBy: SEARCH_ORDER_BY, showDeleted: false }, 10);
    const listed = await experimentRunIds(stores.tracking, source);
    assert.deepEqual(listed.runIds, all.slice(0, 10));
    assert.equal(listed.total, all.length);

    const unfiltered = await experimentRunIds(stores.tracking, experimentRunSource([sweep], { showDeleted: false }, 25));
    assert.deepEqual(unfiltered.runIds, (await everyRun(sweep)).slice(0, 25));
    assert.equal(unfiltered.total, 300);
  });

  test('deleted runs count only when the view shows them', async () => {
    const [first] = await everyRun(sweep);
    await stores.tracking.deleteRun(first);
    try {
      assert.equal((await experimentRunIds(stores.tracking, experimentRunSource([sweep], { showDeleted: false }, 5))).total, 299);
      const withDeleted = await experimentRunIds(stores.tracking, experimentRunSource([sweep], { showDeleted: true }, 5));
      assert.equal(withDeleted.total, 300);
      assert.ok(withDeleted.runIds.includes(first));
    } finally {
      await stores.tracking.restoreRun(first);
    }
  });

  test('thousands of runs are counted exactly', async () => {
    const listed = await experimentRunIds(stores.tracking, experimentRunSource([big], { showDeleted: false }, 10));
    assert.deepEqual(listed.runIds, (await everyRun(big)).slice(0, 10));
    assert.equal(listed.total, 6543);
  });

  test('run counts: within 1..MAX_CHARTED_RUNS, a clear error below', () => {
    assert.equal(clampRunLimit(25), 25);
    assert.equal(clampRunLimit(MAX_CHARTED_RUNS + 50), MAX_CHARTED_RUNS);
    assert.throws(() => clampRunLimit(0), /at least 1 \(got 0\)/u);
    assert.throws(() => clampRunLimit(Number.NaN), /at least 1/u);
  });
});

describe('chart footer', () => {
  test('says point or points as the count asks', () => {
    assert.equal(countOf(1, 'point'), '1 point');
    assert.equal(countOf(2439, 'point'), '2,439 points');
    assert.equal(pointsNote({ series: 1, points: 1, buckets: 1, sampled: false, bars: false }), '1 point');
    assert.equal(pointsNote({ series: 2, points: 16, buckets: 16, sampled: false, bars: false }), '16 points');
  });

  test('names the buckets when points share them, and bar charts by run', () => {
    assert.equal(pointsNote({ series: 1, points: 1_000_000, buckets: 1200, sampled: false, bars: false }), "1,000,000 points in 1,200 buckets (bars show each bucket's min–max)");
    assert.equal(pointsNote({ series: 3, points: 3, buckets: 3, sampled: true, bars: true }), '3 runs, at most one value each · sampled by the tracking server');
    assert.equal(pointsNote({ series: 0, points: 0, buckets: 0, sampled: false, bars: false }), 'No points.');
  });
});
