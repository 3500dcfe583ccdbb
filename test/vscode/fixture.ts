// The workspace the real-VS-Code tests open: a temp folder whose mlflow.db is written through
// our own store, plus the experiment names the real mlflow reads back from it.
import { mkdtempSync, realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqliteStore } from '../../src/store/sqlite/openSqliteStore.ts';
import { repoRoot, runPythonJson } from '../support/python.ts';

export interface FixtureWorkspace {
  folder: string;
  /** Active experiment names as mlflow lists them, sorted. */
  experimentNames: string[];
}

const startTime = Date.UTC(2026, 0, 15, 9, 0, 0);

async function fillStore(dbFile: string): Promise<void> {
  const stores = openSqliteStore(dbFile);
  try {
    const { tracking } = stores;
    for (const [experiment, models] of [['iris-classifier', ['logreg', 'forest']], ['house-prices', ['ridge', 'lasso', 'gbm']]] as const) {
      const experimentId = await tracking.createExperiment(experiment, undefined, [{ key: 'team', value: 'vision' }]);
      for (const [index, model] of models.entries()) {
        const run = await tracking.createRun({ experimentId, runName: `${model}-run`, startTime: startTime + index * 60_000, tags: [{ key: 'model', value: model }] });
        const metrics = [0, 1, 2].map((step) => ({ key: 'loss', value: 1 / (step + index + 1), timestamp: startTime + step * 1000, step }));
        await tracking.logBatch(run.info.runId, {
          params: [{ key: 'model', value: model }, { key: 'seed', value: String(index) }],
          metrics: [...metrics, { key: 'accuracy', value: 0.8 + index / 100, timestamp: startTime, step: 0 }],
          tags: [{ key: 'stage', value: 'fixture' }],
        });
        await tracking.updateRun(run.info.runId, { status: 'FINISHED', endTime: startTime + index * 60_000 + 30_000 });
      }
    }
    // Deleted experiments must not show: the extension lists active ones, as mlflow does.
    await tracking.deleteExperiment(await tracking.createExperiment('scratch-deleted'));
  } finally {
    stores.close();
  }
}

export async function createFixtureWorkspace(): Promise<FixtureWorkspace> {
  // Real path: VS Code compares the workspace URI with the trusted one after resolving links.
  const folder = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'runlens-vscode-ws-')));
  const dbFile = path.join(folder, 'mlflow.db');
  await fillStore(dbFile);
  const experimentNames = await runPythonJson<string[]>(path.join(repoRoot, 'test', 'vscode', 'listExperiments.py'), [`sqlite:///${dbFile}`], {}, folder);
  return { folder, experimentNames };
}
