// Artifacts in editor tabs, in real VS Code: the runlens-artifact: file system and the artifact
// commands, against the files the real mlflow logged into the fixture store.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite, suiteTeardown, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { OpenedStore } from '../../src/store/openStore.ts';
import { ArtifactCommands } from '../../src/vscode/artifacts/artifactCommands.ts';
import type { ArtifactFileSystem } from '../../src/vscode/artifacts/artifactFileSystem.ts';
import type { StoreSession } from '../../src/vscode/storeSession.ts';
import type { ArtifactNode, ExperimentsNode, RunNode } from '../../src/vscode/treeNodes.ts';
import { fixtureFacts, fixtureRun, runLens, waitFor } from './support/extension.ts';

const SCHEME = 'runlens-artifact';

/** The local folder behind an artifact URI mlflow recorded (a plain path or a file: URI). */
function localRoot(artifactUri: string): string {
  return artifactUri.startsWith('file:') ? fileURLToPath(artifactUri) : artifactUri;
}

function onDisk(artifactUri: string, artifactPath: string): string {
  return path.join(localRoot(artifactUri), ...artifactPath.split('/'));
}

function runUri(runId: string, artifactPath: string): vscode.Uri {
  return vscode.Uri.from({ scheme: SCHEME, path: `/runs/${runId}/${artifactPath}` });
}

/** An artifact row of the Experiments view, reached the way a user expands the tree. */
async function artifactNode(experiment: string, runName: string, artifactPath: string): Promise<ArtifactNode> {
  const tree = (await runLens()).experimentsTree;
  const experimentNode = (await tree.getChildren()).find((n) => n.kind === 'experiment' && n.experiment.name === experiment);
  assert.ok(experimentNode, `no experiment ${experiment} in the tree`);
  const runNode = (await tree.getChildren(experimentNode)).find((n): n is RunNode => n.kind === 'run' && n.run.info.runName === runName);
  assert.ok(runNode, `no run ${runName} in the tree`);
  let level: ExperimentsNode | undefined = (await tree.getChildren(runNode)).find((n) => n.kind === 'section' && n.section === 'artifacts');
  const segments = artifactPath.split('/');
  for (let depth = 1; depth <= segments.length; depth += 1) {
    assert.ok(level);
    const wanted = segments.slice(0, depth).join('/');
    level = (await tree.getChildren(level)).find((n) => n.kind === 'artifact' && n.path === wanted);
  }
  assert.ok(level?.kind === 'artifact', `no artifact ${artifactPath} under ${runName}`);
  return level;
}

function activeTabInput(): unknown {
  return vscode.window.tabGroups.activeTabGroup.activeTab?.input;
}

function isFileSystemError(code: string) {
  return (error: unknown): boolean => error instanceof vscode.FileSystemError && error.code === code;
}

suite('Artifacts', () => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'runlens-artifacts-test-'));
  const forest = fixtureRun('iris-classifier', 'forest-run');
  const logreg = fixtureRun('iris-classifier', 'logreg-run');

  teardown(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));
  suiteTeardown(() => rmSync(scratch, { recursive: true, force: true }));

  test('the model run is the forest run mlflow reported', () => {
    assert.equal(forest.runId, fixtureFacts().modelRunId);
  });

  test('reads a PNG through the file system with the bytes mlflow stored', async () => {
    await runLens();
    const bytes = await vscode.workspace.fs.readFile(runUri(forest.runId, 'plots/confusion.png'));
    assert.deepEqual(Buffer.from(bytes), readFileSync(onDisk(forest.artifactUri, 'plots/confusion.png')));
  });

  test('stats files and folders with their sizes', async () => {
    const file = await vscode.workspace.fs.stat(runUri(forest.runId, 'notes.txt'));
    assert.equal(file.type, vscode.FileType.File);
    assert.equal(file.size, statSync(onDisk(forest.artifactUri, 'notes.txt')).size);
    assert.equal((await vscode.workspace.fs.stat(runUri(forest.runId, 'model'))).type, vscode.FileType.Directory);
  });

  test('lists the run root as the folder on disk holds it', async () => {
    const listed = await vscode.workspace.fs.readDirectory(vscode.Uri.from({ scheme: SCHEME, path: `/runs/${forest.runId}` }));
    const expected = readdirSync(localRoot(forest.artifactUri), { withFileTypes: true }).map((d): [string, vscode.FileType] => [d.name, d.isDirectory() ? vscode.FileType.Directory : vscode.FileType.File]);
    assert.deepEqual([...listed].sort(), expected.sort());
    for (const name of ['plots', 'metrics.json', 'notes.txt', 'model']) assert.ok(listed.some(([n]) => n === name), `${name} is not listed`);
  });

  test("reads a logged model's MLmodel under /models/<modelId>/", async () => {
    const { loggedModelId } = fixtureFacts();
    const store = await (await runLens()).session.requireStore();
    const model = await store.tracking.getLoggedModel(loggedModelId);
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.from({ scheme: SCHEME, path: `/models/${loggedModelId}/MLmodel` }));
    assert.deepEqual(Buffer.from(bytes), readFileSync(onDisk(model.artifactUri, 'MLmodel')));
  });

  test('a missing artifact, run or folder is FileNotFound', async () => {
    await assert.rejects(async () => vscode.workspace.fs.readFile(runUri(forest.runId, 'no-such-file.txt')), isFileSystemError('FileNotFound'));
    await assert.rejects(async () => vscode.workspace.fs.stat(runUri(forest.runId, 'plots/missing.png')), isFileSystemError('FileNotFound'));
    await assert.rejects(async () => vscode.workspace.fs.readDirectory(runUri(forest.runId, 'no-such-folder')), isFileSystemError('FileNotFound'));
    await assert.rejects(async () => vscode.workspace.fs.readFile(runUri('ffffffffffffffffffffffffffffffff', 'notes.txt')), isFileSystemError('FileNotFound'));
  });

  test('the file system is read-only', async () => {
    await assert.rejects(async () => vscode.workspace.fs.writeFile(runUri(forest.runId, 'notes.txt'), Buffer.from('changed')));
    await assert.rejects(async () => vscode.workspace.fs.delete(runUri(forest.runId, 'notes.txt')));
    assert.equal(readFileSync(onDisk(forest.artifactUri, 'notes.txt'), 'utf8'), `forest: trained on iris, seed 1\n`);
  });

  test("opens a PNG in VS Code's image preview", async () => {
    const node = await artifactNode('iris-classifier', 'forest-run', 'plots/confusion.png');
    const opened = await vscode.commands.executeCommand<string>('runlens.artifact.open', node);
    const expected = runUri(forest.runId, 'plots/confusion.png');
    assert.equal(opened, expected.toString());
    assert.ok(await waitFor(() => activeTabInput() instanceof vscode.TabInputCustom), 'no custom editor tab became active');
    const input = activeTabInput() as vscode.TabInputCustom;
    assert.equal(input.uri.toString(), expected.toString());
    assert.equal(input.viewType, 'imagePreview.previewEditor');
  });

  test('opens MLmodel as a YAML document with the text mlflow wrote', async () => {
    const node = await artifactNode('iris-classifier', 'forest-run', 'model/MLmodel');
    const opened = await vscode.commands.executeCommand<string>('runlens.artifact.open', node);
    assert.equal(opened, runUri(forest.runId, 'model/MLmodel').toString());
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'no text editor is active');
    assert.equal(editor.document.uri.toString(), opened);
    assert.equal(editor.document.languageId, 'yaml');
    assert.equal(editor.document.getText(), readFileSync(onDisk(forest.artifactUri, 'model/MLmodel'), 'utf8'));
    const input = activeTabInput();
    assert.ok(input instanceof vscode.TabInputText && input.uri.toString() === opened);
  });

  test('opens JSON with its own language, and does nothing for a folder', async () => {
    const json = await artifactNode('iris-classifier', 'forest-run', 'metrics.json');
    await vscode.commands.executeCommand('runlens.artifact.open', json);
    assert.equal(vscode.window.activeTextEditor?.document.languageId, 'json');
    const folder = await artifactNode('iris-classifier', 'forest-run', 'plots');
    assert.equal(await vscode.commands.executeCommand('runlens.artifact.open', folder), undefined);
  });

  test("compares notes.txt and metrics.json with another run's in a diff editor", async () => {
    for (const file of ['notes.txt', 'metrics.json']) {
      const node = await artifactNode('iris-classifier', 'forest-run', file);
      const compared = await vscode.commands.executeCommand<{ left: string; right: string }>('runlens.artifact.compareWith', node, logreg.runId);
      assert.deepEqual(compared, { left: runUri(logreg.runId, file).toString(), right: runUri(forest.runId, file).toString() });
      assert.ok(await waitFor(() => activeTabInput() instanceof vscode.TabInputTextDiff), `no diff tab for ${file}`);
      const input = activeTabInput() as vscode.TabInputTextDiff;
      assert.equal(input.original.toString(), compared.left);
      assert.equal(input.modified.toString(), compared.right);
      const left = await vscode.workspace.openTextDocument(input.original);
      assert.equal(left.getText(), readFileSync(onDisk(logreg.artifactUri, file), 'utf8'));
    }
  });

  test('comparing with a run that lacks the file opens no diff', async () => {
    const node = await artifactNode('iris-classifier', 'forest-run', 'plots/confusion.png');
    assert.equal(await vscode.commands.executeCommand('runlens.artifact.compareWith', node, logreg.runId), undefined);
    assert.equal(vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputTextDiff), false);
  });

  test('without a run it asks for one, and opens nothing when dismissed', async () => {
    const node = await artifactNode('iris-classifier', 'forest-run', 'notes.txt');
    const pending = vscode.commands.executeCommand('runlens.artifact.compareWith', node);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.equal(await pending, undefined);
    assert.equal(vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputTextDiff), false);
  });

  test('downloads a file and a whole folder to a chosen folder', async () => {
    const file = await artifactNode('iris-classifier', 'forest-run', 'plots/confusion.png');
    const target = vscode.Uri.file(path.join(scratch, 'downloads'));
    const written = await vscode.commands.executeCommand<string>('runlens.artifact.download', file, target);
    assert.equal(written, path.join(target.fsPath, 'confusion.png'));
    assert.deepEqual(readFileSync(written), readFileSync(onDisk(forest.artifactUri, 'plots/confusion.png')));

    const folder = await artifactNode('iris-classifier', 'forest-run', 'model');
    const folderWritten = await vscode.commands.executeCommand<string>('runlens.artifact.download', folder, target);
    assert.equal(folderWritten, path.join(target.fsPath, 'model'));
    const source = onDisk(forest.artifactUri, 'model');
    const expected = readdirSync(source, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(path.join(source, f)).isFile()).sort();
    assert.ok(expected.includes('MLmodel'));
    assert.deepEqual(readdirSync(folderWritten, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(path.join(folderWritten, f)).isFile()).sort(), expected);
    for (const relative of expected) assert.deepEqual(readFileSync(path.join(folderWritten, relative)), readFileSync(path.join(source, relative)), relative);
  });

  test('reveals a local artifact without error', async () => {
    const node = await artifactNode('iris-classifier', 'forest-run', 'notes.txt');
    const revealed = await vscode.commands.executeCommand<string>('runlens.artifact.reveal', node);
    assert.equal(revealed, onDisk(forest.artifactUri, 'notes.txt'));
  });

  test('refuses to reveal artifacts of a remote store', async () => {
    const node = await artifactNode('iris-classifier', 'forest-run', 'notes.txt');
    const remote = { kind: 'remote', location: 'http://tracking.example:5000' } as OpenedStore;
    const session = { requireStore: () => Promise.resolve(remote), log: (await runLens()).session.log } as unknown as StoreSession;
    const commands = new ArtifactCommands(session, undefined as unknown as ArtifactFileSystem);
    await assert.rejects(commands.reveal(node), (e) => e instanceof Error && e.name === 'UserError' && /only for local stores/u.test(e.message));
  });
});
