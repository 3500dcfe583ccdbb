// Commands around launches: Run with Tracking, Stop Run, Re-run with Parameters…, the `runlens`
// task type, and a status-bar count of running launches.
import * as vscode from 'vscode';
import { registerCommand } from '../commandRunner.ts';
import type { StoreSession } from '../storeSession.ts';
import type { RunNode } from '../treeNodes.ts';
import { UserError } from '../userError.ts';
import { COMMAND_TAG, rerunCommand } from './launchCommand.ts';
import { Launcher, type Launch, type LaunchOptions, type TrackingEndpoint } from './launcher.ts';

interface RunLensTaskDefinition extends vscode.TaskDefinition {
  type: 'runlens';
  command: string;
  experiment?: string;
  runName?: string;
}

function runIdOf(target: RunNode | string | undefined): string | undefined {
  return typeof target === 'string' ? target : target?.run.info.runId;
}

export function registerLaunchCommands(context: vscode.ExtensionContext, session: StoreSession, endpoint?: TrackingEndpoint): Launcher {
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
    registerCommand(session.log, 'runlens.run.stop', async (target?: RunNode | string) => {
      const runId = runIdOf(target);
      const launch = runId ? launcher.launchFor(runId) : launcher.runningLaunches[0];
      if (!launch) throw new UserError('That run was not launched from this window, so RunLens cannot stop its process. Use "Mark as Killed" to record it as stopped.');
      await launch.stop();
      return launch.ended;
    }),
    registerCommand(session.log, 'runlens.run.rerun', async (node: RunNode, command?: string) => {
      const store = await session.requireWritable();
      const run = await store.tracking.getRun(node.run.info.runId);
      const recorded = run.data.tags.find((t) => t.key === COMMAND_TAG)?.value;
      if (!recorded) throw new UserError(`Run ${run.info.runName} has no recorded command (tag ${COMMAND_TAG}): only runs launched by RunLens can be re-run.`);
      const proposed = rerunCommand(recorded, Object.fromEntries(run.data.params.map((p) => [p.key, p.value])));
      const edited = command ?? (await vscode.window.showInputBox({ title: 'Re-run with Parameters', prompt: 'Edit the command, then press Enter', value: proposed, validateInput: (v) => (v.trim() ? undefined : 'Enter a command') }));
      if (!edited) return undefined;
      const experiment = await store.tracking.getExperiment(run.info.experimentId);
      return launcher.launch(undefined, { command: edited, experimentName: experiment.name, runName: '' });
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
