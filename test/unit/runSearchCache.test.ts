// The in-memory answer for repeated searches over large experiments must equal the SQL answer,
// and must never be stale after a write by us or by another process.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseRunFilter, parseRunOrderBy } from '../../src/store/search/runSearch.ts';
import { openDatabase } from '../../src/store/sqlite/driver.ts';
import { openSqliteStore, type SqliteStores } from '../../src/store/sqlite/openSqliteStore.ts';
import { CACHE_MIN_RUNS } from '../../src/store/sqlite/runSearchCache.ts';
import { compileRunSearch } from '../../src/store/sqlite/searchSql.ts';
import { fillRuns } from '../support/fillRuns.ts';

const CASES: [string, string[]][] = [
  ["metrics.accuracy > 0.5 AND params.optimizer = 'adam'", ['metrics.loss ASC']],
  ["params.lr != '0.01'", ['metrics.f1 DESC', 'params.batch_size ASC']],
  ["tags.team = 'nlp' AND metrics.loss <= 0.4", []],
  ["attributes.run_name LIKE 'bench-run-1%'", ['params.batch_size DESC', 'metrics.accuracy ASC']],
  ["params.optimizer != 'sgd' AND tags.team ILIKE 'VIS%'", ['start_time ASC']],
  ['metrics.missing > 0', []],
  ['', ['metrics.missing DESC', 'tags.team ASC']],
];

describe('run search cache', () => {
  let dir: string;
  let file: string;
  let stores: SqliteStores;
  let experimentId: string;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-cache-'));
    file = path.join(dir, 'mlflow.db');
    stores = openSqliteStore(file);
    experimentId = await stores.tracking.createExperiment('large');
    fillRuns(file, experimentId, CACHE_MIN_RUNS + 500);
  });
  after(() => {
    stores.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function sqlAnswer(filter: string, orderBy: string[], offset = 0, limit = 50): string[] {
    const query = compileRunSearch({ experimentIds: [experimentId], clauses: parseRunFilter(filter), orderBy: parseRunOrderBy(orderBy), viewType: 'ACTIVE_ONLY', offset, limit });
    const db = openDatabase(file, { readonly: true });
    try {
      return (db.prepare(query.sql).all(...query.params) as { run_uuid: string }[]).map((r) => r.run_uuid);
    } finally {
      db.close();
    }
  }

  async function storeAnswer(filter: string, orderBy: string[], pageToken?: string) {
    return stores.tracking.searchRuns({ experimentIds: [experimentId], filter, orderBy, maxResults: 50, pageToken });
  }

  test('repeated searches (answered from memory) equal the SQL answer, page by page', async () => {
    for (const [filter, orderBy] of CASES) {
      for (let ask = 0; ask < 3; ask++) {
        const first = await storeAnswer(filter, orderBy);
        assert.deepEqual(first.items.map((r) => r.info.runId), sqlAnswer(filter, orderBy), `${filter} ${orderBy} (ask ${ask})`);
        if (first.nextPageToken) {
          const second = await storeAnswer(filter, orderBy, first.nextPageToken);
          assert.deepEqual(second.items.map((r) => r.info.runId), sqlAnswer(filter, orderBy, 50), `${filter} ${orderBy} page 2`);
        }
      }
    }
  });

  test('a write through the store is seen by the next search', async () => {
    const filter = 'metrics.accuracy >= 0';
    const orderBy = ['metrics.accuracy DESC'];
    await storeAnswer(filter, orderBy);
    const before = await storeAnswer(filter, orderBy);
    const last = before.items[before.items.length - 1].info.runId;
    await stores.tracking.logMetric(last, { key: 'accuracy', value: 2, timestamp: Date.now() + 1000, step: 1 });
    const after = await storeAnswer(filter, orderBy);
    assert.equal(after.items[0].info.runId, last);
    assert.deepEqual(after.items.map((r) => r.info.runId), sqlAnswer(filter, orderBy));
  });

  test('a write by another connection is seen by the next search', async () => {
    const filter = "params.optimizer = 'adam'";
    const orderBy = ['metrics.f1 ASC'];
    await storeAnswer(filter, orderBy);
    const before = await storeAnswer(filter, orderBy);
    const target = before.items[10].info.runId;
    const other = openDatabase(file);
    try {
      other.prepare("UPDATE latest_metrics SET value = -1 WHERE key = 'f1' AND run_uuid = ?").run(target);
    } finally {
      other.close();
    }
    const after = await storeAnswer(filter, orderBy);
    assert.equal(after.items[0].info.runId, target);
  });
});
