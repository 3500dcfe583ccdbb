// The registry's audit trail in real VS Code: a stage transition made with a reason shows in the
// Models view's History rows (the model's and the version's) with the user and the reason, the
// model row says which version is where since when, the trail's own tags are not listed as tags,
// and Show Model Version Details shows the same timeline with the source run's provenance.
import assert from 'node:assert/strict';
import os from 'node:os';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { ModelVersion } from '../../src/shared/entities.ts';
import type { ModelVersionDetails } from '../../src/shared/modelDetailsProtocol.ts';
import type { OpenedStore } from '../../src/store/openStore.ts';
import type { ModelEventNode, ModelHistoryNode, ModelNode, ModelsNode, ModelVersionNode } from '../../src/vscode/models/modelNodes.ts';
import type { ModelsTree } from '../../src/vscode/models/modelsTree.ts';
import { fixtureFacts, runLens, waitFor } from './support/extension.ts';

const REASON = 'passed offline eval';

function label(tree: ModelsTree, node: ModelsNode): string {
  const item = tree.getTreeItem(node);
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

suite('Model timeline: History rows and the version details panel', function () {
  this.timeout(120_000);
  const facts = fixtureFacts();
  const name = `timeline-suite-${Date.now()}`;
  // The user RunLens records, as mlflow records a run's user.
  const user = os.userInfo().username;
  let store: OpenedStore;
  let tree: ModelsTree;

  async function modelNode(): Promise<ModelNode> {
    tree = (await vscode.commands.executeCommand<ModelsTree>('runlens.models.refresh')) as ModelsTree;
    const found = (await tree.getChildren()).find((n): n is ModelNode => n.kind === 'model' && n.model.name === name);
    assert.ok(found, `${name} is not in the Models view`);
    return found;
  }

  async function versionNode(version: string): Promise<ModelVersionNode> {
    const model = await modelNode();
    const found = (await tree.getChildren(model)).find((n): n is ModelVersionNode => n.kind === 'modelVersion' && n.version.version === version);
    assert.ok(found, `${name} version ${version} is not in the Models view`);
    return found;
  }

  async function historyOf(parent: ModelNode | ModelVersionNode): Promise<ModelEventNode[]> {
    const history = (await tree.getChildren(parent)).find((n): n is ModelHistoryNode => n.kind === 'modelHistory');
    assert.ok(history, `${label(tree, parent)} has no History row`);
    const item = tree.getTreeItem(history);
    assert.equal(item.label, 'History');
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'history');
    assert.equal(item.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    const events = await tree.getChildren(history);
    assert.ok(events.every((n) => n.kind === 'modelEvent'));
    assert.equal(item.description, `${events.length} ${events.length === 1 ? 'event' : 'events'}`);
    return events as ModelEventNode[];
  }

  suiteSetup(async () => {
    const api = await runLens();
    assert.ok(api.session.store?.kind === 'sqlite', 'the fixture workspace holds an mlflow.db');
    store = api.session.store;
    const run = { kind: 'run', run: await store.tracking.getRun(facts.modelRunId), childRuns: [] };
    const created = await vscode.commands.executeCommand<ModelVersion>('runlens.run.registerModel', run, { model: `runs:/${facts.modelRunId}/model`, name });
    assert.equal(created?.version, '1', 'Register Model created version 1');
    tree = (await vscode.commands.executeCommand<ModelsTree>('runlens.models.refresh')) as ModelsTree;
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await store.registry.deleteRegisteredModel(name).catch(() => undefined);
  });

  test('a transition with a reason shows in the version\'s and the model\'s History with the user and the reason', async () => {
    const moved = await vscode.commands.executeCommand<ModelVersion>('runlens.model.transitionStage', await versionNode('1'), 'Staging', { reason: REASON });
    assert.equal(moved?.currentStage, 'Staging');

    // The version's History, newest first: the transition, then the creation (who, from which run).
    const versionEvents = await historyOf(await versionNode('1'));
    assert.deepEqual(versionEvents.map((n) => label(tree, n)), ['Moved to Staging', `Created from run ${facts.modelRunId.slice(0, 8)}`]);
    const [transition, creation] = versionEvents.map((n) => tree.getTreeItem(n));
    assert.match(String(transition.description), new RegExp(`^${user} · \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d — "${REASON}"$`, 'u'));
    assert.match(String(creation.description), new RegExp(`^${user} · `, 'u'));
    const tooltip = String(transition.tooltip);
    for (const line of ['From None', 'To Staging', `By ${user}`, `Reason: ${REASON}`]) assert.ok(tooltip.includes(line), `the tooltip lacks "${line}": ${tooltip}`);
    assert.equal(transition.contextValue, 'auditEvent');

    // The model's History names the version.
    const modelEvents = await historyOf(await modelNode());
    assert.equal(label(tree, modelEvents[0]), 'Version 1 moved to Staging');
    assert.ok(String(tree.getTreeItem(modelEvents[0]).description).endsWith(`— "${REASON}"`));
    assert.ok(modelEvents.some((n) => label(tree, n) === `Version 1 created from run ${facts.modelRunId.slice(0, 8)}`));

    // Which version is where, since when and by whom, on the model's own row.
    const modelItem = tree.getTreeItem(await modelNode());
    assert.match(String(modelItem.description), new RegExp(`^Staging v1 \\(${user}, \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\\) · latest v1$`, 'u'));
    // MarkdownString.appendText escapes markdown and spaces; read the text as it shows.
    const shown = (modelItem.tooltip as vscode.MarkdownString).value.replaceAll('&nbsp;', ' ').replace(/\\(.)/gu, '$1');
    assert.ok(shown.includes(`Staging: version 1 since `) && shown.includes(`by ${user} — "${REASON}"`), shown);
  });

  test('the trail\'s own tags are kept in the registry but not listed as tag rows', async () => {
    await vscode.commands.executeCommand('runlens.model.setTag', await modelNode(), 'team', 'vision');
    const stored = (await store.registry.getRegisteredModel(name)).tags.map((t) => t.key);
    assert.ok(stored.some((k) => k.startsWith('runlens.audit.')), `the registry holds the trail: ${stored.join(', ')}`);
    const tagRows = (await tree.getChildren(await modelNode())).filter((n) => n.kind === 'modelTag').map((n) => label(tree, n));
    assert.deepEqual(tagRows, ['team']);
    const versionTagRows = (await tree.getChildren(await versionNode('1'))).filter((n) => n.kind === 'modelTag').map((n) => label(tree, n));
    assert.ok(versionTagRows.every((k) => !k.startsWith('runlens.audit.')), versionTagRows.join(', '));
    // The tag change is itself in the model's History.
    assert.equal(label(tree, (await historyOf(await modelNode()))[0]), 'Tag team = vision');
  });

  test('Show Model Version Details opens a panel with the stage, the source run\'s provenance and the timeline', async () => {
    const details = await vscode.commands.executeCommand<ModelVersionDetails>('runlens.model.showDetails', await versionNode('1'));
    assert.ok(details, 'runlens.model.showDetails returned nothing');
    assert.equal(details.name, name);
    assert.equal(details.version, '1');
    assert.equal(details.stage, 'Staging');
    assert.equal(details.runId, facts.modelRunId);
    const [newest] = details.events;
    assert.deepEqual([newest.action, newest.label, newest.user, newest.change, newest.reason], ['stage', 'Moved to Staging', user, 'None → Staging', REASON]);
    assert.equal(details.events.at(-1)?.action, 'version-created');
    // mlflow recorded the fixture run's git commit (fixture.py runs inside this repository).
    const commit = facts.experiments['iris-classifier'].runs['forest-run'].systemTags['mlflow.source.git.commit'];
    assert.ok(commit, 'the fixture run has a git commit');
    assert.deepEqual(details.provenance.find((f) => f.label === 'Git commit'), { label: 'Git commit', value: commit });
    assert.ok(details.created.some((f) => f.label === 'Source run' && f.value.endsWith(facts.modelRunId)));

    const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('runlens.modelDetails'));
    assert.ok(await waitFor(() => tabs().some((t) => t.label === `${name} v1`)), 'the details panel is open');
    // Asked again for the same version, the same panel comes forward with what is true now.
    await vscode.commands.executeCommand('runlens.model.setAlias', await versionNode('1'), 'candidate', { reason: 'for the A/B test' });
    const again = await vscode.commands.executeCommand<ModelVersionDetails>('runlens.model.showDetails', await versionNode('1'));
    assert.deepEqual(again?.aliases, ['candidate']);
    assert.deepEqual([again?.events[0].label, again?.events[0].reason], ['@candidate → version 1', 'for the A/B test']);
    assert.equal(tabs().filter((t) => t.label === `${name} v1`).length, 1);
  });
});
