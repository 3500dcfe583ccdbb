// Compare Model Versions and Copy Load Snippet in real VS Code: the fixture's iris-model v1 (a run's
// MLmodel folder) against v2 (an MLflow 3 logged model) as diffs that read back mlflow's own files;
// a model registered from two runs opens Compare Runs with both and shows a promotion's reason in the
// summaries; the copied snippet loads the model with the real mlflow.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { suite, suiteSetup, suiteTeardown, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { OpenedStore } from '../../src/store/openStore.ts';
import type { VersionComparison } from '../../src/vscode/models/compareVersions.ts';
import type { ModelNode, ModelVersionNode } from '../../src/vscode/models/modelNodes.ts';
import type { ModelsTree } from '../../src/vscode/models/modelsTree.ts';
import { fixtureFacts, runLens, runLensExtension, waitFor } from './support/extension.ts';

const exec = promisify(execFile);
const python = () => path.join(runLensExtension().extensionPath, '.tools', 'venv', 'bin', 'python');

async function text(uri: string): Promise<string> {
  return (await vscode.workspace.openTextDocument(vscode.Uri.parse(uri))).getText();
}

function diffTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff);
}

suite('Compare Model Versions and Copy Load Snippet', function () {
  this.timeout(180_000);
  const facts = fixtureFacts();
  const twoRuns = `compare-suite-${Date.now()}`;
  let store: OpenedStore;
  let tree: ModelsTree;
  let made: { experimentId: string; runIds: string[]; loggedModelId: string } | undefined;

  async function versionNode(model: string, version: string): Promise<ModelVersionNode> {
    tree = (await vscode.commands.executeCommand<ModelsTree>('runlens.models.refresh')) as ModelsTree;
    const parent = (await tree.getChildren()).find((n): n is ModelNode => n.kind === 'model' && n.model.name === model);
    assert.ok(parent, `${model} is not in the Models view`);
    const found = (await tree.getChildren(parent)).find((n): n is ModelVersionNode => n.kind === 'modelVersion' && n.version.version === version);
    assert.ok(found, `${model} version ${version} is not in the Models view`);
    return found;
  }

  suiteSetup(async () => {
    const api = await runLens();
    assert.ok(api.session.store?.kind === 'sqlite', 'the fixture workspace holds an mlflow.db');
    store = api.session.store;
  });

  teardown(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  suiteTeardown(async () => {
    await store.registry.deleteRegisteredModel(twoRuns).catch(() => undefined);
    if (made) await store.tracking.deleteExperiment(made.experimentId).catch(() => undefined);
  });

  test('two selected versions of iris-model: MLmodel and requirements.txt diffs that read back mlflow\'s files, and the summaries', async () => {
    const [v1, v2] = [await versionNode('iris-model', '1'), await versionNode('iris-model', '2')];
    // As a row menu passes them: the clicked row, then the selection (newer first: the diff still reads v1 ↔ v2).
    const result = await vscode.commands.executeCommand<VersionComparison>('runlens.model.compareVersions', v2, [v2, v1]);
    assert.ok(result, 'runlens.model.compareVersions returned nothing');
    assert.deepEqual([result.left, result.right], [{ name: 'iris-model', version: '1' }, { name: 'iris-model', version: '2' }]);

    const files = result.diffs.map((d) => d.file);
    assert.deepEqual(files.slice(0, 2), ['MLmodel', 'requirements.txt']);
    const requirements = result.diffs.find((d) => d.file === 'requirements.txt');
    assert.ok(requirements);
    // v1 lives in its run's artifacts, v2 with its logged model.
    assert.equal(requirements.left, `runlens-artifact:/runs/${facts.modelRunId}/model/requirements.txt`);
    assert.equal(requirements.right, `runlens-artifact:/models/${facts.loggedModelId}/requirements.txt`);
    assert.equal(requirements.title, 'iris-model v1 ↔ v2: requirements.txt');
    for (const side of [requirements.left, requirements.right]) {
      const body = await text(side);
      assert.match(body, /^mlflow/mu, side);
      assert.match(body, /^scikit-learn/mu, side);
    }
    const mlmodel = result.diffs.find((d) => d.file === 'MLmodel');
    assert.ok(mlmodel);
    for (const side of [mlmodel.left, mlmodel.right]) {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(side));
      assert.match(document.getText(), /^flavors:\n(?: {2}\S.*\n(?: {4}.*\n)*)*? {2}sklearn:/mu, side);
      assert.equal(document.languageId, 'yaml', `${side} opens as YAML`);
    }
    // Every diff is an open tab, titled by the pair and the file.
    const titles = diffTabs().map((t) => t.label);
    for (const diff of [...result.diffs, result.summary]) assert.ok(titles.includes(diff.title), `no tab "${diff.title}" among ${titles.join(', ')}`);

    // Both versions come from forest-run: nothing to compare there, and the user is told.
    assert.deepEqual(result.runs, [facts.modelRunId]);
    assert.equal(result.comparePanel, undefined);
    assert.ok(result.notes.some((n) => n.includes('Both versions come from run')), result.notes.join(' '));

    const [left, right] = [await text(result.summary.left), await text(result.summary.right)];
    assert.match(left, /^stage: +Production$/mu);
    assert.match(left, /^aliases: +@champion$/mu);
    assert.match(left, new RegExp(`^source run: +forest-run \\(${facts.modelRunId}\\)$`, 'mu'));
    assert.match(left, /^timeline:\n {2}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC {2}created/mu);
    assert.match(right, new RegExp(`^source: +models:/${facts.loggedModelId}$`, 'mu'));
    assert.match(right, /^aliases: +none$/mu);
  });

  test('a version and an explicit other version of the same model compare the same way', async () => {
    const result = await vscode.commands.executeCommand<VersionComparison>('runlens.model.compareVersions', await versionNode('iris-model', '1'), '2');
    assert.ok(result);
    assert.deepEqual(result.diffs.map((d) => d.title).slice(0, 2), ['iris-model v1 ↔ v2: MLmodel', 'iris-model v1 ↔ v2: requirements.txt']);
  });

  test('versions from two runs open Compare Runs with both; a file only one has diffs against an empty document', async () => {
    const trackingUri = `sqlite:///${store.location}`;
    const script = path.join(runLensExtension().extensionPath, 'test', 'vscode', 'py', 'compare_versions.py');
    const { stdout } = await exec(python(), [script, trackingUri, twoRuns, twoRuns], { env: { ...process.env, PYTHONWARNINGS: 'ignore' }, maxBuffer: 16 * 1024 * 1024 });
    made = JSON.parse(stdout.trim().split('\n').pop() as string) as typeof made;
    assert.ok(made);
    // A promotion with a reason lands in version 2's summary, read from the audit trail.
    await vscode.commands.executeCommand('runlens.model.transitionStage', await versionNode(twoRuns, '2'), 'Staging', { reason: 'better recall on the holdout' });
    const result = await vscode.commands.executeCommand<VersionComparison>('runlens.model.compareVersions', await versionNode(twoRuns, '1'), '2');
    assert.ok(result);
    assert.match(await text(result.summary.right), /^stage: +Staging$/mu);
    assert.match(await text(result.summary.right), /^ {2}\S+ \S+ UTC {2}stage None → Staging by .* — "better recall on the holdout"$/mu);
    assert.doesNotMatch(await text(result.summary.left), /Staging/u);
    assert.deepEqual(result.runs, made.runIds);
    assert.ok(result.comparePanel, `Compare Runs was not opened: ${result.notes.join(' ')}`);
    assert.deepEqual(result.comparePanel.runIds, made.runIds);
    assert.ok(await waitFor(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('runlens.compare')), 15_000), 'no Compare Runs tab');

    // Only the logged model (v2) was logged with an input example.
    const example = result.diffs.find((d) => d.file === 'input_example.json');
    assert.ok(example, `no input_example.json diff among ${result.diffs.map((d) => d.file).join(', ')}`);
    assert.match(example.left, /^runlens-model-version:/u);
    assert.equal(await text(example.left), '');
    assert.equal(example.right, `runlens-artifact:/models/${made.loggedModelId}/input_example.json`);
    assert.match(await text(example.right), /5\.1/u, 'the first iris row');
    assert.deepEqual(result.notes, []);
  });

  test('Copy Load Snippet copies pyfunc and sklearn loaders that load the model with the real mlflow', async () => {
    const v1 = await versionNode('iris-model', '1');
    const snippet = await vscode.commands.executeCommand<string>('runlens.model.copyLoadSnippet', v1, 'alias');
    assert.ok(snippet, 'runlens.model.copyLoadSnippet returned nothing');
    assert.equal(await vscode.env.clipboard.readText(), snippet);
    assert.match(snippet, /^import mlflow$/mu);
    assert.match(snippet, /^model = mlflow\.pyfunc\.load_model\("models:\/iris-model@champion"\)$/mu);
    assert.match(snippet, /^sklearn_model = mlflow\.sklearn\.load_model\("models:\/iris-model@champion"\)$/mu);

    // Version 2 has no alias: its one URI is used without asking.
    const v2Snippet = await vscode.commands.executeCommand<string>('runlens.model.copyLoadSnippet', await versionNode('iris-model', '2'));
    assert.match(v2Snippet, /mlflow\.pyfunc\.load_model\("models:\/iris-model\/2"\)/u);
    assert.equal(await vscode.env.clipboard.readText(), v2Snippet);

    // What was copied runs: both loaders return the model mlflow saved.
    for (const copied of [snippet, v2Snippet]) {
      const program = `${copied}\nimport json\nprint(json.dumps([type(model).__name__, type(sklearn_model).__name__, model.predict([[5.1, 3.5, 1.4, 0.2]]).tolist()]))\n`;
      const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
      const { stdout } = await exec(python(), ['-c', program], { cwd: workspace, env: { ...process.env, PYTHONWARNINGS: 'ignore', MLFLOW_TRACKING_URI: `sqlite:///${store.location}` }, maxBuffer: 16 * 1024 * 1024 });
      assert.deepEqual(JSON.parse(stdout.trim().split('\n').pop() as string), ['PyFuncModel', 'LogisticRegression', [0]]);
    }
  });
});
