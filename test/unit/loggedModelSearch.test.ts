// Logged-model search filters as mlflow 3.18's SQL store reads them (the hostile corpus measured
// the differences: a dangling AND, backticked keys, LIKE on params and names).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { MlflowError } from '../../src/shared/errors.ts';
import { parseLoggedModelFilter } from '../../src/store/search/loggedModelSearch.ts';
import { openSqliteStore, type SqliteStores } from '../../src/store/sqlite/openSqliteStore.ts';

const invalid = (e: unknown) => e instanceof MlflowError && e.code === 'INVALID_PARAMETER_VALUE';

describe('logged-model filter grammar', () => {
  test('AND only separates: a dangling or leading AND is taken', () => {
    assert.deepEqual(parseLoggedModelFilter("name = 'x' AND"), [{ entity: 'attribute', key: 'name', op: '=', value: 'x' }]);
    assert.equal(parseLoggedModelFilter("AND params.p = 'x' and tags.t != 'y'").length, 2);
  });

  test('entities, backticked keys, aliases and operators', () => {
    assert.deepEqual(parseLoggedModelFilter("tags.`a b` = 'x'"), [{ entity: 'tag', key: 'a b', op: '=', value: 'x' }]);
    assert.deepEqual(parseLoggedModelFilter('metrics.acc >= 0.5 AND creation_time > 10'), [
      { entity: 'metric', key: 'acc', op: '>=', value: 0.5 }, { entity: 'attribute', key: 'creation_timestamp_ms', op: '>', value: 10 }]);
    assert.deepEqual(parseLoggedModelFilter("params.p like '%\\'")[0], { entity: 'param', key: 'p', op: 'LIKE', value: '%\\' });
    assert.deepEqual(parseLoggedModelFilter("model_type NOT IN ('a', 'b')")[0], { entity: 'attribute', key: 'model_type', op: 'NOT IN', value: ['a', 'b'] });
  });

  test('refused: OR, parentheses, unknown entities and attributes, wrong operators, text for numbers', () => {
    for (const filter of ["name = 'x' OR name = 'y'", "(name = 'x')", "runs.x = 'a'", "bogus = 'x'", 'metrics.m LIKE 1', "params.p > 'a'", "metrics.m = 'x'", 'name =', "name IN 'x'"]) {
      assert.throws(() => parseLoggedModelFilter(filter), invalid, filter);
    }
  });
});

describe('logged-model search in the SQLite store', () => {
  let dir: string;
  let stores: SqliteStores;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-logged-models-'));
    stores = openSqliteStore(path.join(dir, 'mlflow.db'), { defaultArtifactRoot: path.join(dir, 'mlruns') });
  });
  after(() => {
    stores.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('filters on params, tags, LIKE and status; tokens page only their own search', async () => {
    const experimentId = await stores.tracking.createExperiment('logged-model-search');
    const a = await stores.tracking.createLoggedModel({ experimentId, name: 'Alpha', params: [{ key: 'lr', value: '0.1' }], tags: [{ key: 'team', value: 'x y' }] });
    const b = await stores.tracking.createLoggedModel({ experimentId, name: 'alpha-2', params: [{ key: 'lr', value: '0.2' }] });
    await stores.tracking.finalizeLoggedModel(b.modelId, 'LOGGED_MODEL_READY');
    const ids = async (filter: string) => (await stores.tracking.searchLoggedModels({ experimentIds: [experimentId], filter })).items.map((m) => m.modelId).sort();
    assert.deepEqual(await ids("params.lr = '0.1' AND"), [a.modelId]);
    assert.deepEqual(await ids("tags.`team` = 'x y'"), [a.modelId]);
    assert.deepEqual(await ids("name LIKE 'alpha%'"), [b.modelId], 'LIKE is case-sensitive');
    assert.deepEqual(await ids("name ILIKE 'alpha%'"), [a.modelId, b.modelId].sort());
    assert.deepEqual(await ids("name LIKE '%\\'"), []);
    assert.deepEqual(await ids("status = 'LOGGED_MODEL_READY'"), [b.modelId]);
    assert.deepEqual(await ids(`model_id IN ('${a.modelId}', 'other')`), [a.modelId]);

    const first = await stores.tracking.searchLoggedModels({ experimentIds: [experimentId], maxResults: 1 });
    assert.ok(first.nextPageToken);
    const second = await stores.tracking.searchLoggedModels({ experimentIds: [experimentId], maxResults: 1, pageToken: first.nextPageToken });
    assert.equal(second.items.length, 1);
    assert.notEqual(second.items[0].modelId, first.items[0].modelId);
    await assert.rejects(stores.tracking.searchLoggedModels({ experimentIds: [experimentId], filter: "name = 'x'", pageToken: first.nextPageToken }), invalid);
  });

  test('names holding / : . % or quotes are refused, as mlflow\'s _validate_logged_model_name does', async () => {
    const experimentId = await stores.tracking.createExperiment('logged-model-names');
    for (const name of ['a/b', 'a:b', 'v1.0', '100%', 'it\'s', 'say "x"']) {
      await assert.rejects(stores.tracking.createLoggedModel({ experimentId, name }), invalid, name);
    }
    assert.equal((await stores.tracking.createLoggedModel({ experimentId, name: 'fine-name_2' })).name, 'fine-name_2');
  });

  test('order_by: attributes with nulls last, metrics by their latest value; unknown fields are refused', async () => {
    const experimentId = await stores.tracking.createExperiment('logged-model-order');
    const b = await stores.tracking.createLoggedModel({ experimentId, name: 'b', modelType: 'x' });
    const a = await stores.tracking.createLoggedModel({ experimentId, name: 'a' });
    const names = async (orderBy: { field_name: string; ascending?: boolean }[]) =>
      (await stores.tracking.searchLoggedModels({ experimentIds: [experimentId], orderBy })).items.map((m) => m.name);
    assert.deepEqual(await names([{ field_name: 'name' }]), ['a', 'b']);
    assert.deepEqual(await names([{ field_name: 'name', ascending: false }]), ['b', 'a']);
    assert.deepEqual(await names([{ field_name: 'model_type', ascending: false }]), ['b', 'a'], 'a null model type sorts last');
    assert.deepEqual(await names([{ field_name: 'metrics.none' }]).then((n) => n.length), 2);
    for (const field_name of ['bogus', 'name; DROP TABLE runs', 'params.lr']) {
      await assert.rejects(stores.tracking.searchLoggedModels({ experimentIds: [experimentId], orderBy: [{ field_name }] }), invalid, field_name);
    }
    const first = await stores.tracking.searchLoggedModels({ experimentIds: [experimentId], maxResults: 1, orderBy: [{ field_name: 'name' }] });
    assert.deepEqual(first.items.map((m) => m.modelId), [a.modelId]);
    const second = await stores.tracking.searchLoggedModels({ experimentIds: [experimentId], maxResults: 1, orderBy: [{ field_name: 'name' }], pageToken: first.nextPageToken });
    assert.deepEqual(second.items.map((m) => m.modelId), [b.modelId]);
    await assert.rejects(stores.tracking.searchLoggedModels({ experimentIds: [experimentId], maxResults: 1, pageToken: first.nextPageToken }), invalid, 'a token pages only its own order');
  });
});
