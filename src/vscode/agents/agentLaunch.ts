// runlens_launchRun inside VS Code: the script runs through the Launcher (Run with Tracking) with
// every choice given, so nothing prompts; the interpreter is the one launches use, and one without
// mlflow is refused with the same explanation the command shows.
import path from 'node:path';
import * as vscode from 'vscode';
import type { LaunchRequest } from '../../tools/agentTool.ts';
import { mlflowMissingPrompt, pythonFileCommand, shellQuote } from '../launch/launchCommand.ts';
import type { Launcher } from '../launch/launcher.ts';
import { hasMlflow, pythonChoice } from '../launch/pythonInterpreter.ts';

/** `python script.py --key value …`, quoted for the shell the launch runs in. */
export function agentLaunchCommand(python: string, request: LaunchRequest): string {
  return [pythonFileCommand(python, request.script), ...request.params.map(([key, value]) => `--${key} ${shellQuote(value)}`)].join(' ');
}

export function agentLauncher(launcher: Launcher, workspaceRoot: string): (request: LaunchRequest) => Promise<{ runId: string; command: string }> {
  return async (request) => {
    const file = vscode.Uri.file(path.join(workspaceRoot, request.script));
    const { python, source } = await pythonChoice(file);
    if (!(await hasMlflow(python))) throw new Error(mlflowMissingPrompt(python, source, false).message);
    const command = agentLaunchCommand(python, request);
    const launch = await launcher.launch(file, { command, cwd: workspaceRoot, experimentName: request.experimentName, runName: request.runName ?? '' });
    if (!launch) throw new Error('The launch was cancelled.');
    return { runId: launch.runId, command: launch.command };
  };
}
