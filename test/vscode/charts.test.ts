// Metric Charts in real VS Code: a run's charts open in a CSP'd webview fed the history mlflow
// logged, a running run's new points reach the open panel as appends, and an experiment's charts
// show the first runs of the Experiments view's listing (its filter and sort), "N of M".
import assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { unpackSeries } from '../../src/shared/chartsProtocol.ts';
import type { ChartsPanelHandle } from '../../src/vscode/charts/chartsPanel.ts';
import type { ExperimentNode, RunNode } from '../../src/vscode/treeNodes.ts';
import { fixtureRun, runLens, waitFor } from './support/extension.ts';
import { lastSeries, recordPosts } from './support/posts.ts';

suite('Metric Charts', () => {
  test("a run's charts show the loss history mlflow logged", async () => {
    const api = await runLens();
    const store = api.session.store;
    assert.ok(store);
    const facts = fixtureRun('iris-classifier', 'forest-run');
    const node: RunNode = { kind: 'run', run: await store.tracking.getRun(facts.runId), childRuns: [] };
    const handle = await vscode.commands.executeCommand<ChartsPanelHandle>('runlens.showCharts', node);
    assert.ok(handle, 'runlens.showCharts returned nothing');
    const sent = recordPosts(handle);
    assert.equal(handle.panel.viewType, 'runlens.charts');
    assert.match(handle.panel.webview.html, /Content-Security-Policy" content="default-src 'none'; script-src 'nonce-/u);
    // The page asks for each chart's series once laid out: proof the script ran under the CSP.
    assert.ok(await waitFor(() => lastSeries(sent, 'loss') !== undefined, 15_000), 'the charts page never asked for the loss series');
    const init = sent.find((m) => m.type === 'init');
    assert.ok(init?.type === 'init');
    assert.deepEqual(init.keys, Object.keys(facts.metrics).sort());
    assert.deepEqual(init.runs.map((r) => r.name), ['forest-run']);
    // What the page can group runs by: the params and tags mlflow read back (short tags only).
    assert.deepEqual(init.runs[0].params, facts.params);
    for (const [key, value] of Object.entries({ ...facts.tags, ...facts.systemTags })) {
      assert.equal(init.runs[0].tags?.[key], value.length <= 250 ? value : undefined, `tag ${key}`);
    }

    const message = lastSeries(sent, 'loss');
    assert.equal(message?.series.length, 1);
    const series = unpackSeries(message.series[0]);
    assert.equal(message.series[0].points, 3);
    assert.deepEqual(series.step, [0, 1, 2]);
    // The last point is the latest value mlflow reports for the run (float32 on the wire).
    const latest = facts.metrics.loss;
    assert.ok(Math.abs(series.last[2] - latest) < 1e-6 * Math.abs(latest), `${series.last[2]} ≠ ${latest}`);

    // Asking again for the same run reveals the same panel.
    const again = await vscode.commands.executeCommand<ChartsPanelHandle>('runlens.showCharts', node, [node]);
    assert.equal(again?.panel, handle.panel);
    handle.panel.dispose();
  });

  test("a running run's new points are appended to the open panel", async () => {
    const api = await runLens();
    const store = api.session.store;
    assert.ok(store);
    // Our own experiment, deleted afterwards: other suites expect the fixture's experiments only.
    const experimentId = await store.tracking.createExperiment(`charts-live-${Date.now()}`);
    try {
      const run = await store.tracking.createRun({ experimentId, runName: 'live-run' });
      const runId = run.info.runId;
      const t0 = Date.now();
      await store.tracking.logBatch(runId, { metrics: [0, 1, 2].map((step) => ({ key: 'loss', value: 1 / (step + 1), timestamp: t0 + step, step })) });
      const handle = await vscode.commands.executeCommand<ChartsPanelHandle>('runlens.showCharts', undefined, undefined, { runIds: [runId] });
      assert.ok(handle);
      const sent = recordPosts(handle);
      assert.ok(await waitFor(() => lastSeries(sent, 'loss') !== undefined, 15_000), 'no loss series');

      await store.tracking.logBatch(runId, { metrics: [{ key: 'loss', value: 0.2, timestamp: t0 + 10, step: 3 }, { key: 'loss', value: 0.1, timestamp: t0 + 11, step: 4 }] });
      const started = Date.now();
      api.session.dataChanged();
      const appended = () => sent.flatMap((m) => (m.type === 'append' ? m.series : [])).flatMap((s) => s.points);
      assert.ok(await waitFor(() => appended().length >= 2, 5_000), 'the new points were never appended');
      assert.ok(Date.now() - started < 2_000, `appended after ${Date.now() - started} ms`);
      assert.deepEqual(appended().map((p) => [p.step, p.value]), [[3, 0.2], [4, 0.1]]);
      await store.tracking.updateRun(runId, { status: 'FINISHED', endTime: Date.now() });
      handle.panel.dispose();
    } finally {
      await store.tracking.deleteExperiment(experimentId);
      api.session.dataChanged();
    }
  });

  test("an experiment's charts follow the Experiments view's filter and sort, N of M runs", async () => {
    const api = await runLens();
    const store = api.session.store;
    assert.ok(store);
    const tree = api.experimentsTree;
    const listing = { ...tree.listOptions };
    const experimentId = await store.tracking.createExperiment(`charts-sweep-${Date.now()}`);
    try {
      // 14 runs started in order, so newest-first would list them backwards; accuracy rises with i.
      const t0 = Date.now() - 60_000;
      const runIds: string[] = [];
      for (let i = 0; i < 14; i++) {
        const run = await store.tracking.createRun({ experimentId, runName: `sweep-${i}`, startTime: t0 + i * 1000 });
        await store.tracking.logBatch(run.info.runId, { metrics: [{ key: 'acc', value: i / 14, timestamp: t0 + i * 1000, step: 0 }] });
        await store.tracking.updateRun(run.info.runId, { status: 'FINISHED', endTime: t0 + i * 1000 + 500 });
        runIds.push(run.info.runId);
      }
      // 11 runs pass the filter (i ≥ 3), listed by accuracy ascending.
      tree.setListOptions({ filter: 'metrics.acc >= 0.2', orderBy: 'metrics.acc ASC' });
      const node: ExperimentNode = { kind: 'experiment', experiment: await store.tracking.getExperiment(experimentId) };
      const handle = await vscode.commands.executeCommand<ChartsPanelHandle>('runlens.showCharts', node);
      assert.ok(handle);
      const sent = recordPosts(handle);
      const lastInit = () => sent.filter((m) => m.type === 'init').at(-1);
      assert.ok(await waitFor(() => lastInit() !== undefined, 15_000), 'no init message');
      assert.deepEqual(handle.runIds, runIds.slice(3, 13));
      let init = lastInit();
      assert.ok(init?.type === 'init');
      assert.deepEqual(init.runs.map((r) => r.name), runIds.slice(3, 13).map((_, i) => `sweep-${i + 3}`));
      assert.deepEqual({ shown: init.selection?.shown, total: init.selection?.total }, { shown: 10, total: 11 });
      assert.equal(init.selection?.source.filter, 'metrics.acc >= 0.2');
      assert.equal(init.selection?.source.orderBy, 'metrics.acc ASC');

      // The page's run count control: 3 runs, the same listing.
      await handle.receive({ type: 'setRunLimit', limit: 3 });
      assert.deepEqual(handle.runIds, runIds.slice(3, 6));
      init = lastInit();
      assert.ok(init?.type === 'init');
      assert.deepEqual([init.selection?.shown, init.selection?.total], [3, 11]);
      await assert.rejects(handle.receive({ type: 'setRunLimit', limit: 0 }), /at least 1/u);
      // What the protocol does not allow is dropped before any handler sees it.
      const sentBefore = sent.length;
      for (const bad of [{ type: 'setRunLimit', limit: '7' }, { type: 'setRunLimit' }, { type: 'no-such-kind' }, { type: 'exportCsv', keys: [1] }, null, 'ready']) {
        await handle.receive(bad);
      }
      assert.deepEqual(handle.runIds, runIds.slice(3, 6), 'a malformed run limit changed the charts');
      assert.equal(sent.length, sentBefore, 'a malformed message was answered');
      handle.panel.dispose();
    } finally {
      tree.setListOptions(listing);
      await store.tracking.deleteExperiment(experimentId);
      api.session.dataChanged();
    }
  });
});
