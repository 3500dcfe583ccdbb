// RunLens leaves the journal mode of the user's database as the real mlflow made it: a store in
// mlflow's `delete` mode stays there after RunLens opens, reads and writes it (no -wal/-shm files
// appear), and writes stay correct while mlflow writes the same file from another process.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { journalMode, openDatabase } from '../../src/store/sqlite/driver.ts';
import { openSqliteStore } from '../../src/store/sqlite/openSqliteStore.ts';
import { openStore } from '../../src/store/openStore.ts';
import { repoRoot, runPythonJson } from '../support/python.ts';

const script = path.join(repoRoot, 'test', 'conformance', 'py', 'journal_mode.py');

interface Report {
  journal_mode: string;
  run_id?: string;
  runs?: Record<string, { metrics: Record<string, number>; params: Record<string, string> }>;
}

const sidecars = (file: string) => ['-wal', '-shm', '-journal'].map((suffix) => `${file}${suffix}`).filter((f) => existsSync(f)).map((f) => path.basename(f));

describe('journal mode of a database the real mlflow made', () => {
  let dir: string;
  let file: string;
  let mlflowRunId: string;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-journal-'));
    file = path.join(dir, 'mlflow.db');
    const made = await runPythonJson<Report>(script, ['create', file], {}, dir);
    assert.equal(made.journal_mode, 'delete', 'mlflow 3.18 leaves its database in rollback-journal (delete) mode');
    mlflowRunId = made.run_id as string;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('stays delete after RunLens opens, reads and writes it, and leaves no -wal file', async () => {
    const stores = openSqliteStore(file);
    try {
      assert.equal((await stores.tracking.getRun(mlflowRunId)).info.runName, 'made-by-mlflow');
      const run = await stores.tracking.createRun({ experimentId: '0', runName: 'made-by-runlens', startTime: Date.now() });
      await stores.tracking.logBatch(run.info.runId, {
        metrics: Array.from({ length: 50 }, (_, step) => ({ key: 'loss', value: 1 / (step + 1), timestamp: Date.now(), step })),
        params: [{ key: 'lr', value: '0.01' }],
      });
      assert.deepEqual(sidecars(file), [], 'no WAL files while RunLens holds the database open');
    } finally {
      stores.close();
    }
    assert.deepEqual(sidecars(file), []);
    const read = await runPythonJson<Report>(script, ['read', file], {}, dir);
    assert.equal(read.journal_mode, 'delete');
    assert.deepEqual(read.runs?.['made-by-runlens'], { metrics: { loss: 50 }, params: { lr: '0.01' } });
  });

  test('the extension\'s store path (openStore) keeps it delete too', async () => {
    const store = await openStore(`sqlite:///${file}`, dir);
    try {
      await store.tracking.searchRuns({ experimentIds: ['0'], maxResults: 10 });
    } finally {
      store.close();
    }
    assert.equal((await runPythonJson<Report>(script, ['read', file], {}, dir)).journal_mode, 'delete');
    assert.deepEqual(sidecars(file), []);
  });

  test('RunLens and mlflow writing the same delete-mode file at once lose nothing', async () => {
    const stores = openSqliteStore(file);
    try {
      const ours = await stores.tracking.createRun({ experimentId: '0', runName: 'concurrent-runlens', startTime: Date.now() });
      const theirs = await stores.tracking.createRun({ experimentId: '0', runName: 'concurrent-mlflow', startTime: Date.now() });
      const python = runPythonJson<Report>(script, ['log', file, theirs.info.runId, '300'], {}, dir);
      let pythonDone = false;
      void python.finally(() => (pythonDone = true));
      // Keep writing while mlflow writes, yielding so its process gets the lock between our batches.
      let step = 0;
      while (!pythonDone || step < 300) {
        await stores.tracking.logBatch(ours.info.runId, { metrics: [{ key: 'loss', value: step, timestamp: Date.now(), step }] });
        step += 1;
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      await python;
      const read = await runPythonJson<Report>(script, ['read', file], {}, dir);
      assert.equal(read.runs?.['concurrent-mlflow']?.metrics.python_loss, 300);
      assert.equal(read.runs?.['concurrent-runlens']?.metrics.loss, step);
      assert.equal(read.journal_mode, 'delete');
    } finally {
      stores.close();
    }
  });

  test('a database mlflow users switched to WAL stays WAL', async () => {
    const walFile = path.join(dir, 'wal.db');
    await runPythonJson<Report>(script, ['create', walFile], {}, dir);
    const raw = openDatabase(walFile);
    raw.pragma('journal_mode = WAL');
    raw.close();
    const stores = openSqliteStore(walFile);
    stores.close();
    assert.equal((await runPythonJson<Report>(script, ['read', walFile], {}, dir)).journal_mode, 'wal');
  });

  test('a new database gets WAL by default (runlens server) and delete when asked (the extension)', () => {
    const served = path.join(dir, 'served.db');
    openSqliteStore(served).close();
    const mine = path.join(dir, 'mine.db');
    openSqliteStore(mine, { newDatabaseJournal: 'delete' }).close();
    for (const [db, mode] of [[served, 'wal'], [mine, 'delete']] as const) {
      const raw = openDatabase(db, { readonly: true });
      try {
        assert.equal(journalMode(raw), mode, path.basename(db));
      } finally {
        raw.close();
      }
    }
    assert.deepEqual(sidecars(mine), []);
  });
});
