// In real VS Code while another process holds mlflow.db's write lock (a training script in a long
// transaction, `mlflow gc`): the store works in its worker thread, so the Experiments view still
// expands, a chart still opens, and the extension host's event loop keeps turning.
import assert from 'node:assert/strict';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import type { ChartsPanelHandle } from '../../src/vscode/charts/chartsPanel.ts';
import type { ExperimentNode, RunNode } from '../../src/vscode/treeNodes.ts';
import { holdWriteLock } from '../support/foreignLock.ts';
import { fixtureRun, runLens, runLensExtension, waitFor } from './support/extension.ts';
import { lastSeries, recordPosts } from './support/posts.ts';

const LOCK_MS = 12_000;

suite('A foreign write lock', () => {
  test('the Experiments view expands and a chart opens while another process holds the write lock', async function () {
    this.timeout(60_000);
    const api = await runLens();
    const store = api.session.store;
    assert.ok(store?.kind === 'sqlite', 'the fixture store is an mlflow.db');
    const lock = await holdWriteLock(store.location, LOCK_MS, runLensExtension().extensionPath);
    const lockedAt = Date.now();
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    try {
      const tree = api.experimentsTree as unknown as { refresh(): void; getChildren(node?: unknown): Promise<unknown[]> };
      tree.refresh();
      const experiments = (await tree.getChildren()) as ExperimentNode[];
      const iris = experiments.find((node) => node.kind === 'experiment' && node.experiment.name === 'iris-classifier');
      assert.ok(iris, 'the Experiments view lists iris-classifier');
      const runs = (await tree.getChildren(iris)) as RunNode[];
      assert.ok(runs.some((node) => node.kind === 'run' && node.run.info.runName === 'forest-run'), 'iris-classifier expands to its runs');

      const facts = fixtureRun('iris-classifier', 'forest-run');
      const node: RunNode = { kind: 'run', run: await store.tracking.getRun(facts.runId), childRuns: [] };
      const handle = await vscode.commands.executeCommand<ChartsPanelHandle>('runlens.showCharts', node);
      assert.ok(handle, 'runlens.showCharts returned nothing');
      const sent = recordPosts(handle);
      assert.ok(await waitFor(() => lastSeries(sent, 'loss') !== undefined, 8_000), 'the chart never got its loss series');
      const within = Date.now() - lockedAt;
      assert.ok(within < LOCK_MS, `expanding and charting took ${within} ms: they waited for the lock`);
      handle.panel.dispose();

      // A write cannot get the lock: it says so (MLflow's code for a locked database) instead of hanging.
      await assert.rejects(store.tracking.setTag(facts.runId, { key: 'during-lock', value: 'x' }), (error: unknown) => (error as { code?: string }).code === 'TEMPORARILY_UNAVAILABLE');
      assert.ok(Date.now() - lockedAt < LOCK_MS, 'the locked write waited for the whole lock');
      const maxStallMs = delay.max / 1e6;
      assert.ok(maxStallMs < 100, `the extension host's event loop stalled ${maxStallMs.toFixed(0)} ms while the database was locked`);
    } finally {
      delay.disable();
      await lock.release();
    }
  });
});
