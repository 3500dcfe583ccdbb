import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openDatabase } from '../../src/store/sqlite/driver.ts';
import { openSqliteStore, sqlitePathFromUri, type SqliteStores } from '../../src/store/sqlite/openSqliteStore.ts';
import { MAX_DOUBLE } from '../../src/store/sqlite/rows.ts';
import { rejectsWith } from '../support/assertions.ts';

describe('SQLite tracking store', () => {
  let dir: string;
  let file: string;
  let stores: SqliteStores;

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-sqlite-'));
    file = path.join(dir, 'mlflow.db');
    stores = openSqliteStore(file, { defaultArtifactRoot: path.join(dir, 'mlruns') });
  });
  after(() => {
    stores.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a new database has the Default experiment 0 under the artifact root', async () => {
    const experiment = await stores.tracking.getExperiment('0');
    assert.equal(experiment.name, 'Default');
    assert.equal(experiment.lifecycleStage, 'active');
    assert.equal(experiment.artifactLocation, path.join(dir, 'mlruns', '0'));
  });

  test('experiment names are unique and ids count up', async () => {
    const id = await stores.tracking.createExperiment('unique-name', undefined, [{ key: 'team', value: 'vision' }]);
    assert.equal(id, '1');
    const experiment = await stores.tracking.getExperimentByName('unique-name');
    assert.deepEqual(experiment?.tags, [{ key: 'team', value: 'vision' }]);
    await assert.rejects(stores.tracking.createExperiment('unique-name'), rejectsWith('RESOURCE_ALREADY_EXISTS', /unique-name/u));
    await assert.rejects(stores.tracking.createExperiment('  '), rejectsWith('INVALID_PARAMETER_VALUE', /experiment name/u));
    await assert.rejects(stores.tracking.getExperiment('999'), rejectsWith('RESOURCE_DOES_NOT_EXIST', /999/u));
  });

  test('runs get MLflow-style random names mirrored in the mlflow.runName tag', async () => {
    const run = await stores.tracking.createRun({ experimentId: '0', startTime: 1000 });
    assert.match(run.info.runName, /^[a-z]+-[a-z]+-\d{1,4}$/u);
    assert.ok(run.info.runName.length <= 20);
    assert.match(run.info.runId, /^[0-9a-f]{32}$/u);
    assert.equal(run.info.status, 'RUNNING');
    assert.equal(run.info.artifactUri, path.join(dir, 'mlruns', '0', run.info.runId, 'artifacts'));
    assert.deepEqual(run.data.tags, [{ key: 'mlflow.runName', value: run.info.runName }]);
    await stores.tracking.updateRun(run.info.runId, { runName: 'renamed', status: 'FINISHED', endTime: 2000 });
    const renamed = await stores.tracking.getRun(run.info.runId);
    assert.equal(renamed.info.runName, 'renamed');
    assert.equal(renamed.info.endTime, 2000);
    assert.deepEqual(renamed.data.tags.find((t) => t.key === 'mlflow.runName'), { key: 'mlflow.runName', value: 'renamed' });
  });

  test('a rejected batch writes nothing and names the bad field', async () => {
    const { info } = await stores.tracking.createRun({ experimentId: '0' });
    const metrics = [0, 1, 2, 3].map((i) => ({ key: 'loss', value: i === 3 ? ('bad' as unknown as number) : i, timestamp: 1, step: i }));
    await assert.rejects(
      stores.tracking.logBatch(info.runId, { metrics, params: [{ key: 'lr', value: '0.1' }], tags: [{ key: 't', value: 'v' }] }),
      rejectsWith('INVALID_PARAMETER_VALUE', /metrics\[3\]\.value/u),
    );
    await assert.rejects(
      stores.tracking.logBatch(info.runId, { params: [{ key: 'a/../b', value: '1' }] }),
      rejectsWith('INVALID_PARAMETER_VALUE', /params\[0\]\.key/u),
    );
    const run = await stores.tracking.getRun(info.runId);
    assert.deepEqual(run.data.metrics, []);
    assert.deepEqual(run.data.params, []);
    assert.equal(run.data.tags.some((t) => t.key === 't'), false);
  });

  test('params are immutable: same value accepted, a change rejected with nothing else written', async () => {
    const { info } = await stores.tracking.createRun({ experimentId: '0' });
    await stores.tracking.logParam(info.runId, { key: 'lr', value: '0.1' });
    await stores.tracking.logParam(info.runId, { key: 'lr', value: '0.1' });
    await assert.rejects(
      stores.tracking.logBatch(info.runId, { params: [{ key: 'lr', value: '0.2' }], metrics: [{ key: 'm', value: 1, timestamp: 1, step: 0 }] }),
      rejectsWith('INVALID_PARAMETER_VALUE', /lr/u),
    );
    const run = await stores.tracking.getRun(info.runId);
    assert.deepEqual(run.data.params, [{ key: 'lr', value: '0.1' }]);
    assert.deepEqual(run.data.metrics, []);
  });

  test('latest metric is the greatest (step, timestamp, value); NaN and inf stored as MLflow does', async () => {
    const { info } = await stores.tracking.createRun({ experimentId: '0' });
    await stores.tracking.logBatch(info.runId, {
      metrics: [
        { key: 'acc', value: 0.5, timestamp: 50, step: 2 },
        { key: 'acc', value: 0.9, timestamp: 10, step: 3 },
        { key: 'acc', value: 0.1, timestamp: 99, step: 1 },
        { key: 'nan', value: NaN, timestamp: 1, step: 0 },
        { key: 'inf', value: Infinity, timestamp: 1, step: 0 },
      ],
    });
    await stores.tracking.logMetric(info.runId, { key: 'acc', value: 0.2, timestamp: 5, step: 3 });
    const run = await stores.tracking.getRun(info.runId);
    const byKey = new Map(run.data.metrics.map((m) => [m.key, m]));
    assert.deepEqual(byKey.get('acc'), { key: 'acc', value: 0.9, timestamp: 10, step: 3 });
    assert.ok(Number.isNaN(byKey.get('nan')?.value));
    assert.equal(byKey.get('inf')?.value, MAX_DOUBLE);
    const raw = openDatabase(file, { readonly: true });
    try {
      assert.deepEqual(raw.prepare("SELECT value, is_nan FROM metrics WHERE run_uuid = ? AND key = 'nan'").get(info.runId), { value: 0, is_nan: 1 });
    } finally {
      raw.close();
    }
  });

  test('metric history pages in (timestamp, step, value) order', async () => {
    const { info } = await stores.tracking.createRun({ experimentId: '0' });
    const metrics = Array.from({ length: 25 }, (_, i) => ({ key: 'loss', value: 1 / (i + 1), timestamp: 1000 + i, step: i }));
    await stores.tracking.logBatch(info.runId, { metrics });
    const first = await stores.tracking.getMetricHistory(info.runId, 'loss', { maxResults: 10 });
    assert.equal(first.items.length, 10);
    assert.ok(first.nextPageToken);
    const second = await stores.tracking.getMetricHistory(info.runId, 'loss', { maxResults: 10, pageToken: first.nextPageToken });
    const third = await stores.tracking.getMetricHistory(info.runId, 'loss', { maxResults: 10, pageToken: second.nextPageToken });
    assert.equal(third.nextPageToken, undefined);
    assert.deepEqual([...first.items, ...second.items, ...third.items].map((m) => m.step), metrics.map((m) => m.step));
  });

  test('bulk interval sampling keeps the first and last points within max_results', async () => {
    const { info } = await stores.tracking.createRun({ experimentId: '0' });
    const metrics = Array.from({ length: 1000 }, (_, i) => ({ key: 'x', value: i, timestamp: i, step: i }));
    await stores.tracking.logBatch(info.runId, { metrics });
    const sampled = await stores.tracking.getMetricHistoryBulkInterval({ runIds: [info.runId], metricKey: 'x', maxResults: 7 });
    assert.equal(sampled.length, 7);
    assert.equal(sampled[0].step, 0);
    assert.equal(sampled[sampled.length - 1].step, 999);
    assert.ok(sampled.every((m) => m.runId === info.runId));
    const windowed = await stores.tracking.getMetricHistoryBulkInterval({ runIds: [info.runId], metricKey: 'x', maxResults: 5, startStep: 100, endStep: 200 });
    assert.equal(windowed[0].step, 100);
    assert.equal(windowed[windowed.length - 1].step, 200);
    await assert.rejects(stores.tracking.getMetricHistoryBulkInterval({ runIds: [info.runId], metricKey: 'x', maxResults: 2501 }), rejectsWith('INVALID_PARAMETER_VALUE', /max_results/u));
  });

  test('deleting an experiment deletes its runs; restoring brings them back', async () => {
    const id = await stores.tracking.createExperiment('to-delete');
    const { info } = await stores.tracking.createRun({ experimentId: id });
    await stores.tracking.deleteExperiment(id);
    assert.equal((await stores.tracking.getRun(info.runId)).info.lifecycleStage, 'deleted');
    await assert.rejects(stores.tracking.logMetric(info.runId, { key: 'm', value: 1, timestamp: 1, step: 0 }), rejectsWith('INVALID_PARAMETER_VALUE', /active/u));
    await stores.tracking.restoreExperiment(id);
    assert.equal((await stores.tracking.getRun(info.runId)).info.lifecycleStage, 'active');
  });

  test('sqlite URIs map to paths as MLflow reads them', () => {
    assert.equal(sqlitePathFromUri('sqlite:///mlflow.db'), 'mlflow.db');
    assert.equal(sqlitePathFromUri('sqlite:////abs/dir/mlflow.db'), '/abs/dir/mlflow.db');
  });
});

describe('a database from a newer MLflow', () => {
  test('opens read-only with a clear message and is left unchanged', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-newer-'));
    const file = path.join(dir, 'mlflow.db');
    try {
      openSqliteStore(file).close();
      const raw = openDatabase(file);
      raw.prepare("UPDATE alembic_version SET version_num = 'fffffffffff1'").run();
      raw.close();
      const stores = openSqliteStore(file);
      try {
        assert.match(stores.readOnlyReason ?? '', /newer MLflow.*fffffffffff1.*read-only/u);
        assert.equal(stores.tracking.readOnly, true);
        assert.equal((await stores.tracking.getExperiment('0')).name, 'Default');
        await assert.rejects(stores.tracking.createExperiment('nope'), rejectsWith('PERMISSION_DENIED', /read-only/u));
        assert.equal(await stores.tracking.getExperimentByName('nope'), undefined);
      } finally {
        stores.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
