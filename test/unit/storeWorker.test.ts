// The SQLite store in its worker thread: calls and errors cross intact, cancelling stops the
// worker's own loop, another process's write lock stalls neither this thread nor reads, and
// close() keeps every write already sent.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { MlflowError } from '../../src/shared/errors.ts';
import { openSqliteStore } from '../../src/store/sqlite/openSqliteStore.ts';
import { openWorkerStores, type WorkerStores } from '../../src/store/worker/workerStores.ts';
import { holdWriteLock } from '../support/foreignLock.ts';
import { repoRoot } from '../support/python.ts';

const POINTS = 600_000;

describe('store worker', () => {
  let dir: string;
  let file: string;
  let runId: string;
  let experimentId: string;
  let stores: WorkerStores;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-store-worker-'));
    file = path.join(dir, 'mlflow.db');
    const setup = openSqliteStore(file);
    experimentId = await setup.tracking.createExperiment('worker');
    runId = (await setup.tracking.createRun({ experimentId, runName: 'long' })).info.runId;
    setup.close();
    // A long history written directly: the point is reading it, not logging it.
    const db = new Database(file);
    const insert = db.prepare('INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES (?, ?, ?, ?, ?, 0)');
    db.transaction(() => {
      for (let i = 0; i < POINTS; i++) insert.run('loss', Math.sin(i), i, runId, i);
    })();
    db.close();
    stores = await openWorkerStores(file, { lockWaitMs: 1000 });
  });

  after(async () => {
    await stores.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('answers and errors cross the thread: MlflowError keeps its code', async () => {
    assert.equal((await stores.tracking.getExperiment(experimentId)).name, 'worker');
    await assert.rejects(stores.tracking.getExperiment('424242'), (error: unknown) => error instanceof MlflowError && error.code === 'RESOURCE_DOES_NOT_EXIST');
    await assert.rejects(stores.tracking.createExperiment(''), (error: unknown) => error instanceof MlflowError && error.code === 'INVALID_PARAMETER_VALUE');
    assert.equal(stores.tracking.readOnly, false);
    // A store proxy is not a thenable: awaiting it must not turn into a call named `then`.
    assert.equal(await Promise.resolve(stores.tracking), stores.tracking);
  });

  test('cancelling a long read stops it inside the worker: the next call does not wait for the whole read', async () => {
    const fullStart = performance.now();
    const full = await stores.tracking.getMetricHistory(runId, 'loss');
    const fullMs = performance.now() - fullStart;
    assert.equal(full.items.length, POINTS);

    const controller = new AbortController();
    const cancelled = stores.tracking.getMetricHistory(runId, 'loss', undefined, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await assert.rejects(cancelled, { name: 'AbortError' });
    const nextStart = performance.now();
    await stores.tracking.getExperiment(experimentId);
    const nextMs = performance.now() - nextStart;
    // Had the worker kept reading, the next call would queue behind the rest of the full read.
    assert.ok(nextMs < fullMs / 2, `the call after a cancelled ${fullMs.toFixed(0)} ms read waited ${nextMs.toFixed(0)} ms`);
    await assert.rejects(stores.tracking.getRun(runId, { signal: AbortSignal.abort() }), { name: 'AbortError' });
  });

  test('a history as columns crosses as buffers and equals the history as points, from any offset', async () => {
    const run = await stores.tracking.createRun({ experimentId, runName: 'columns' });
    const points = [1, Number.NaN, Number.POSITIVE_INFINITY, -2.5].map((value, step) => ({ key: 'c', value, timestamp: 100 + step, step }));
    await stores.tracking.logBatch(run.info.runId, { metrics: points });
    const history = (await stores.tracking.getMetricHistory(run.info.runId, 'c')).items;
    const columns = await stores.tracking.getMetricHistoryColumns?.(run.info.runId, 'c', 0);
    assert.ok(columns, 'the worker store offers columns');
    assert.ok(columns.values instanceof Float64Array);
    assert.deepEqual([...columns.values], history.map((p) => p.value));
    assert.deepEqual([...columns.steps], history.map((p) => p.step));
    assert.deepEqual([...columns.timestamps], history.map((p) => p.timestamp));
    const tail = await stores.tracking.getMetricHistoryColumns?.(run.info.runId, 'c', 2);
    assert.deepEqual([...(tail?.steps ?? [])], [2, 3]);
    await assert.rejects(stores.tracking.getMetricHistoryColumns?.(run.info.runId, 'c', -1) ?? Promise.resolve(), (error: unknown) => error instanceof MlflowError && error.code === 'INVALID_PARAMETER_VALUE');
  });

  test('another process holding the write lock: reads answer at once, this thread never stalls, writes answer TEMPORARILY_UNAVAILABLE', async () => {
    const lock = await holdWriteLock(file, 10_000, repoRoot);
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    try {
      const write = stores.tracking.setExperimentTag(experimentId, { key: 'k', value: 'v' }).then(() => undefined, (error: unknown) => error);
      const readStart = performance.now();
      await stores.tracking.getRun(runId);
      await stores.tracking.searchRuns({ experimentIds: [experimentId] });
      const readMs = performance.now() - readStart;
      assert.ok(readMs < 100, `reads took ${readMs.toFixed(0)} ms while a write waited for the lock`);
      const error = await write;
      assert.ok(error instanceof MlflowError && error.code === 'TEMPORARILY_UNAVAILABLE', `the locked write answered ${String(error)}`);
      assert.match(error.message, /locked by another process/u);
      const maxStallMs = delay.max / 1e6;
      assert.ok(maxStallMs < 50, `this thread stalled ${maxStallMs.toFixed(0)} ms while the database was locked`);
    } finally {
      delay.disable();
      await lock.release();
    }
    await stores.tracking.setExperimentTag(experimentId, { key: 'k', value: 'after' });
    assert.equal((await stores.tracking.getExperiment(experimentId)).tags.find((t) => t.key === 'k')?.value, 'after');
  });

  test('a write waiting for a released lock goes through', async () => {
    const lock = await holdWriteLock(file, 300, repoRoot);
    await stores.tracking.setExperimentTag(experimentId, { key: 'waited', value: 'yes' });
    await lock.released;
    assert.equal((await stores.tracking.getExperiment(experimentId)).tags.find((t) => t.key === 'waited')?.value, 'yes');
  });

  test('close() finishes every write already sent', async () => {
    const own = await openWorkerStores(file);
    const run = await own.tracking.createRun({ experimentId, runName: 'closing' });
    const sent = Array.from({ length: 50 }, (_, i) => own.tracking.logMetric(run.info.runId, { key: 'm', value: i, timestamp: i, step: i }));
    await own.close();
    await Promise.all(sent);
    const history = await stores.tracking.getMetricHistory(run.info.runId, 'm');
    assert.equal(history.items.length, 50);
    await assert.rejects(own.tracking.getRun(run.info.runId), (error: unknown) => error instanceof MlflowError && error.code === 'INVALID_STATE');
  });
});
