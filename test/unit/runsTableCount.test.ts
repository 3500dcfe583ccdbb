// The runs table's answer to a query on a real SQLite store: a count, or an error tied to the
// query, so the page's "Counting runs…" always settles.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openSqliteStore } from '../../src/store/sqlite/openSqliteStore.ts';
import { countAnswer } from '../../src/vscode/runsTable/runsTableData.ts';
import { fillRuns } from '../support/fillRuns.ts';

describe('runs table count answer', () => {
  let dir: string;
  let file: string;
  let experimentId: string;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-table-count-'));
    file = path.join(dir, 'mlflow.db');
    const setup = openSqliteStore(file);
    experimentId = await setup.tracking.createExperiment('counted');
    setup.close();
    fillRuns(file, experimentId, 30);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a valid query is answered with its count', async () => {
    const stores = openSqliteStore(file);
    try {
      assert.deepEqual(await countAnswer(stores.tracking, experimentId, 7, {}), { type: 'count', queryId: 7, total: 30 });
    } finally {
      stores.close();
    }
  });

  test('an invalid filter is answered with an error for that query, naming the problem', async () => {
    const stores = openSqliteStore(file);
    try {
      const answer = await countAnswer(stores.tracking, experimentId, 8, { filter: 'metrics.loss >' });
      assert.equal(answer.type, 'error');
      assert.equal(answer.queryId, 8);
      assert.match(answer.type === 'error' ? answer.message : '', /^Invalid filter: /u);
    } finally {
      stores.close();
    }
  });

  test('a query the store fails is answered with an error for that query, not a rejection', async () => {
    const stores = openSqliteStore(file);
    stores.close();
    const answer = await countAnswer(stores.tracking, experimentId, 9, { filter: 'metrics.loss > 0' });
    assert.equal(answer.type, 'error');
    assert.equal(answer.queryId, 9);
  });
});
