// The runs table in real VS Code: the page loads under its CSP, counts and fetches the runs.
import assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import type { RunsTableHandle } from '../../src/vscode/runsTable/runsTablePanel.ts';
import { fixtureFacts, runLens, waitFor } from './support/extension.ts';
import { recordPosts } from './support/posts.ts';

suite('Runs table', () => {
  test('opens an experiment, counts its runs and sends every active run', async () => {
    const api = await runLens();
    const experiment = (await api.experimentsTree.getChildren()).find((n) => n.kind === 'experiment' && n.experiment.name === 'iris-classifier');
    assert.ok(experiment);
    const handle = await vscode.commands.executeCommand<RunsTableHandle>('runlens.openRunsTable', experiment);
    assert.ok(handle, 'runlens.openRunsTable returned nothing');
    const sent = recordPosts(handle);
    assert.equal(handle.panel.viewType, 'runlens.runsTable');
    const active = Object.values(fixtureFacts().experiments['iris-classifier'].runs).filter((r) => r.lifecycleStage === 'active');
    assert.ok(await waitFor(() => sent.some((m) => m.type === 'count'), 15_000), 'the table page never asked for a count');
    const count = sent.find((m) => m.type === 'count');
    assert.equal(count?.type === 'count' && count.total, active.length);
    assert.ok(await waitFor(() => sent.some((m) => m.type === 'rows'), 10_000), 'the table page never asked for rows');
    const sentIds = sent.flatMap((m) => (m.type === 'rows' ? m.rows.map((r) => r.runId) : []));
    assert.deepEqual([...new Set(sentIds)].sort(), active.map((r) => r.runId).sort());
    const init = sent.find((m) => m.type === 'init');
    assert.ok(init?.type === 'init' && init.columns.includes('metrics.accuracy') && init.columns.includes('params.model'));
    handle.panel.dispose();
  });
});
