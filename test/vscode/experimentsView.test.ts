// The Experiments view in real VS Code, walked as the view walks it, against what mlflow wrote.
import assert from 'node:assert/strict';
import { suite, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { ExperimentsTree } from '../../src/vscode/experiments/experimentsTree.ts';
import { redrawWhileVisible } from '../../src/vscode/experiments/experimentsView.ts';
import type { ArtifactNode, ExperimentsNode, ExperimentNode, LoggedModelNode, RunNode } from '../../src/vscode/treeNodes.ts';
import { fixtureFacts, fixtureRun, runLens, waitFor } from './support/extension.ts';

/** `.code` when mlflow recorded the run's git commit (fixture.py runs inside a repository): Show Code Diff is offered. */
function codeSuffix(experiment: string, run: string): string {
  return 'mlflow.source.git.commit' in fixtureRun(experiment, run).systemTags ? '.code' : '';
}

async function tree(): Promise<ExperimentsTree> {
  return (await runLens()).experimentsTree;
}

async function experimentNode(name: string): Promise<ExperimentNode> {
  const found = (await (await tree()).getChildren()).find((n): n is ExperimentNode => n.kind === 'experiment' && n.experiment.name === name);
  assert.ok(found, `experiment ${name} is not in the view`);
  return found;
}

function label(t: ExperimentsTree, node: ExperimentsNode): string {
  const item = t.getTreeItem(node);
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

async function childLabels(node: ExperimentsNode): Promise<string[]> {
  const t = await tree();
  return (await t.getChildren(node)).map((child) => label(t, child));
}

async function runNode(experiment: string, runName: string): Promise<RunNode> {
  const t = await tree();
  const queue = await t.getChildren(await experimentNode(experiment));
  for (const node of queue) {
    if (node.kind !== 'run') continue;
    if (node.run.info.runName === runName) return node;
    queue.push(...(await t.getChildren(node)));
  }
  assert.fail(`run ${experiment}/${runName} is not in the view`);
}

async function section(run: RunNode, name: string): Promise<ExperimentsNode> {
  const found = (await (await tree()).getChildren(run)).find((n) => n.kind === 'section' && n.section === name);
  assert.ok(found, `run ${run.run.info.runName} has no ${name} section`);
  return found;
}

suite('Experiments view', () => {
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('runlens.clearFilter');
    await vscode.commands.executeCommand('runlens.sortRuns', '');
    await vscode.commands.executeCommand('runlens.hideDeleted');
    await vscode.commands.executeCommand('runlens.chooseKeyMetric', '');
    (await tree()).setListOptions({ pageSize: 200 });
  });

  test('lists the active experiments mlflow lists', async () => {
    const t = await tree();
    const names = (await t.getChildren()).map((n) => label(t, n));
    assert.deepEqual([...names].sort(), Object.keys(fixtureFacts().experiments).sort());
  });

  test('lists top-level runs newest first and nests child runs under their parent', async () => {
    const facts = fixtureFacts().experiments['iris-classifier'];
    const topLevel = Object.entries(facts.runs).filter(([, r]) => r.lifecycleStage === 'active' && !r.parentRunId).map(([name]) => name);
    const shown = (await childLabels(await experimentNode('iris-classifier')));
    assert.deepEqual([...shown].sort(), [...topLevel].sort());
    // fixture.py logs logreg-run, forest-run, then sweep: newest first is the reverse.
    assert.deepEqual(shown, ['sweep', 'forest-run', 'logreg-run']);
    const sweep = await runNode('iris-classifier', 'sweep');
    const children = Object.entries(facts.runs).filter(([, r]) => r.parentRunId === sweep.run.info.runId).map(([name]) => name);
    const sweepChildren = (await childLabels(sweep)).filter((l) => l.startsWith('sweep-'));
    assert.deepEqual(sweepChildren.sort(), children.sort());
    assert.equal(children.length, 2);
  });

  test('shows a run status icon, key metric and context value', async () => {
    const t = await tree();
    const node = await runNode('iris-classifier', 'forest-run');
    const item = t.getTreeItem(node);
    const facts = fixtureRun('iris-classifier', 'forest-run');
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'pass');
    // forest-run logged a model (log_model): Register Model is offered on it, and only on such runs.
    assert.equal(item.contextValue, `run.finished.active.model${codeSuffix('iris-classifier', 'forest-run')}`);
    assert.equal(t.getTreeItem(await runNode('iris-classifier', 'logreg-run')).contextValue, `run.finished.active${codeSuffix('iris-classifier', 'logreg-run')}`);
    assert.match(String(item.description), new RegExp(`^accuracy ${facts.metrics.accuracy.toFixed(2)}`, 'u'));
  });

  test('a chosen key metric falls back to the first metric by name on runs that do not log it', async () => {
    const t = await tree();
    await vscode.commands.executeCommand('runlens.chooseKeyMetric', 'accuracy');
    const child = await runNode('iris-classifier', 'sweep-lr-0.1');
    const facts = fixtureRun('iris-classifier', 'sweep-lr-0.1');
    assert.equal(facts.metrics.accuracy, undefined, 'the sweep children log loss only');
    assert.match(String(t.getTreeItem(child).description), new RegExp(`^loss ${facts.metrics.loss}\\b`, 'u'));
    assert.match(String(t.getTreeItem(await runNode('iris-classifier', 'forest-run')).description), /^accuracy /u);
    await vscode.commands.executeCommand('runlens.chooseKeyMetric', '');
  });

  test('params, latest metrics and tags under a run are what mlflow recorded', async () => {
    const t = await tree();
    const node = await runNode('iris-classifier', 'forest-run');
    const facts = fixtureRun('iris-classifier', 'forest-run');
    // MLflow's system tags (user, source, …) are shown too, after the user's own.
    for (const [name, expected] of [['params', facts.params], ['metrics', facts.metrics], ['tags', { ...facts.tags, ...facts.systemTags }]] as const) {
      const rows = await t.getChildren(await section(node, name));
      const shown = Object.fromEntries(rows.map((row) => (row.kind === 'param' || row.kind === 'metric' || row.kind === 'tag' ? [row.key, row.value] : ['?', '?'])));
      const want = Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, String(v)]));
      assert.deepEqual(shown, want, `${name} of forest-run`);
    }
  });

  test('tags list the user\'s first, then MLflow\'s system tags, all counted; system tags cannot be deleted', async () => {
    const t = await tree();
    const node = await runNode('iris-classifier', 'sweep');
    const facts = fixtureRun('iris-classifier', 'sweep');
    assert.deepEqual(facts.tags, {}, 'the sweep run has only system tags');
    const tagsSection = await section(node, 'tags');
    const systemKeys = Object.keys(facts.systemTags).sort();
    assert.ok(systemKeys.includes('mlflow.user') && systemKeys.includes('mlflow.source.name'));
    assert.equal(t.getTreeItem(tagsSection).description, String(systemKeys.length));
    const rows = await t.getChildren(tagsSection);
    assert.deepEqual(rows.map((row) => label(t, row)), systemKeys);
    assert.deepEqual(new Set(rows.map((row) => t.getTreeItem(row).contextValue)), new Set(['tag.system']));
    const forest = await t.getChildren(await section(await runNode('iris-classifier', 'forest-run'), 'tags'));
    assert.deepEqual(forest.slice(0, 2).map((row) => label(t, row)), ['model', 'stage'], 'user tags come first');
    assert.equal(t.getTreeItem(forest[0]).contextValue, 'tag');
  });

  test('clicking a metric row opens the run\'s charts', async () => {
    const t = await tree();
    const node = await runNode('iris-classifier', 'forest-run');
    const loss = (await t.getChildren(await section(node, 'metrics'))).find((row) => row.kind === 'metric' && row.key === 'loss');
    assert.ok(loss);
    const command = t.getTreeItem(loss).command;
    assert.equal(command?.command, 'runlens.showCharts');
    const target = command.arguments?.[0] as RunNode;
    assert.equal(target.kind, 'run');
    assert.equal(target.run.info.runId, node.run.info.runId);
  });

  test('a run\'s MLflow 3 logged model shows under Models, with its flavor, registered version and files', async () => {
    const t = await tree();
    const facts = fixtureFacts();
    const forest = await runNode('iris-classifier', 'forest-run');
    assert.deepEqual(forest.models?.map((m) => m.modelId), [facts.loggedModelId]);
    assert.ok(!(await t.getChildren(await runNode('iris-classifier', 'logreg-run'))).some((n) => n.kind === 'section' && n.section === 'models'));
    const modelsSection = await section(forest, 'models');
    assert.equal(t.getTreeItem(modelsSection).description, '1');
    const models = await t.getChildren(modelsSection);
    assert.deepEqual(models.map((n) => label(t, n)), ['iris-logged']);
    const model = models[0] as LoggedModelNode;
    const registered = facts.models.flatMap((m) => m.versions.filter((v) => v.source === `models:/${facts.loggedModelId}`).map((v) => `${m.name} v${v.version}`));
    assert.equal(registered.length, 1, 'the fixture registers the logged model once');
    assert.equal(t.getTreeItem(model).contextValue, 'loggedModel');
    const files = await t.getChildren(model);
    const names = files.map((n) => label(t, n));
    assert.ok(names.includes('MLmodel') && names.includes('conda.yaml'), names.join(', '));
    // The flavor comes from the model's MLmodel, read once the row is expanded.
    assert.ok(await waitFor(() => String(t.getTreeItem(model).description).startsWith('sklearn')), String(t.getTreeItem(model).description));
    assert.equal(t.getTreeItem(model).description, `sklearn · ${registered[0]}`);

    const mlmodel = files.find((n): n is ArtifactNode => n.kind === 'artifact' && n.path === 'MLmodel');
    assert.ok(mlmodel);
    const item = t.getTreeItem(mlmodel);
    assert.equal(item.contextValue, 'artifact.file.model');
    assert.equal(item.command?.command, 'runlens.artifact.open');
    const opened = await vscode.commands.executeCommand<string>('runlens.artifact.open', mlmodel);
    assert.equal(opened, `runlens-artifact:/models/${facts.loggedModelId}/MLmodel`);
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.toString(), opened);
    assert.equal(editor.document.languageId, 'yaml');
    assert.match(editor.document.getText(), /^flavors:\n(?:.*\n)*? {2}sklearn:/mu);
    assert.match(editor.document.getText(), new RegExp(`^model_id: ${facts.loggedModelId}$`, 'mu'));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('artifacts form a lazy folder tree, folders first', async () => {
    const t = await tree();
    const artifacts = await section(await runNode('iris-classifier', 'forest-run'), 'artifacts');
    const root = await t.getChildren(artifacts);
    assert.deepEqual(root.map((n) => label(t, n)), ['model', 'plots', 'metrics.json', 'notes.txt']);
    const plots = root.find((n) => n.kind === 'artifact' && n.path === 'plots');
    assert.ok(plots);
    const png = (await t.getChildren(plots))[0];
    assert.equal(png?.kind === 'artifact' && png.path, 'plots/confusion.png');
    const item = t.getTreeItem(png);
    assert.equal(item.contextValue, 'artifact.file');
    assert.equal(item.command?.command, 'runlens.artifact.open');
  });

  test('a filter narrows the runs with MLflow search syntax; a bad one is refused', async () => {
    assert.equal(await vscode.commands.executeCommand('runlens.filterRuns', "params.model = 'forest'"), "params.model = 'forest'");
    assert.deepEqual(await childLabels(await experimentNode('iris-classifier')), ['forest-run']);
    assert.equal(await vscode.commands.executeCommand('runlens.filterRuns', 'params.model = '), undefined);
    assert.deepEqual(await childLabels(await experimentNode('iris-classifier')), ['forest-run'], 'a rejected filter must leave the last good one');
    await vscode.commands.executeCommand('runlens.clearFilter');
    assert.equal((await childLabels(await experimentNode('iris-classifier'))).length, 3);
  });

  test('an experiment with no run matching the filter says so', async () => {
    const filter = "params.model = 'no-such-model'";
    await vscode.commands.executeCommand('runlens.filterRuns', filter);
    const rows = await (await tree()).getChildren(await experimentNode('iris-classifier'));
    assert.deepEqual(rows.map((n) => n.kind), ['message']);
    assert.deepEqual(await childLabels(await experimentNode('iris-classifier')), [`No runs match the filter ${filter}`]);
    await vscode.commands.executeCommand('runlens.clearFilter');
  });

  test('relative times are redrawn periodically while the view is visible, and the redraw asks the store nothing', async () => {
    const visibility = new vscode.EventEmitter<vscode.TreeViewVisibilityChangeEvent>();
    const view = { visible: true, onDidChangeVisibility: visibility.event } as unknown as vscode.TreeView<unknown>;
    let redraws = 0;
    const timer = redrawWhileVisible(view, () => (redraws += 1), 20);
    try {
      assert.ok(await waitFor(() => redraws >= 3, 2000), `redrawn ${redraws} times`);
      (view as { visible: boolean }).visible = false;
      visibility.fire({ visible: false });
      const stopped = redraws;
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(redraws, stopped, 'a hidden view is not redrawn');
    } finally {
      timer.dispose();
      visibility.dispose();
    }

    const t = await tree();
    await t.getChildren();
    const store = (await runLens()).session.store;
    assert.ok(store);
    let queries = 0;
    const original = store.tracking.searchExperiments.bind(store.tracking);
    store.tracking.searchExperiments = (query) => ((queries += 1), original(query));
    try {
      const fired = new Promise<void>((resolve) => {
        const subscription = t.onDidChangeTreeData(() => (subscription.dispose(), resolve()));
      });
      t.redrawLabels();
      await fired;
      assert.equal((await t.getChildren()).length, Object.keys(fixtureFacts().experiments).length);
      assert.equal(queries, 0);
    } finally {
      store.tracking.searchExperiments = original;
    }
  });

  test('sorting by a metric orders runs as mlflow would', async () => {
    await vscode.commands.executeCommand('runlens.sortRuns', 'metrics.accuracy DESC');
    const runs = fixtureFacts().experiments['house-prices'].runs;
    const expected = Object.entries(runs).filter(([, r]) => r.lifecycleStage === 'active').sort(([, a], [, b]) => b.metrics.accuracy - a.metrics.accuracy).map(([n]) => n);
    assert.deepEqual(await childLabels(await experimentNode('house-prices')), expected);
    await vscode.commands.executeCommand('runlens.sortRuns', '');
  });

  test('"show deleted" adds deleted runs, marked as such', async () => {
    const t = await tree();
    assert.ok(!(await childLabels(await experimentNode('house-prices'))).includes('abandoned-run'));
    await vscode.commands.executeCommand('runlens.showDeleted');
    const node = await runNode('house-prices', 'abandoned-run');
    assert.equal(t.getTreeItem(node).contextValue, `run.finished.deleted${codeSuffix('house-prices', 'abandoned-run')}`);
    await vscode.commands.executeCommand('runlens.hideDeleted');
    assert.ok(!(await childLabels(await experimentNode('house-prices'))).includes('abandoned-run'));
  });

  test('pages runs behind a "Load more" row', async () => {
    const t = await tree();
    t.setListOptions({ pageSize: 2 });
    const experiment = await experimentNode('house-prices');
    const first = await t.getChildren(experiment);
    assert.equal(first.length, 3);
    const more = first[2];
    assert.equal(more?.kind, 'loadMore');
    assert.equal(await vscode.commands.executeCommand('runlens.loadMore', more), 1);
    const all = await t.getChildren(experiment);
    assert.deepEqual(all.map((n) => n.kind), ['run', 'run', 'run']);
    t.setListOptions({ pageSize: 200 });
  });
});
