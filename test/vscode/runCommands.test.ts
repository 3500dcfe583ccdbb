// Run management in real VS Code: every command driven through executeCommand with explicit values,
// on runs this suite creates in its own experiment, each effect read back through the real mlflow.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { RunInfo, Tag } from '../../src/shared/entities.ts';
import type { OpenedStore } from '../../src/store/openStore.ts';
import type { RunNode, RunValueNode } from '../../src/vscode/treeNodes.ts';
import { runLens, runLensExtension } from './support/extension.ts';

const exec = promisify(execFile);

/** A run as mlflow reads it (test/vscode/py/read_run.py). */
interface MlflowRun {
  runName: string;
  nameColumn: string;
  status: string;
  endTime: number | null;
  lifecycleStage: string;
  artifactUri: string;
  tags: Record<string, string>;
}

const repoRoot = () => runLensExtension().extensionPath;
const NOTE_TAG = 'mlflow.note.content';

suite('Run management commands', function () {
  this.timeout(120_000);
  let store: OpenedStore;
  let trackingUri: string;
  let experimentId: string;

  async function readRuns(...runIds: string[]): Promise<Record<string, MlflowRun>> {
    const python = path.join(repoRoot(), '.tools', 'venv', 'bin', 'python');
    const script = path.join(repoRoot(), 'test', 'vscode', 'py', 'read_run.py');
    const { stdout } = await exec(python, [script, trackingUri, ...runIds], { env: { ...process.env, PYTHONWARNINGS: 'ignore' }, maxBuffer: 16 * 1024 * 1024 });
    return JSON.parse(stdout.trim().split('\n').pop() as string) as Record<string, MlflowRun>;
  }

  async function readRun(runId: string): Promise<MlflowRun> {
    return (await readRuns(runId))[runId];
  }

  /** A node as the Experiments view would hand it over, fresh from the store. */
  async function node(runId: string): Promise<RunNode> {
    return { kind: 'run', run: await store.tracking.getRun(runId), childRuns: [] };
  }

  /** A run of this suite's own experiment; RUNNING unless `finished`. */
  async function newRun(runName: string, finished = true): Promise<RunNode> {
    const run = await store.tracking.createRun({ experimentId, runName, startTime: Date.now() });
    if (finished) await store.tracking.updateRun(run.info.runId, { status: 'FINISHED', endTime: Date.now() });
    return node(run.info.runId);
  }

  suiteSetup(async () => {
    const api = await runLens();
    assert.ok(api.session.store?.kind === 'sqlite', 'the fixture workspace holds an mlflow.db');
    store = api.session.store;
    trackingUri = `sqlite:///${store.location}`;
    experimentId = await store.tracking.createExperiment(`run-commands-${Date.now()}`);
  });

  // Other suites expect the fixture's experiments only: ours goes, as a user would delete it.
  suiteTeardown(async () => {
    if (experimentId) await store.tracking.deleteExperiment(experimentId);
  });

  test('rename sets the name where mlflow keeps it: the run name, runs.name and the mlflow.runName tag', async () => {
    const run = await newRun('before-rename');
    const info = await vscode.commands.executeCommand<RunInfo>('runlens.run.rename', run, 'after-rename');
    assert.equal(info?.runName, 'after-rename');
    const seen = await readRun(run.run.info.runId);
    assert.deepEqual([seen.runName, seen.nameColumn, seen.tags['mlflow.runName']], ['after-rename', 'after-rename', 'after-rename']);
  });

  test('rename refuses an empty name and one longer than the runs.name column', async () => {
    const run = await newRun('keeps-its-name');
    assert.equal(await vscode.commands.executeCommand('runlens.run.rename', run, '  '), undefined);
    assert.equal(await vscode.commands.executeCommand('runlens.run.rename', run, 'n'.repeat(251)), undefined);
    const seen = await readRun(run.run.info.runId);
    assert.equal(seen.runName, 'keeps-its-name');
    assert.equal(seen.tags['mlflow.runName'], 'keeps-its-name');
  });

  test('set tag writes the tag; setting mlflow.runName renames the run as mlflow does', async () => {
    const run = await newRun('tagged');
    const tag = await vscode.commands.executeCommand<Tag>('runlens.run.setTag', run, 'review/status', 'approved: yes');
    assert.deepEqual(tag, { key: 'review/status', value: 'approved: yes' });
    await vscode.commands.executeCommand('runlens.run.setTag', run, 'mlflow.runName', 'renamed-by-tag');
    const seen = await readRun(run.run.info.runId);
    assert.equal(seen.tags['review/status'], 'approved: yes');
    assert.equal(seen.runName, 'renamed-by-tag');
    assert.equal(seen.nameColumn, 'renamed-by-tag');
  });

  test('set tag refuses keys mlflow refuses and over-long values, writing nothing', async () => {
    const run = await newRun('not-tagged');
    for (const key of ['a//b', 'bad$key', '../up', 'k'.repeat(251)]) {
      assert.equal(await vscode.commands.executeCommand('runlens.run.setTag', run, key, 'v'), undefined, key);
    }
    assert.equal(await vscode.commands.executeCommand('runlens.run.setTag', run, 'long', 'x'.repeat(8001)), undefined);
    const seen = await readRun(run.run.info.runId);
    assert.deepEqual(Object.keys(seen.tags).filter((k) => !k.startsWith('mlflow.')), []);
  });

  test('delete tag removes the tag a tag node stands for', async () => {
    const run = await newRun('untagged-later');
    await store.tracking.setTag(run.run.info.runId, { key: 'temporary', value: 'soon gone' });
    await store.tracking.setTag(run.run.info.runId, { key: 'kept', value: 'stays' });
    const fresh = await node(run.run.info.runId);
    const tagNode: RunValueNode = { kind: 'tag', run: fresh.run, key: 'temporary', value: 'soon gone' };
    assert.deepEqual(await vscode.commands.executeCommand('runlens.run.deleteTag', tagNode), { key: 'temporary', value: 'soon gone' });
    const seen = await readRun(run.run.info.runId);
    assert.equal(seen.tags.temporary, undefined);
    assert.equal(seen.tags.kept, 'stays');
  });

  test('edit note with text stores markdown in mlflow.note.content', async () => {
    const run = await newRun('noted');
    const note = '# Findings\n\n- lr 0.01 *overfits*\n- try `dropout=0.3`\n';
    assert.equal(await vscode.commands.executeCommand('runlens.run.editNote', run, note), note);
    assert.equal((await readRun(run.run.info.runId)).tags[NOTE_TAG], note);
  });

  test('edit note without text opens the note as markdown; saving the document stores it', async () => {
    const run = await newRun('noted-in-editor');
    await store.tracking.setTag(run.run.info.runId, { key: NOTE_TAG, value: 'first draft' });
    const uri = await vscode.commands.executeCommand<vscode.Uri>('runlens.run.editNote', await node(run.run.info.runId));
    assert.ok(uri, 'the command returns the note document');
    const document = await vscode.workspace.openTextDocument(uri);
    assert.equal(document.getText(), 'first draft');
    assert.equal(document.languageId, 'markdown');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), '## Second draft\n\nwith *markdown*\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await document.save(), 'the note document saves');
    assert.equal((await readRun(run.run.info.runId)).tags[NOTE_TAG], '## Second draft\n\nwith *markdown*\n');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('delete (confirmed) marks the run deleted in mlflow; restore brings it back', async () => {
    const run = await newRun('deleted-then-restored');
    const id = run.run.info.runId;
    assert.deepEqual(await vscode.commands.executeCommand('runlens.run.delete', run, { confirmed: true }), [id]);
    assert.equal((await readRun(id)).lifecycleStage, 'deleted');
    assert.deepEqual(await vscode.commands.executeCommand('runlens.run.restore', await node(id)), [id]);
    assert.equal((await readRun(id)).lifecycleStage, 'active');
  });

  test('delete and restore apply to every selected run', async () => {
    const [a, b, other] = await Promise.all([newRun('multi-a'), newRun('multi-b'), newRun('not-selected')]);
    const ids = [a.run.info.runId, b.run.info.runId];
    assert.deepEqual(await vscode.commands.executeCommand('runlens.run.delete', a, [a, b], { confirmed: true }), ids);
    let seen = await readRuns(...ids, other.run.info.runId);
    assert.deepEqual(ids.map((id) => seen[id].lifecycleStage), ['deleted', 'deleted']);
    assert.equal(seen[other.run.info.runId].lifecycleStage, 'active');
    const [da, db] = await Promise.all(ids.map(node));
    assert.deepEqual(await vscode.commands.executeCommand('runlens.run.restore', db, [da, db]), ids);
    seen = await readRuns(...ids);
    assert.deepEqual(ids.map((id) => seen[id].lifecycleStage), ['active', 'active']);
  });

  test('copy run ID and artifact URI put mlflow\'s values on the clipboard', async () => {
    const run = await newRun('copied');
    const seen = await readRun(run.run.info.runId);
    assert.equal(await vscode.commands.executeCommand('runlens.run.copyId', run), run.run.info.runId);
    assert.equal(await vscode.env.clipboard.readText(), run.run.info.runId);
    assert.equal(await vscode.commands.executeCommand('runlens.run.copyArtifactUri', run), seen.artifactUri);
    assert.equal(await vscode.env.clipboard.readText(), seen.artifactUri);
  });

  test('mark killed / failed closes a RUNNING run with status and end time', async () => {
    const [killed, failed] = await Promise.all([newRun('stale-killed', false), newRun('stale-failed', false)]);
    const before = Date.now();
    const info = await vscode.commands.executeCommand<RunInfo>('runlens.run.markKilled', killed, { confirmed: true });
    assert.equal(info?.status, 'KILLED');
    await vscode.commands.executeCommand('runlens.run.markFailed', failed, { confirmed: true });
    const after = Date.now();
    const seen = await readRuns(killed.run.info.runId, failed.run.info.runId);
    assert.equal(seen[killed.run.info.runId].status, 'KILLED');
    assert.equal(seen[failed.run.info.runId].status, 'FAILED');
    for (const run of Object.values(seen)) assert.ok(run.endTime !== null && run.endTime >= before && run.endTime <= after, `end time ${run.endTime}`);
  });

  test('mark killed / failed refuses a run that is not RUNNING, even from a stale node', async () => {
    const finished = await newRun('already-finished');
    assert.equal(await vscode.commands.executeCommand('runlens.run.markKilled', finished, { confirmed: true }), undefined);
    // The node still says RUNNING, the store says FAILED: the store wins.
    const stale = await newRun('closed-elsewhere', false);
    await store.tracking.updateRun(stale.run.info.runId, { status: 'FAILED', endTime: 123 });
    assert.equal(await vscode.commands.executeCommand('runlens.run.markKilled', stale, { confirmed: true }), undefined);
    const seen = await readRuns(finished.run.info.runId, stale.run.info.runId);
    assert.equal(seen[finished.run.info.runId].status, 'FINISHED');
    assert.deepEqual([seen[stale.run.info.runId].status, seen[stale.run.info.runId].endTime], ['FAILED', 123]);
  });

  test('open in MLflow UI is refused for a local store', async () => {
    const run = await newRun('local-only');
    assert.equal(await vscode.commands.executeCommand('runlens.run.openInMlflowUi', run), undefined);
  });
});
