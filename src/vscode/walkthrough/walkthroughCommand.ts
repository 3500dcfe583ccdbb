// RunLens: Get Started opens the walkthrough package.json contributes on VS Code's Getting Started
// page. Its id there is "<publisher>.<name>#<walkthrough id>"; the extension's own id is read at
// run time, so a renamed publisher cannot leave the command pointing at nothing.
import * as vscode from 'vscode';
import { registerCommand } from '../commandRunner.ts';

/** `contributes.walkthroughs[0].id` in package.json. */
export const WALKTHROUGH_ID = 'runlens.gettingStarted';

export function registerWalkthroughCommand(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  context.subscriptions.push(
    registerCommand(log, 'runlens.openWalkthrough', () => vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#${WALKTHROUGH_ID}`, false)),
  );
}
