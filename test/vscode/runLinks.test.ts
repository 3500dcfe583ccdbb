// Links into the editor in real VS Code: mlflow prints "View run … at <server>/#/experiments/…/runs/…";
// the embedded server's page turns that into `<uriScheme>://runlens.runlens/run?id=…`, whose handler
// reveals the run in the Experiments view and opens its charts.
import assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import type { ChartsPanelHandle } from '../../src/vscode/charts/chartsPanel.ts';
import { extensionId, fixtureFacts, fixtureRun, runLens } from './support/extension.ts';

suite('Links into the editor', function () {
  this.timeout(60_000);
  const base = () => `${vscode.env.uriScheme}://${extensionId}`;

  test('a run link reveals the run in the Experiments view and opens its charts', async () => {
    const api = await runLens();
    const { runId } = fixtureRun('iris-classifier', 'forest-run');
    const experimentId = fixtureFacts().experiments['iris-classifier'].experimentId;
    const opened = await api.openLink(vscode.Uri.parse(`${base()}/run?id=${runId}&experiment=${experimentId}`));
    assert.equal(opened.kind, 'run');
    assert.equal(opened.id, runId);
    assert.equal(opened.revealed, true, 'the run row was found and selected');
    const charts = opened.charts as ChartsPanelHandle | undefined;
    assert.equal(charts?.panel.viewType, 'runlens.charts');
    assert.deepEqual(charts?.runIds, [runId]);
  });

  test('a nested run is revealed under its parent run (getParent follows mlflow.parentRunId)', async () => {
    const api = await runLens();
    const store = api.session.store;
    assert.ok(store);
    const child = fixtureRun('iris-classifier', 'sweep-lr-0.1');
    const parent = fixtureRun('iris-classifier', 'sweep');
    const opened = await api.openLink(vscode.Uri.parse(`${base()}/run?id=${child.runId}`));
    assert.equal(opened.revealed, true);
    const up = await api.experimentsTree.getParent({ kind: 'run', run: await store.tracking.getRun(child.runId), childRuns: [] });
    assert.equal(up?.kind === 'run' ? up.run.info.runId : up?.kind, parent.runId);
    const top = await api.experimentsTree.getParent({ kind: 'run', run: await store.tracking.getRun(parent.runId), childRuns: [] });
    assert.equal(top?.kind === 'experiment' ? top.experiment.name : top?.kind, 'iris-classifier');
  });

  test('an experiment link reveals the experiment; a bad or unknown id is a clear error', async () => {
    const api = await runLens();
    const experimentId = fixtureFacts().experiments['iris-classifier'].experimentId;
    const opened = await api.openLink(vscode.Uri.parse(`${base()}/experiment?id=${experimentId}`));
    assert.deepEqual({ kind: opened.kind, revealed: opened.revealed }, { kind: 'experiment', revealed: true });
    await assert.rejects(api.openLink(vscode.Uri.parse(`${base()}/run?id=${'f'.repeat(32)}`)), /Run f+ is not in the store RunLens shows/u);
    await assert.rejects(api.openLink(vscode.Uri.parse(`${base()}/run?id=${encodeURIComponent('<script>')}`)), /names no valid run id/u);
  });

  test("the embedded server's root page links back into this window and the launch start is announced once", async () => {
    const api = await runLens();
    const before = api.server.announcedForLaunch;
    await vscode.commands.executeCommand('runlens.stopServer');
    const url = await api.server.ensureServer();
    const first = before ?? url;
    assert.equal(api.server.announcedForLaunch, first);
    const page = await fetch(`${url}/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/u);
    assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'; style-src 'nonce-[^']+'; script-src 'nonce-/u);
    const html = await page.text();
    assert.ok(html.includes(`data-base="${base()}"`), 'the page links to this editor\'s scheme and the extension id');
    // A restart for another launch is not announced again.
    await vscode.commands.executeCommand('runlens.stopServer');
    await api.server.ensureServer();
    assert.equal(api.server.announcedForLaunch, first);
    await vscode.commands.executeCommand('runlens.stopServer');
  });
});
