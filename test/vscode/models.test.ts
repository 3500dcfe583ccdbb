// The Models view and the registry commands in real VS Code: the fixture's iris-model as mlflow
// registered it, and Register Model, aliases, stages, descriptions, tags, Copy Model URI and
// Delete Version on models this suite registers itself, each effect read back through mlflow.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { ModelVersion, Tag } from '../../src/shared/entities.ts';
import type { OpenedStore } from '../../src/store/openStore.ts';
import type { ModelNode, ModelsNode, ModelVersionNode } from '../../src/vscode/models/modelNodes.ts';
import type { ModelsTree } from '../../src/vscode/models/modelsTree.ts';
import type { LoggedModelNode, RunNode } from '../../src/vscode/treeNodes.ts';
import { fixtureFacts, runLens, runLensExtension, waitFor } from './support/extension.ts';

const exec = promisify(execFile);

/** A registered model as mlflow reads it. */
interface MlflowModel {
  description: string | null;
  tags: Record<string, string>;
  aliases: Record<string, string>;
  versions: Record<string, { stage: string; source: string; runId: string | null; status: string; description: string | null; tags: Record<string, string>; downloadUri: string }>;
  loggedModelTags?: Record<string, string>;
}

const READ_MODEL = `
import json, sys, warnings
warnings.filterwarnings("ignore")
import mlflow
client = mlflow.MlflowClient(sys.argv[1])
name = sys.argv[2]
model = client.get_registered_model(name)
out = {
    "description": model.description,
    "tags": model.tags,
    "aliases": {alias: str(version) for alias, version in model.aliases.items()},
    "versions": {
        str(v.version): {
            "stage": v.current_stage, "source": v.source, "runId": v.run_id, "status": v.status,
            "description": v.description, "tags": v.tags,
            "downloadUri": client.get_model_version_download_uri(name, v.version),
        }
        for v in client.search_model_versions("name = '%s'" % name)
    },
}
if len(sys.argv) > 3:
    out["loggedModelTags"] = client.get_logged_model(sys.argv[3]).tags
print(json.dumps(out))
`;

function ownTags(tags: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).filter(([key]) => !key.startsWith('runlens.audit.')));
}

function label(tree: ModelsTree, node: ModelsNode): string {
  const item = tree.getTreeItem(node);
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

suite('Models view and registry commands', function () {
  this.timeout(180_000);
  const facts = fixtureFacts();
  const name = `models-suite-${Date.now()}`;
  let store: OpenedStore;
  let tree: ModelsTree;
  let trackingUri: string;
  let originalLinks: Tag | undefined;

  async function readModel(model: string, loggedModelId?: string): Promise<MlflowModel> {
    const python = path.join(runLensExtension().extensionPath, '.tools', 'venv', 'bin', 'python');
    const args = ['-c', READ_MODEL, trackingUri, model, ...(loggedModelId ? [loggedModelId] : [])];
    const { stdout } = await exec(python, args, { env: { ...process.env, PYTHONWARNINGS: 'ignore' }, maxBuffer: 16 * 1024 * 1024 });
    return JSON.parse(stdout.trim().split('\n').pop() as string) as MlflowModel;
  }

  async function modelNode(model: string): Promise<ModelNode | undefined> {
    return (await tree.getChildren()).find((n): n is ModelNode => n.kind === 'model' && n.model.name === model);
  }

  /** A version row as the view draws it now (the cache is dropped first). */
  async function versionNode(model: string, version: string): Promise<ModelVersionNode> {
    await vscode.commands.executeCommand('runlens.models.refresh');
    const parent = await modelNode(model);
    assert.ok(parent, `model ${model} is not in the Models view`);
    const found = (await tree.getChildren(parent)).find((n): n is ModelVersionNode => n.kind === 'modelVersion' && n.version.version === version);
    assert.ok(found, `${model} version ${version} is not in the Models view`);
    return found;
  }

  async function runNode(runId: string): Promise<RunNode> {
    return { kind: 'run', run: await store.tracking.getRun(runId), childRuns: [] };
  }

  suiteSetup(async () => {
    const api = await runLens();
    assert.ok(api.session.store?.kind === 'sqlite', 'the fixture workspace holds an mlflow.db');
    store = api.session.store;
    trackingUri = `sqlite:///${store.location}`;
    tree = (await vscode.commands.executeCommand<ModelsTree>('runlens.models.refresh')) as ModelsTree;
    assert.ok(tree, 'runlens.models.refresh resolves to the view\'s data provider');
    originalLinks = (await store.tracking.getLoggedModel(facts.loggedModelId)).tags.find((t) => t.key === 'mlflow.modelVersions');
  });

  // Other suites see the fixture as mlflow wrote it: our model goes, the logged model's links return.
  suiteTeardown(async () => {
    await store.registry.deleteRegisteredModel(name).catch(() => undefined);
    if (originalLinks) await store.tracking.setLoggedModelTags(facts.loggedModelId, [originalLinks]);
    else await store.tracking.deleteLoggedModelTag(facts.loggedModelId, 'mlflow.modelVersions').catch(() => undefined);
  });

  test('lists iris-model with the versions, stages, aliases and sources mlflow registered', async () => {
    const expected = facts.models.find((m) => m.name === 'iris-model');
    assert.ok(expected, 'the fixture registers iris-model');
    await vscode.commands.executeCommand('runlens.models.refresh');
    const model = await modelNode('iris-model');
    assert.ok(model, 'iris-model is in the Models view');
    const modelItem = tree.getTreeItem(model);
    assert.equal(modelItem.contextValue, 'model');
    const highest = String(Math.max(...expected.versions.map((v) => Number(v.version))));
    // Where versions stand first (Production v1 …), then the latest version.
    assert.match(String(modelItem.description), new RegExp(`latest v${highest}$`, 'u'));
    for (const v of expected.versions.filter((x) => x.stage === 'Production')) assert.ok(String(modelItem.description).includes(`Production v${v.version}`));
    for (const [alias, version] of Object.entries(expected.aliases)) assert.ok(String(modelItem.description).includes(`@${alias}→${version}`));
    assert.ok((modelItem.tooltip as vscode.MarkdownString).value.includes(expected.description));

    const versions = (await tree.getChildren(model)).filter((n): n is ModelVersionNode => n.kind === 'modelVersion');
    assert.deepEqual(versions.map((v) => label(tree, v)), [...expected.versions].reverse().map((v) => `Version ${v.version}`));
    for (const fixture of expected.versions) {
      // mlflow's JSON has versions as numbers; the registry's API as strings.
      const node = versions.find((v) => v.version.version === String(fixture.version));
      assert.ok(node);
      assert.equal(node.version.currentStage, fixture.stage);
      assert.equal(node.version.source, fixture.source);
      assert.equal(node.version.runId ?? null, fixture.runId);
      const item = tree.getTreeItem(node);
      assert.equal(item.contextValue, `modelVersion.${fixture.stage.toLowerCase()}`);
      const aliases: string[] = Object.entries(expected.aliases).filter(([, v]) => String(v) === String(fixture.version)).map(([a]) => a).sort();
      assert.deepEqual(node.aliases, aliases);
      for (const alias of aliases) assert.ok(String(item.description).includes(`@${alias}`));
      if (fixture.stage !== 'None') assert.ok(String(item.description).startsWith(fixture.stage));
      // Reveal in Models walks up from a version.
      const parent = await tree.getParent(node);
      assert.equal(parent?.kind === 'model' && parent.model.name, 'iris-model');
      const aliasRows = (await tree.getChildren(node)).filter((n) => n.kind === 'modelAlias');
      assert.deepEqual(aliasRows.map((n) => tree.getTreeItem(n).contextValue), aliases.map(() => 'modelAlias'));
    }
  });

  test('a version registered from an MLflow 3 logged model expands to the model\'s files; MLmodel opens as YAML', async () => {
    const expected = facts.models.find((m) => m.name === 'iris-model')?.versions.find((v) => v.source === `models:/${facts.loggedModelId}`);
    assert.ok(expected, 'the fixture registers the logged model');
    const node = await versionNode('iris-model', String(expected.version));
    assert.equal(tree.getTreeItem(node).collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    const files = (await tree.getChildren(node)).filter((n) => n.kind === 'artifact');
    const names = files.map((n) => label(tree, n));
    assert.ok(names.includes('MLmodel') && names.includes('requirements.txt'), names.join(', '));
    const mlmodel = files.find((n) => n.kind === 'artifact' && n.path === 'MLmodel');
    assert.ok(mlmodel);
    const item = tree.getTreeItem(mlmodel);
    assert.equal(item.command?.command, 'runlens.artifact.open');
    assert.ok(item.id?.startsWith(`modelVersion:iris-model/${expected.version}:`), item.id);
    const opened = await vscode.commands.executeCommand<string>('runlens.artifact.open', mlmodel);
    assert.equal(opened, `runlens-artifact:/models/${facts.loggedModelId}/MLmodel`);
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.languageId, 'yaml');
    assert.match(editor.document.getText(), /^ {2}sklearn:$/mu);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    // A version whose source is a run's MLmodel folder has no logged model to show.
    const other = facts.models.find((m) => m.name === 'iris-model')?.versions.find((v) => !v.source.startsWith('models:/'));
    if (other) assert.deepEqual((await tree.getChildren(await versionNode('iris-model', String(other.version)))).filter((n) => n.kind === 'artifact'), []);
  });

  test('Register Model records the sources mlflow.register_model records, for the MLmodel folder and the logged model', async () => {
    const iris = facts.models.find((m) => m.name === 'iris-model');
    const fromFolder = iris?.versions.find((v) => !v.source.startsWith('models:/'));
    const fromLogged = iris?.versions.find((v) => v.source.startsWith('models:/'));
    assert.ok(fromFolder && fromLogged, 'the fixture registered both kinds of model');
    const run = await runNode(facts.modelRunId);

    const first = await vscode.commands.executeCommand<ModelVersion>('runlens.run.registerModel', run, { model: `runs:/${facts.modelRunId}/model`, name });
    assert.equal(first?.version, '1');
    assert.equal(first.status, 'READY');
    // From the logged model's own row under the run: that model, no picker.
    const loggedRow: LoggedModelNode = { kind: 'loggedModel', run: run.run, model: await store.tracking.getLoggedModel(facts.loggedModelId) };
    const second = await vscode.commands.executeCommand<ModelVersion>('runlens.run.registerModel', loggedRow, { name });
    assert.equal(second?.version, '2');

    const [ours, theirs] = await Promise.all([readModel(name, facts.loggedModelId), readModel('iris-model')]);
    // The same models registered by mlflow (the fixture) and by RunLens read back alike.
    for (const [mine, fixture] of [[ours.versions['1'], theirs.versions[String(fromFolder.version)]], [ours.versions['2'], theirs.versions[String(fromLogged.version)]]]) {
      assert.equal(mine.source, fixture.source);
      assert.equal(mine.runId, fixture.runId);
      assert.equal(mine.downloadUri, fixture.downloadUri);
      assert.equal(mine.status, 'READY');
      assert.equal(mine.stage, 'None');
    }
    const links = JSON.parse(ours.loggedModelTags?.['mlflow.modelVersions'] ?? '[]') as { name: string; version: number }[];
    assert.deepEqual(links.at(-1), { name, version: 2 });

    // The view catches up on its own once the writes are announced.
    assert.ok(await waitFor(async () => (await modelNode(name)) !== undefined), 'the new model appears in the Models view');
  });

  test('Register Model refuses a model the run does not have and an invalid name, registering nothing', async () => {
    const run = await runNode(facts.modelRunId);
    assert.equal(await vscode.commands.executeCommand('runlens.run.registerModel', run, { model: 'no-such-folder', name }), undefined);
    assert.equal(await vscode.commands.executeCommand('runlens.run.registerModel', run, { model: 'model', name: 'a/b' }), undefined);
    assert.deepEqual(Object.keys((await readModel(name)).versions).sort(), ['1', '2']);
  });

  test('set alias (refusing reserved names), copy its URI, delete it', async () => {
    assert.equal(await vscode.commands.executeCommand('runlens.model.setAlias', await versionNode(name, '1'), 'latest'), undefined);
    assert.equal(await vscode.commands.executeCommand('runlens.model.setAlias', await versionNode(name, '1'), 'v3'), undefined);
    assert.deepEqual(await vscode.commands.executeCommand('runlens.model.setAlias', await versionNode(name, '1'), 'candidate'), { name, alias: 'candidate', version: '1' });
    assert.deepEqual((await readModel(name)).aliases, { candidate: '1' });

    const node = await versionNode(name, '1');
    assert.deepEqual(node.aliases, ['candidate']);
    assert.equal(await vscode.commands.executeCommand('runlens.model.copyUri', node, 'alias'), `models:/${name}@candidate`);
    assert.equal(await vscode.env.clipboard.readText(), `models:/${name}@candidate`);
    assert.equal(await vscode.commands.executeCommand('runlens.model.copyUri', node, 'version'), `models:/${name}/1`);
    assert.equal(await vscode.env.clipboard.readText(), `models:/${name}/1`);

    const aliasRow = (await tree.getChildren(node)).find((n) => n.kind === 'modelAlias');
    assert.ok(aliasRow);
    await vscode.commands.executeCommand('runlens.model.deleteAlias', aliasRow);
    assert.deepEqual((await readModel(name)).aliases, {});
    assert.deepEqual((await versionNode(name, '1')).aliases, []);
  });

  test('transition stage, archiving the version already in Production when asked', async () => {
    await vscode.commands.executeCommand('runlens.model.transitionStage', await versionNode(name, '1'), 'Production');
    const moved = await vscode.commands.executeCommand<ModelVersion>('runlens.model.transitionStage', await versionNode(name, '2'), 'production', { archiveExisting: true });
    assert.equal(moved?.currentStage, 'Production');
    const seen = await readModel(name);
    assert.equal(seen.versions['1'].stage, 'Archived');
    assert.equal(seen.versions['2'].stage, 'Production');
    const node = await versionNode(name, '2');
    assert.equal(tree.getTreeItem(node).contextValue, 'modelVersion.production');
    assert.equal(tree.getTreeItem(await versionNode(name, '1')).contextValue, 'modelVersion.archived');
  });

  test('edit descriptions and set and delete tags of the model and of a version', async () => {
    const model = await modelNode(name);
    assert.ok(model);
    await vscode.commands.executeCommand('runlens.model.editDescription', model, 'Registered by the **Models** suite.');
    await vscode.commands.executeCommand('runlens.model.editDescription', await versionNode(name, '2'), 'From the logged model.');
    assert.deepEqual(await vscode.commands.executeCommand('runlens.model.setTag', model, 'team', 'vision'), { key: 'team', value: 'vision' });
    await vscode.commands.executeCommand('runlens.model.setTag', await versionNode(name, '2'), 'validation/status', 'passed');
    assert.equal(await vscode.commands.executeCommand('runlens.model.setTag', model, 'bad$key', 'x'), undefined);
    let seen = await readModel(name);
    assert.equal(seen.description, 'Registered by the **Models** suite.');
    assert.equal(seen.versions['2'].description, 'From the logged model.');
    // mlflow also reads the audit trail's runlens.audit.* tags; the model's own tags are the rest.
    assert.deepEqual(ownTags(seen.tags), { team: 'vision' });
    assert.deepEqual(seen.versions['2'].tags, { 'validation/status': 'passed' });

    const version = await versionNode(name, '2');
    const versionTag = (await tree.getChildren(version)).find((n) => n.kind === 'modelTag');
    const modelTag = (await tree.getChildren(await modelNode(name))).find((n) => n.kind === 'modelTag');
    assert.ok(versionTag && modelTag, 'tags show under the version and the model');
    assert.equal(tree.getTreeItem(versionTag).contextValue, 'modelTag');
    await vscode.commands.executeCommand('runlens.model.deleteTag', versionTag);
    await vscode.commands.executeCommand('runlens.model.deleteTag', modelTag);
    seen = await readModel(name);
    assert.deepEqual(ownTags(seen.tags), {});
    assert.deepEqual(seen.versions['2'].tags, {});
  });

  test('delete a version once confirmed; its alias goes with it', async () => {
    await vscode.commands.executeCommand('runlens.model.setAlias', await versionNode(name, '2'), 'doomed');
    const deleted = await vscode.commands.executeCommand('runlens.model.deleteVersion', await versionNode(name, '2'), { confirmed: true });
    assert.deepEqual(deleted, { name, version: '2' });
    const seen = await readModel(name);
    assert.deepEqual(Object.keys(seen.versions), ['1']);
    assert.deepEqual(seen.aliases, {});
    await vscode.commands.executeCommand('runlens.models.refresh');
    const model = await modelNode(name);
    assert.ok(model);
    assert.deepEqual((await tree.getChildren(model)).filter((n) => n.kind === 'modelVersion').map((n) => label(tree, n)), ['Version 1']);
  });
});
