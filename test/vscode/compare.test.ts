// Compare Runs in real VS Code: from a tree selection to a panel fed the runs mlflow recorded.
import assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import type { ComparePanelHandle } from '../../src/vscode/compare/comparePanel.ts';
import type { RunNode } from '../../src/vscode/treeNodes.ts';
import { fixtureRun, runLens, waitFor } from './support/extension.ts';
import { recordPosts } from './support/posts.ts';

async function runNodes(experiment: string, names: string[]): Promise<RunNode[]> {
  const api = await runLens();
  const experiments = await api.experimentsTree.getChildren();
  const node = experiments.find((n) => n.kind === 'experiment' && n.experiment.name === experiment);
  assert.ok(node);
  const runs = (await api.experimentsTree.getChildren(node)).filter((n): n is RunNode => n.kind === 'run' && names.includes(n.run.info.runName));
  assert.equal(runs.length, names.length);
  return runs;
}

suite('Compare Runs', () => {
  test('compares the selected runs in a webview panel with the values mlflow recorded', async () => {
    const selection = await runNodes('house-prices', ['ridge-run', 'gbm-run']);
    const handle = await vscode.commands.executeCommand<ComparePanelHandle>('runlens.compareRuns', selection[0], selection);
    assert.ok(handle, 'runlens.compareRuns returned nothing');
    assert.equal(handle.panel.viewType, 'runlens.compare');
    const posts = recordPosts(handle);
    // The page asks for the runs once it has loaded: proof the script ran under the CSP.
    assert.ok(await waitFor(() => posts.length > 0, 15_000), 'the compare page never asked for its runs');
    const sent = posts.at(-1)?.runs ?? [];
    for (const name of ['ridge-run', 'gbm-run']) {
      const facts = fixtureRun('house-prices', name);
      const shown = sent.find((r) => r.runId === facts.runId);
      assert.ok(shown, `${name} was not sent`);
      assert.deepEqual(shown.params, facts.params);
      assert.deepEqual(shown.metrics, facts.metrics);
      assert.deepEqual(shown.tags, facts.tags);
    }
    assert.match(handle.panel.webview.html, /Content-Security-Policy" content="default-src 'none'; script-src 'nonce-/u);
    handle.panel.dispose();
  });

  test('with one run selected it asks for more, and opens nothing when dismissed', async () => {
    const [one] = await runNodes('house-prices', ['ridge-run']);
    // With one run selected the command asks for more through a quick pick; dismissing it opens nothing.
    const pending = vscode.commands.executeCommand('runlens.compareRuns', one, [one]);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.equal(await pending, undefined);
    const compareTabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('runlens.compare'));
    assert.deepEqual(compareTabs.map((t) => t.label), []);
  });
});
