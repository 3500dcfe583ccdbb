// Commands around launches: Run with Tracking, Stop Run, Re-run with Parameters…, the `runlens`
// task type, and a status-bar count of running launches.
import * as vscode from 'vscode';
import { registerCommand } from '../commandRunner.ts';
import type { StoreSession } from '../storeSession.ts';
import { isRunNode, type RunNode } from '../treeNodes.ts';
import { itemCommandArgs, stringArg } from '../commandArgs.ts';
import { UserError } from '../userError.ts';
import path from 'node:path';
import type { Run } from '../../shared/entities.ts';
import type { OpenedStore } from '../../store/openStore.ts';
import { COMMAND_TAG, DIRTY_TAG, GIT_COMMIT_TAG } from '../../shared/launchTags.ts';
import { DIFF_ARTIFACT, rerunCommand } from './launchCommand.ts';
import { changedBetween, changedSinceSnapshot, repositoryRoot, snapshotOf, type CodeSnapshot } from './codeSnapshot.ts';
import { Launcher, type Launch, type LaunchOptions, type TrackingEndpoint } from './launcher.ts';

interface RunLensTaskDefinition extends vscode.TaskDefinition {
  type: 'runlens';
  command: string;
  experiment?: string;
  runName?: string;
}

/** The code a run ran, rebuilt from its commit tag and its recorded uncommitted diff. */
async function runSnapshot(store: OpenedStore, run: Run): Promise<{ repo: string; snapshot: CodeSnapshot }> {
  const tag = (key: string) => run.data.tags.find((t) => t.key === key)?.value;
  const commit = tag(GIT_COMMIT_TAG);
  if (!commit) throw new UserError(`Run ${run.info.runName} has no git commit tag (mlflow.source.git.commit), so its code cannot be shown.`);
  const source = tag('mlflow.source.name');
  const candidates = [...(source ? [path.dirname(source)] : []), ...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath)];
  let repo: string | undefined;
  for (const candidate of candidates) if ((repo = await repositoryRoot(candidate))) break;
  if (!repo) throw new UserError(`The git repository of run ${run.info.runName} is not open in this window.`);
  const patch = tag(DIRTY_TAG) === 'true' ? (await store.artifacts(run.info.artifactUri).read(DIFF_ARTIFACT)).toString('utf8') : undefined;
  return { repo, snapshot: await snapshotOf(repo, commit, patch) };
}

function requireRunNode(node: RunNode | undefined): RunNode {
  if (!node) throw new UserError('Choose a run in the Experiments view first.');
  return node;
}

/** `selection`: the Experiments view's selection, what the palette and keybindings act on. */
export function registerLaunchCommands(context: vscode.ExtensionContext, session: StoreSession, selection: () => readonly unknown[], endpoint?: TrackingEndpoint): Launcher {
  const launcher = new Launcher(session, context.secrets, endpoint);
  const status = vscode.window.createStatusBarItem('runlens.launches', vscode.StatusBarAlignment.Left, 90);
  status.name = 'RunLens Running Runs';
  const showStatus = () => {
    const count = launcher.runningLaunches.length;
    status.text = `$(sync~spin) ${count} run${count === 1 ? '' : 's'}`;
    status.tooltip = `RunLens: ${count} launched run${count === 1 ? '' : 's'} running`;
    status.command = 'workbench.action.terminal.focus';
    if (count > 0) status.show();
    else status.hide();
  };

  context.subscriptions.push(
    launcher,
    status,
    launcher.onDidChange(showStatus),
    registerCommand(session.log, 'runlens.launch', (resource?: vscode.Uri, options?: LaunchOptions): Promise<Launch | undefined> => launcher.launch(resource instanceof vscode.Uri ? resource : undefined, options)),
    // A run id (tests, the status bar), a run row, the selected run, else the one running launch.
    registerCommand(session.log, 'runlens.run.stop', async (...raw: unknown[]) => {
      const runId = stringArg(raw[0]) ?? itemCommandArgs(raw, isRunNode).node?.run.info.runId;
      const selected = selection().filter(isRunNode).map((n) => launcher.launchFor(n.run.info.runId)).find((l) => l !== undefined);
      const launch = runId ? launcher.launchFor(runId) : (selected ?? launcher.runningLaunches[0]);
      if (!launch) {
        // Not a failure: the run may be logged by any process. Say what Stop can do, and offer the alternative.
        const choice = await vscode.window.showWarningMessage('No run launched from this window matches, so RunLens has no process to stop. A run whose process is gone can be marked as killed instead.', 'Mark as Killed');
        if (choice) await vscode.commands.executeCommand('runlens.run.markKilled', ...raw);
        return undefined;
      }
      await launch.stop();
      return launch.ended;
    }),
    registerCommand(session.log, 'runlens.run.rerun', async (...raw: unknown[]) => {
      const { node, values } = itemCommandArgs(raw, isRunNode, selection());
      const command = stringArg(values[0]);
      const { runId } = requireRunNode(node).run.info;
      const store = await session.requireWritable();
      const run = await store.tracking.getRun(runId);
      const recorded = run.data.tags.find((t) => t.key === COMMAND_TAG)?.value;
      if (!recorded) throw new UserError(`Run ${run.info.runName} has no recorded command (tag ${COMMAND_TAG}): only runs launched by RunLens can be re-run.`);
      const proposed = rerunCommand(recorded, Object.fromEntries(run.data.params.map((p) => [p.key, p.value])));
      const edited = command ?? (await vscode.window.showInputBox({ title: 'Re-run with Parameters', prompt: 'Edit the command, then press Enter', value: proposed, validateInput: (v) => (v.trim() ? undefined : 'Enter a command') }));
      if (!edited) return undefined;
      const experiment = await store.tracking.getExperiment(run.info.experimentId);
      return launcher.launch(undefined, { command: edited, experimentName: experiment.name, runName: '' });
    }),
    registerCommand(session.log, 'runlens.run.showCodeDiff', async (...raw: unknown[]) => {
      const { node, targets } = itemCommandArgs(raw, isRunNode, selection());
      requireRunNode(node);
      const store = await session.requireStore();
      const nodes = targets.slice(0, 2);
      const runs = await Promise.all(nodes.map((n) => store.tracking.getRun(n.run.info.runId)));
      const snapshots = await Promise.all(runs.map((run) => runSnapshot(store, run)));
      snapshots.forEach(({ snapshot }) => context.subscriptions.push({ dispose: () => void snapshot.dispose() }));
      const [first, second] = snapshots;
      const files = second ? await changedBetween(first.repo, first.snapshot, second.snapshot) : await changedSinceSnapshot(first.repo, first.snapshot);
      const rightRoot = second ? second.snapshot.folder : first.repo;
      const title = second ? `Code: ${runs[0].info.runName} ↔ ${runs[1].info.runName}` : `Code: ${runs[0].info.runName} ↔ working tree`;
      if (files.length === 0) {
        void vscode.window.showInformationMessage(second ? 'The two runs ran the same code.' : `The working tree matches the code of run ${runs[0].info.runName}.`);
        return { title, files };
      }
      const resources = files.map((file) => [vscode.Uri.file(path.join(rightRoot, file)), vscode.Uri.file(path.join(first.snapshot.folder, file)), vscode.Uri.file(path.join(rightRoot, file))]);
      await vscode.commands.executeCommand('vscode.changes', title, resources);
      return { title, files };
    }),
    vscode.tasks.registerTaskProvider('runlens', {
      provideTasks: () => [],
      resolveTask(task) {
        const definition = task.definition as RunLensTaskDefinition;
        if (!definition.command) return undefined;
        // The launch opens its own terminal; the task's execution just waits for the run to end.
        const execution = new vscode.CustomExecution(async () => taskTerminal(launcher, definition));
        return new vscode.Task(definition, task.scope ?? vscode.TaskScope.Workspace, task.name, 'runlens', execution);
      },
    }),
  );
  return launcher;
}

/** A task's own terminal: starts the launch and closes with the run's end (exit 0 only for FINISHED). */
function taskTerminal(launcher: Launcher, definition: RunLensTaskDefinition): vscode.Pseudoterminal {
  const write = new vscode.EventEmitter<string>();
  const close = new vscode.EventEmitter<number>();
  return {
    onDidWrite: write.event,
    onDidClose: close.event,
    open: () => {
      void launcher.launch(undefined, { command: definition.command, experimentName: definition.experiment ?? 'Default', runName: definition.runName ?? '' }).then(
        async (launch) => {
          if (!launch) return close.fire(1);
          write.fire(`Launched run ${launch.runId}; its output is in the RunLens terminal.\r\n`);
          const status = await launch.ended;
          write.fire(`Run ${launch.runId} ended ${status}.\r\n`);
          close.fire(status === 'FINISHED' ? 0 : 1);
        },
        (error: unknown) => {
          write.fire(`${(error as Error).message}\r\n`);
          close.fire(1);
        },
      );
    },
    close: () => undefined,
  };
}
