// Run management from the Experiments view: rename, tags, note, delete/restore, copy id and
// artifact URI, close a stale RUNNING run, open the run in the MLflow UI. Every handler takes the
// tree node first and optional explicit values that skip the prompts (tests, keybindings).
import * as vscode from 'vscode';
import type { RunInfo, Tag } from '../../shared/entities.ts';
import { confirm, registerCommand } from '../commandRunner.ts';
import type { StoreSession } from '../storeSession.ts';
import { isRunNode, isTagNode, type RunNode, type RunValueNode } from '../treeNodes.ts';
import { itemCommandArgs, optionsArg, stringArg, type ItemCommandArgs } from '../commandArgs.ts';
import { UserError } from '../userError.ts';
import { openNoteEditor, registerNoteDocuments } from './noteDocuments.ts';
import {
  closeRunProblem, NOTE_TAG, RUN_NAME_TAG, runNameProblem, tagKeyProblem, tagValueProblem, type ClosingStatus,
} from '../../store/runValidation.ts';
import { mlflowUiRunUrl, runsLabel } from './runCommandText.ts';

interface RunCommandOptions {
  /** Skip the confirmation dialog (tests, keybindings). */
  confirmed?: boolean;
}

function requireRunNode(node: unknown): RunNode {
  if (isRunNode(node)) return node;
  throw new UserError('Choose a run in the Experiments view first.');
}

/** Explicit values are checked like typed ones: a refused value is a UserError naming the rule. */
function check(problem: string | undefined): void {
  if (problem) throw new UserError(problem);
}

async function renameRun(session: StoreSession, node: RunNode | undefined, newName?: string): Promise<RunInfo | undefined> {
  const { info } = requireRunNode(node).run;
  const name = newName ?? (await vscode.window.showInputBox({
    title: `Rename Run ${info.runName}`,
    prompt: 'The new run name (also stored in the mlflow.runName tag)',
    value: info.runName,
    valueSelection: [0, info.runName.length],
    validateInput: runNameProblem,
  }));
  if (name === undefined) return undefined;
  check(runNameProblem(name));
  const store = await session.requireWritable();
  // MLflow writes the name to runs.name and to the mlflow.runName tag together; the store does both.
  const updated = await store.tracking.updateRun(info.runId, { runName: name });
  session.dataChanged();
  return updated;
}

async function setRunTag(session: StoreSession, node: RunNode | undefined, key?: string, value?: string): Promise<Tag | undefined> {
  const { run } = requireRunNode(node);
  const tagKey = key ?? (await vscode.window.showInputBox({
    title: `Set Tag on ${run.info.runName}`,
    prompt: 'Tag key: letters, digits, _ - . / : and spaces',
    placeHolder: 'e.g. team or review/status',
    validateInput: tagKeyProblem,
  }));
  if (tagKey === undefined) return undefined;
  check(tagKeyProblem(tagKey));
  // Setting mlflow.runName renames the run, so it follows the run-name rule as well.
  const valueProblem = (v: string) => (tagKey === RUN_NAME_TAG ? runNameProblem(v) : undefined) ?? tagValueProblem(v);
  const tagValue = value ?? (await vscode.window.showInputBox({
    title: `Set Tag ${tagKey} on ${run.info.runName}`,
    prompt: 'Tag value',
    value: run.data.tags.find((t) => t.key === tagKey)?.value ?? '',
    validateInput: valueProblem,
  }));
  if (tagValue === undefined) return undefined;
  check(valueProblem(tagValue));
  const store = await session.requireWritable();
  await store.tracking.setTag(run.info.runId, { key: tagKey, value: tagValue });
  session.dataChanged();
  return { key: tagKey, value: tagValue };
}

async function deleteRunTag(session: StoreSession, node: RunValueNode | undefined): Promise<Tag | undefined> {
  if (!node) throw new UserError('Choose a tag of a run in the Experiments view first.');
  const store = await session.requireWritable();
  const { runId } = node.run.info;
  await store.tracking.deleteTag(runId, node.key);
  session.dataChanged();
  // MLflow has no tag history: the only way back is to set the same value again.
  void vscode.window.showInformationMessage(`Deleted tag ${node.key} from run ${node.run.info.runName}.`, 'Undo').then(async (choice) => {
    if (choice !== 'Undo') return;
    await store.tracking.setTag(runId, { key: node.key, value: node.value });
    session.dataChanged();
  });
  return { key: node.key, value: node.value };
}

/** With `text`, stores it as the note; without, opens the note as a markdown document (save stores it). */
async function editNote(session: StoreSession, node: RunNode | undefined, text?: string): Promise<string | vscode.Uri> {
  const { run } = requireRunNode(node);
  if (text === undefined) {
    await session.requireWritable();
    return (await openNoteEditor(run)).uri;
  }
  check(tagValueProblem(text, 'A note'));
  const store = await session.requireWritable();
  await store.tracking.setTag(run.info.runId, { key: NOTE_TAG, value: text });
  session.dataChanged();
  return text;
}

async function changeLifecycle(session: StoreSession, runs: RunNode[], stage: 'deleted' | 'active'): Promise<string[]> {
  const store = await session.requireWritable();
  const ids = runs.map((n) => n.run.info.runId);
  for (const id of ids) {
    if (stage === 'deleted') await store.tracking.deleteRun(id);
    else await store.tracking.restoreRun(id);
  }
  session.dataChanged();
  return ids;
}

async function deleteRuns(session: StoreSession, runs: RunNode[], options: RunCommandOptions): Promise<string[] | undefined> {
  const active = runs.filter((n) => n.run.info.lifecycleStage === 'active');
  if (active.length === 0) throw new UserError(runs.length ? 'The chosen runs are already deleted.' : 'Choose a run in the Experiments view first.');
  const label = runsLabel(active);
  if (!options.confirmed) {
    const ok = await confirm(`Delete ${label}?`, 'Delete', 'Deleted runs keep their data and can be restored: Show Deleted Runs in the Experiments view, then Restore Run.');
    if (!ok) return undefined;
  }
  const ids = await changeLifecycle(session, active, 'deleted');
  void vscode.window.showInformationMessage(`Deleted ${label}.`, 'Undo').then(async (choice) => {
    if (choice === 'Undo') await changeLifecycle(session, active, 'active');
  });
  return ids;
}

async function restoreRuns(session: StoreSession, runs: RunNode[]): Promise<string[]> {
  const deleted = runs.filter((n) => n.run.info.lifecycleStage === 'deleted');
  if (deleted.length === 0) throw new UserError(runs.length ? 'The chosen runs are not deleted.' : 'Choose a deleted run in the Experiments view first.');
  return changeLifecycle(session, deleted, 'active');
}

async function copy(text: string, what: string): Promise<string> {
  await vscode.env.clipboard.writeText(text);
  void vscode.window.setStatusBarMessage(`RunLens: copied ${what}`, 3000);
  return text;
}

/** Closes a run whose process died without ending it, as MLflow's set_terminated would. */
async function closeRun(session: StoreSession, node: RunNode | undefined, status: ClosingStatus, options: RunCommandOptions = {}): Promise<RunInfo | undefined> {
  const { runId } = requireRunNode(node).run.info;
  const store = await session.requireWritable();
  // The tree may be stale: decide on the run as the store has it now.
  const { info } = await store.tracking.getRun(runId);
  check(closeRunProblem(info.runName, info.status, status));
  if (!options.confirmed) {
    const detail = 'Do this for a run whose process is gone but which still shows RUNNING. The end time becomes now.';
    if (!(await confirm(`Mark run '${info.runName}' as ${status}?`, `Mark ${status === 'KILLED' ? 'Killed' : 'Failed'}`, detail))) return undefined;
  }
  const updated = await store.tracking.updateRun(runId, { status, endTime: Date.now() });
  session.dataChanged();
  return updated;
}

async function openInMlflowUi(session: StoreSession, node: RunNode | undefined): Promise<string> {
  const { info } = requireRunNode(node).run;
  const store = await session.requireStore();
  if (store.kind !== 'remote') {
    throw new UserError(
      'Open in MLflow UI needs a tracking server, and RunLens is reading a local store. Run "RunLens: Start Tracking Server" to serve it, or connect to a server.',
      ['Connect to Tracking Server'],
    );
  }
  const url = mlflowUiRunUrl(store.location, info.experimentId, info.runId);
  // A string, not a vscode.Uri: Uri.toString() would percent-encode the '/' of the '#/…' route.
  await vscode.env.openExternal(url as unknown as vscode.Uri);
  return url;
}

/**
 * `selection`: the Experiments view's selection, what a keybinding or the palette acts on.
 * Each handler gets its node and explicit values from itemCommandArgs, whatever the menu passed.
 */
export function registerRunCommands(context: vscode.ExtensionContext, session: StoreSession, selection: () => readonly unknown[]): void {
  const log = session.log;
  const onRun = (id: string, handler: (args: ItemCommandArgs<RunNode>) => unknown) =>
    registerCommand(log, id, (...raw: unknown[]) => handler(itemCommandArgs(raw, isRunNode, selection())));
  context.subscriptions.push(
    registerNoteDocuments(session),
    onRun('runlens.run.rename', ({ node, values }) => renameRun(session, node, stringArg(values[0]))),
    onRun('runlens.run.setTag', ({ node, values }) => setRunTag(session, node, stringArg(values[0]), stringArg(values[1]))),
    registerCommand(log, 'runlens.run.deleteTag', (...raw: unknown[]) => deleteRunTag(session, itemCommandArgs(raw, isTagNode, selection()).node)),
    onRun('runlens.run.editNote', ({ node, values }) => editNote(session, node, stringArg(values[0]))),
    onRun('runlens.run.delete', ({ targets, values }) => deleteRuns(session, targets, optionsArg<RunCommandOptions>(values[0]))),
    onRun('runlens.run.restore', ({ targets }) => restoreRuns(session, targets)),
    onRun('runlens.run.copyId', ({ node }) => copy(requireRunNode(node).run.info.runId, 'the run ID')),
    onRun('runlens.run.copyArtifactUri', ({ node }) => copy(requireRunNode(node).run.info.artifactUri, 'the artifact URI')),
    onRun('runlens.run.markKilled', ({ node, values }) => closeRun(session, node, 'KILLED', optionsArg<RunCommandOptions>(values[0]))),
    onRun('runlens.run.markFailed', ({ node, values }) => closeRun(session, node, 'FAILED', optionsArg<RunCommandOptions>(values[0]))),
    onRun('runlens.run.openInMlflowUi', ({ node }) => openInMlflowUi(session, node)),
  );
}
