// The Experiments view in real VS Code, walked as the view walks it, against what mlflow wrote.
import assert from 'node:assert/strict';
import { suite, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { ExperimentsTree } from '../../src/vscode/experiments/experimentsTree.ts';
import type { ExperimentsNode, ExperimentNode, RunNode } from '../../src/vscode/treeNodes.ts';
import { fixtureFacts, fixtureRun, runLens } from './support/extension.ts';

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
    assert.equal(item.contextValue, 'run.finished.active');
    assert.match(String(item.description), new RegExp(`^accuracy ${facts.metrics.accuracy.toFixed(2)}`, 'u'));
  });

  test('params, latest metrics and tags under a run are what mlflow recorded', async () => {
    const t = await tree();
    const node = await runNode('iris-classifier', 'forest-run');
    const facts = fixtureRun('iris-classifier', 'forest-run');
    for (const [name, expected] of [['params', facts.params], ['metrics', facts.metrics], ['tags', facts.tags]] as const) {
      const rows = await t.getChildren(await section(node, name));
      const shown = Object.fromEntries(rows.map((row) => (row.kind === 'param' || row.kind === 'metric' || row.kind === 'tag' ? [row.key, row.value] : ['?', '?'])));
      const want = Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, String(v)]));
      assert.deepEqual(shown, want, `${name} of forest-run`);
    }
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
    assert.equal(t.getTreeItem(node).contextValue, 'run.finished.deleted');
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
